package com.sharpapi.webhooks

import com.sharpapi.webhooks.ffi.JobStatus as NativeJobStatus
import com.sharpapi.webhooks.ffi.JobType as NativeJobType
import com.sharpapi.webhooks.ffi.WebhookEvent as NativeWebhookEvent

/** A finished job, as SharpAPI reports it. */
data class WebhookEvent(
    /** The job's id, as sent; never empty. SharpAPI retries deliveries: handle each id once. */
    val id: String,
    /** Where the job stands: [JobStatus.Success] or [JobStatus.Failed] once it finished. */
    val status: JobStatus,
    /** Which SharpAPI endpoint ran the job (the JSON member `"type"`). */
    val type: JobType,
    /** The exact JSON text of `"result"`, or null when it is absent or `null`. */
    val resultJson: String?,
)

/**
 * The job's status; [value] is the text exactly as sent. A status this version does not know is
 * kept as [Other], never refused.
 */
sealed class JobStatus(val value: String) {
    object New : JobStatus("new")
    object Pending : JobStatus("pending")
    object Success : JobStatus("success")
    object Failed : JobStatus("failed")

    /** A status this version does not know; only the library makes these, so it never holds a known one. */
    class Other internal constructor(value: String) : JobStatus(value) {
        override fun equals(other: Any?): Boolean = other is Other && other.value == value

        override fun hashCode(): Int = value.hashCode()
    }

    override fun toString(): String = value
}

/**
 * The job's type; [value] is the text exactly as sent. A type this version does not know is kept
 * as [Other], never refused.
 */
sealed class JobType(val value: String) {
    object EcommerceReviewSentiment : JobType("ecommerce_review_sentiment")
    object EcommerceProductCategories : JobType("ecommerce_product_categories")
    object EcommerceProductIntro : JobType("ecommerce_product_intro")
    object EcommerceThankYouEmail : JobType("ecommerce_thank_you_email")
    object EcommerceProductDescription : JobType("ecommerce_product_description")
    object HrParseResume : JobType("hr_parse_resume")
    object HrJobDescription : JobType("hr_job_description")
    object HrRelatedSkills : JobType("hr_related_skills")
    object HrRelatedJobPositions : JobType("hr_related_job_positions")
    object HrResumeJobMatchScore : JobType("hr_resume_job_match_score")
    object TthReviewSentiment : JobType("tth_review_sentiment")
    object TthTaProductCategories : JobType("tth_ta_product_categories")
    object TthHospitalityProductCategories : JobType("tth_hospitality_product_categories")
    object ContentDetectPhones : JobType("content_detect_phones")
    object ContentDetectEmails : JobType("content_detect_emails")
    object ContentDetectSpam : JobType("content_detect_spam")
    object ContentDetectAddress : JobType("content_detect_address")
    object ContentDetectProfanities : JobType("content_detect_profanities")
    object ContentDetectUrls : JobType("content_detect_urls")
    object ContentDetectAi : JobType("content_detect_ai")
    object ContentSummarize : JobType("content_summarize")
    object ContentKeywords : JobType("content_keywords")
    object ContentTranslate : JobType("content_translate")
    object ContentParaphrase : JobType("content_paraphrase")
    object ContentProofread : JobType("content_proofread")
    object SeoGenerateTags : JobType("seo_generate_tags")

    /** A type this version does not know; only the library makes these, so it never holds a known one. */
    class Other internal constructor(value: String) : JobType(value) {
        override fun equals(other: Any?): Boolean = other is Other && other.value == value

        override fun hashCode(): Int = value.hashCode()
    }

    override fun toString(): String = value
}

// The native enums name the variants and the core alone knows their text; these exhaustive `when`s
// stop the build when the core gains a variant, and the shared vectors check every text above.

internal fun NativeWebhookEvent.toEvent(): WebhookEvent =
    WebhookEvent(id = id, status = status.toStatus(), type = jobType.toType(), resultJson = result)

private fun NativeJobStatus.toStatus(): JobStatus =
    when (this) {
        NativeJobStatus.New -> JobStatus.New
        NativeJobStatus.Pending -> JobStatus.Pending
        NativeJobStatus.Success -> JobStatus.Success
        NativeJobStatus.Failed -> JobStatus.Failed
        is NativeJobStatus.Other -> JobStatus.Other(v1)
    }

private fun NativeJobType.toType(): JobType =
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
