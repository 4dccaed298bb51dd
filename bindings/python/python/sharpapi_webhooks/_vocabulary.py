# generated from bindings/vocabulary.json by bindings/python/generate_vocabulary.py; do not edit.
"""The vocabulary of sharpapi-webhooks: version, error codes, job statuses and types."""

from __future__ import annotations

from typing import Dict, Type

from ._errors import WebhookError
from ._wire_enum import WireEnum

VERSION = "0.2.0"
"""The version of the native library this package is made for."""

MAX_NESTING_DEPTH = 128
"""The deepest nesting of arrays and objects a delivery may have; the event object is level 1."""

DEFAULT_MAX_BODY_BYTES = 16777216
"""The framework integrations' default body limit: a larger delivery is answered 413 unread."""

USER_AGENT = "SharpAPIWebhook/1.0"
"""The User-Agent SharpAPI sends its webhooks with."""

SIGNATURE_HEADER = "X-Signature"
"""The header that carries SharpAPI's signature (looked up in any ASCII case)."""


class InvalidSecret(WebhookError):
    """Invalid secret: a webhook secret is empty or is no Unicode text, or none was given; copy the
    "Secret for Signature" from the SharpAPI webhooks dashboard (code 1)."""

    code = 1


class MissingSignature(WebhookError):
    """Missing signature: the request has no X-Signature header (or it is empty); SharpAPI signs
    every webhook it sends (code 2)."""

    code = 2


class MalformedSignature(WebhookError):
    """Malformed signature: X-Signature must be one value of exactly 64 hexadecimal digits (a hex
    HMAC-SHA256) (code 3)."""

    code = 3


class InvalidSignature(WebhookError):
    """Invalid signature: X-Signature does not match the body; pass the raw request body bytes
    exactly as received (not JSON parsed and serialized again) and check the webhook secret
    (code 4)."""

    code = 4


class InvalidPayload(WebhookError):
    """Invalid payload: the verified body is not a SharpAPI webhook event (code 5)."""

    code = 5


ERROR_BY_CODE: Dict[int, Type[WebhookError]] = {
    1: InvalidSecret,
    2: MissingSignature,
    3: MalformedSignature,
    4: InvalidSignature,
    5: InvalidPayload,
}
"""The exception of each status of the C ABI that a delivery or a secret can cause."""

ABI_ERROR_NAME_BY_CODE: Dict[int, str] = {
    100: "NullArgument",
    102: "BufferTooSmall",
    103: "InternalError",
    104: "InvalidLength",
}
"""The C ABI's own statuses: never caused by a delivery, so a bug if ever seen."""


class JobStatus(WireEnum):
    """Where the job stands (``"status"``): ``success`` or ``failed`` once it finished."""

    NEW = "new"
    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"


JOB_STATUS_BY_CODE: Dict[int, JobStatus] = {
    1: JobStatus.NEW,
    2: JobStatus.PENDING,
    3: JobStatus.SUCCESS,
    4: JobStatus.FAILED,
}


class JobType(WireEnum):
    """Which SharpAPI endpoint ran the job (``"type"``)."""

    ECOMMERCE_REVIEW_SENTIMENT = "ecommerce_review_sentiment"
    ECOMMERCE_PRODUCT_CATEGORIES = "ecommerce_product_categories"
    ECOMMERCE_PRODUCT_INTRO = "ecommerce_product_intro"
    ECOMMERCE_THANK_YOU_EMAIL = "ecommerce_thank_you_email"
    ECOMMERCE_PRODUCT_DESCRIPTION = "ecommerce_product_description"
    HR_PARSE_RESUME = "hr_parse_resume"
    HR_JOB_DESCRIPTION = "hr_job_description"
    HR_RELATED_SKILLS = "hr_related_skills"
    HR_RELATED_JOB_POSITIONS = "hr_related_job_positions"
    HR_RESUME_JOB_MATCH_SCORE = "hr_resume_job_match_score"
    TTH_REVIEW_SENTIMENT = "tth_review_sentiment"
    TTH_TA_PRODUCT_CATEGORIES = "tth_ta_product_categories"
    TTH_HOSPITALITY_PRODUCT_CATEGORIES = "tth_hospitality_product_categories"
    CONTENT_DETECT_PHONES = "content_detect_phones"
    CONTENT_DETECT_EMAILS = "content_detect_emails"
    CONTENT_DETECT_SPAM = "content_detect_spam"
    CONTENT_DETECT_ADDRESS = "content_detect_address"
    CONTENT_DETECT_PROFANITIES = "content_detect_profanities"
    CONTENT_DETECT_URLS = "content_detect_urls"
    CONTENT_DETECT_AI = "content_detect_ai"
    CONTENT_SUMMARIZE = "content_summarize"
    CONTENT_KEYWORDS = "content_keywords"
    CONTENT_TRANSLATE = "content_translate"
    CONTENT_PARAPHRASE = "content_paraphrase"
    CONTENT_PROOFREAD = "content_proofread"
    SEO_GENERATE_TAGS = "seo_generate_tags"


JOB_TYPE_BY_CODE: Dict[int, JobType] = {
    1: JobType.ECOMMERCE_REVIEW_SENTIMENT,
    2: JobType.ECOMMERCE_PRODUCT_CATEGORIES,
    3: JobType.ECOMMERCE_PRODUCT_INTRO,
    4: JobType.ECOMMERCE_THANK_YOU_EMAIL,
    5: JobType.ECOMMERCE_PRODUCT_DESCRIPTION,
    6: JobType.HR_PARSE_RESUME,
    7: JobType.HR_JOB_DESCRIPTION,
    8: JobType.HR_RELATED_SKILLS,
    9: JobType.HR_RELATED_JOB_POSITIONS,
    10: JobType.HR_RESUME_JOB_MATCH_SCORE,
    11: JobType.TTH_REVIEW_SENTIMENT,
    12: JobType.TTH_TA_PRODUCT_CATEGORIES,
    13: JobType.TTH_HOSPITALITY_PRODUCT_CATEGORIES,
    14: JobType.CONTENT_DETECT_PHONES,
    15: JobType.CONTENT_DETECT_EMAILS,
    16: JobType.CONTENT_DETECT_SPAM,
    17: JobType.CONTENT_DETECT_ADDRESS,
    18: JobType.CONTENT_DETECT_PROFANITIES,
    19: JobType.CONTENT_DETECT_URLS,
    20: JobType.CONTENT_DETECT_AI,
    21: JobType.CONTENT_SUMMARIZE,
    22: JobType.CONTENT_KEYWORDS,
    23: JobType.CONTENT_TRANSLATE,
    24: JobType.CONTENT_PARAPHRASE,
    25: JobType.CONTENT_PROOFREAD,
    26: JobType.SEO_GENERATE_TAGS,
}
