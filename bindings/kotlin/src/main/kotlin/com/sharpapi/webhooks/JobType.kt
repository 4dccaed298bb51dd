// Generated from bindings/vocabulary.json by bindings/kotlin/generate_vocabulary.py; do not edit.

package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.JobType as NativeJobType

/**
 * Which SharpAPI endpoint ran the job (the JSON member `"type"`). [value] is the text exactly as
 * sent; a type this version does not know is kept as [Other], never refused.
 */
sealed class JobType(
    /** The text exactly as the JSON member `"type"` spells it. */
    val value: String,
) {
    /** `ecommerce_review_sentiment` */
    object EcommerceReviewSentiment : JobType(NativeJobType.EcommerceReviewSentiment.wireText())

    /** `ecommerce_product_categories` */
    object EcommerceProductCategories : JobType(NativeJobType.EcommerceProductCategories.wireText())

    /** `ecommerce_product_intro` */
    object EcommerceProductIntro : JobType(NativeJobType.EcommerceProductIntro.wireText())

    /** `ecommerce_thank_you_email` */
    object EcommerceThankYouEmail : JobType(NativeJobType.EcommerceThankYouEmail.wireText())

    /** `ecommerce_product_description` */
    object EcommerceProductDescription : JobType(NativeJobType.EcommerceProductDescription.wireText())

    /** `hr_parse_resume` */
    object HrParseResume : JobType(NativeJobType.HrParseResume.wireText())

    /** `hr_job_description` */
    object HrJobDescription : JobType(NativeJobType.HrJobDescription.wireText())

    /** `hr_related_skills` */
    object HrRelatedSkills : JobType(NativeJobType.HrRelatedSkills.wireText())

    /** `hr_related_job_positions` */
    object HrRelatedJobPositions : JobType(NativeJobType.HrRelatedJobPositions.wireText())

    /** `hr_resume_job_match_score` */
    object HrResumeJobMatchScore : JobType(NativeJobType.HrResumeJobMatchScore.wireText())

    /** `tth_review_sentiment` */
    object TthReviewSentiment : JobType(NativeJobType.TthReviewSentiment.wireText())

    /** `tth_ta_product_categories` */
    object TthTaProductCategories : JobType(NativeJobType.TthTaProductCategories.wireText())

    /** `tth_hospitality_product_categories` */
    object TthHospitalityProductCategories : JobType(NativeJobType.TthHospitalityProductCategories.wireText())

    /** `content_detect_phones` */
    object ContentDetectPhones : JobType(NativeJobType.ContentDetectPhones.wireText())

    /** `content_detect_emails` */
    object ContentDetectEmails : JobType(NativeJobType.ContentDetectEmails.wireText())

    /** `content_detect_spam` */
    object ContentDetectSpam : JobType(NativeJobType.ContentDetectSpam.wireText())

    /** `content_detect_address` */
    object ContentDetectAddress : JobType(NativeJobType.ContentDetectAddress.wireText())

    /** `content_detect_profanities` */
    object ContentDetectProfanities : JobType(NativeJobType.ContentDetectProfanities.wireText())

    /** `content_detect_urls` */
    object ContentDetectUrls : JobType(NativeJobType.ContentDetectUrls.wireText())

    /** `content_detect_ai` */
    object ContentDetectAi : JobType(NativeJobType.ContentDetectAi.wireText())

    /** `content_summarize` */
    object ContentSummarize : JobType(NativeJobType.ContentSummarize.wireText())

    /** `content_keywords` */
    object ContentKeywords : JobType(NativeJobType.ContentKeywords.wireText())

    /** `content_translate` */
    object ContentTranslate : JobType(NativeJobType.ContentTranslate.wireText())

    /** `content_paraphrase` */
    object ContentParaphrase : JobType(NativeJobType.ContentParaphrase.wireText())

    /** `content_proofread` */
    object ContentProofread : JobType(NativeJobType.ContentProofread.wireText())

    /** `seo_generate_tags` */
    object SeoGenerateTags : JobType(NativeJobType.SeoGenerateTags.wireText())

    /**
     * A type this version does not know, with its text in [value]; only the library makes these, so
     * it never holds a known one.
     */
    class Other internal constructor(value: String) : JobType(value) {
        override fun equals(other: Any?): Boolean = other is Other && other.value == value

        override fun hashCode(): Int = value.hashCode()
    }

    override fun toString(): String = value
}

// Exhaustive: the build fails when the library's enum and bindings/vocabulary.json disagree.
internal fun NativeJobType.toType(): JobType =
    when (this) {
        NativeJobType.EcommerceReviewSentiment -> JobType.EcommerceReviewSentiment
        NativeJobType.EcommerceProductCategories -> JobType.EcommerceProductCategories
        NativeJobType.EcommerceProductIntro -> JobType.EcommerceProductIntro
        NativeJobType.EcommerceThankYouEmail -> JobType.EcommerceThankYouEmail
        NativeJobType.EcommerceProductDescription -> JobType.EcommerceProductDescription
        NativeJobType.HrParseResume -> JobType.HrParseResume
        NativeJobType.HrJobDescription -> JobType.HrJobDescription
        NativeJobType.HrRelatedSkills -> JobType.HrRelatedSkills
        NativeJobType.HrRelatedJobPositions -> JobType.HrRelatedJobPositions
        NativeJobType.HrResumeJobMatchScore -> JobType.HrResumeJobMatchScore
        NativeJobType.TthReviewSentiment -> JobType.TthReviewSentiment
        NativeJobType.TthTaProductCategories -> JobType.TthTaProductCategories
        NativeJobType.TthHospitalityProductCategories -> JobType.TthHospitalityProductCategories
        NativeJobType.ContentDetectPhones -> JobType.ContentDetectPhones
        NativeJobType.ContentDetectEmails -> JobType.ContentDetectEmails
        NativeJobType.ContentDetectSpam -> JobType.ContentDetectSpam
        NativeJobType.ContentDetectAddress -> JobType.ContentDetectAddress
        NativeJobType.ContentDetectProfanities -> JobType.ContentDetectProfanities
        NativeJobType.ContentDetectUrls -> JobType.ContentDetectUrls
        NativeJobType.ContentDetectAi -> JobType.ContentDetectAi
        NativeJobType.ContentSummarize -> JobType.ContentSummarize
        NativeJobType.ContentKeywords -> JobType.ContentKeywords
        NativeJobType.ContentTranslate -> JobType.ContentTranslate
        NativeJobType.ContentParaphrase -> JobType.ContentParaphrase
        NativeJobType.ContentProofread -> JobType.ContentProofread
        NativeJobType.SeoGenerateTags -> JobType.SeoGenerateTags
        is NativeJobType.Other -> JobType.Other(v1)
    }
