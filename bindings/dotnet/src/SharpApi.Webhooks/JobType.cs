namespace SharpApi.Webhooks
{
    /// <summary>
    /// Which SharpAPI endpoint ran the job (the JSON member <c>"type"</c>); the numbers are the C
    /// ABI's <c>SHARPAPI_JOB_TYPE_*</c>.
    /// </summary>
    public enum JobType
    {
        /// <summary>A type this version does not know; <see cref="WebhookEvent.TypeText"/> holds it.</summary>
        Other = 0,

        /// <summary><c>"ecommerce_review_sentiment"</c>.</summary>
        EcommerceReviewSentiment = 1,

        /// <summary><c>"ecommerce_product_categories"</c>.</summary>
        EcommerceProductCategories = 2,

        /// <summary><c>"ecommerce_product_intro"</c>.</summary>
        EcommerceProductIntro = 3,

        /// <summary><c>"ecommerce_thank_you_email"</c>.</summary>
        EcommerceThankYouEmail = 4,

        /// <summary><c>"ecommerce_product_description"</c>.</summary>
        EcommerceProductDescription = 5,

        /// <summary><c>"hr_parse_resume"</c>.</summary>
        HrParseResume = 6,

        /// <summary><c>"hr_job_description"</c>.</summary>
        HrJobDescription = 7,

        /// <summary><c>"hr_related_skills"</c>.</summary>
        HrRelatedSkills = 8,

        /// <summary><c>"hr_related_job_positions"</c>.</summary>
        HrRelatedJobPositions = 9,

        /// <summary><c>"hr_resume_job_match_score"</c>.</summary>
        HrResumeJobMatchScore = 10,

        /// <summary><c>"tth_review_sentiment"</c>.</summary>
        TthReviewSentiment = 11,

        /// <summary><c>"tth_ta_product_categories"</c>.</summary>
        TthTaProductCategories = 12,

        /// <summary><c>"tth_hospitality_product_categories"</c>.</summary>
        TthHospitalityProductCategories = 13,

        /// <summary><c>"content_detect_phones"</c>.</summary>
        ContentDetectPhones = 14,

        /// <summary><c>"content_detect_emails"</c>.</summary>
        ContentDetectEmails = 15,

        /// <summary><c>"content_detect_spam"</c>.</summary>
        ContentDetectSpam = 16,

        /// <summary><c>"content_detect_address"</c>.</summary>
        ContentDetectAddress = 17,

        /// <summary><c>"content_detect_profanities"</c>.</summary>
        ContentDetectProfanities = 18,

        /// <summary><c>"content_detect_urls"</c>.</summary>
        ContentDetectUrls = 19,

        /// <summary><c>"content_detect_ai"</c>.</summary>
        ContentDetectAi = 20,

        /// <summary><c>"content_summarize"</c>.</summary>
        ContentSummarize = 21,

        /// <summary><c>"content_keywords"</c>.</summary>
        ContentKeywords = 22,

        /// <summary><c>"content_translate"</c>.</summary>
        ContentTranslate = 23,

        /// <summary><c>"content_paraphrase"</c>.</summary>
        ContentParaphrase = 24,

        /// <summary><c>"content_proofread"</c>.</summary>
        ContentProofread = 25,

        /// <summary><c>"seo_generate_tags"</c>.</summary>
        SeoGenerateTags = 26,
    }
}
