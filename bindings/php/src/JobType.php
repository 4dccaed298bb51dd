<?php

// Generated from bindings/vocabulary.json by bindings/php/generate_vocabulary.php; do not edit.

declare(strict_types=1);

namespace SharpApi\Webhooks;

/**
 * The job types this version knows, in the order of their codes. An event keeps the type text
 * exactly as sent in WebhookEvent::$type; WebhookEvent::$knownType is its case here, or null
 * for a type that SharpAPI added later.
 */
enum JobType: string
{
    case EcommerceReviewSentiment = 'ecommerce_review_sentiment';
    case EcommerceProductCategories = 'ecommerce_product_categories';
    case EcommerceProductIntro = 'ecommerce_product_intro';
    case EcommerceThankYouEmail = 'ecommerce_thank_you_email';
    case EcommerceProductDescription = 'ecommerce_product_description';
    case HrParseResume = 'hr_parse_resume';
    case HrJobDescription = 'hr_job_description';
    case HrRelatedSkills = 'hr_related_skills';
    case HrRelatedJobPositions = 'hr_related_job_positions';
    case HrResumeJobMatchScore = 'hr_resume_job_match_score';
    case TthReviewSentiment = 'tth_review_sentiment';
    case TthTaProductCategories = 'tth_ta_product_categories';
    case TthHospitalityProductCategories = 'tth_hospitality_product_categories';
    case ContentDetectPhones = 'content_detect_phones';
    case ContentDetectEmails = 'content_detect_emails';
    case ContentDetectSpam = 'content_detect_spam';
    case ContentDetectAddress = 'content_detect_address';
    case ContentDetectProfanities = 'content_detect_profanities';
    case ContentDetectUrls = 'content_detect_urls';
    case ContentDetectAi = 'content_detect_ai';
    case ContentSummarize = 'content_summarize';
    case ContentKeywords = 'content_keywords';
    case ContentTranslate = 'content_translate';
    case ContentParaphrase = 'content_paraphrase';
    case ContentProofread = 'content_proofread';
    case SeoGenerateTags = 'seo_generate_tags';
}
