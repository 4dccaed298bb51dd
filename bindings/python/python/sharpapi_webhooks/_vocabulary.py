# generated from bindings/vocabulary.json by bindings/python/generate_vocabulary.py; do not edit.
"""The vocabulary of sharpapi-webhooks: version, error codes, job statuses and types, explain's causes."""

from __future__ import annotations

import enum
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

CONTENT_TYPE = "application/json"
"""The Content-Type SharpAPI sends its webhooks with."""

TEST_DELIVERY_STATUS = "success"
"""A test delivery's status unless told otherwise: a finished job's."""

TEST_DELIVERY_TYPE = "content_translate"
"""A test delivery's type unless told otherwise."""


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


class Cause(str, enum.Enum):
    """What :func:`explain` finds: one change between a delivery as SharpAPI signed it and as it was
    verified. A member's value is its name in data, the same in every language
    (``"json_whitespace"``); ``code`` is the C ABI's ``SHARPAPI_CAUSE_*`` number; ``description``
    says what happened and what to do, for the endpoint's owner."""

    SIGNATURE_MATCHES = "signature_matches"
    """the signature matches the body as received"""

    MISSING_SIGNATURE = "missing_signature"
    """the request has no X-Signature header: pass the request's headers as received"""

    MALFORMED_SIGNATURE = "malformed_signature"
    """the X-Signature value is not 64 hex digits: pass the header's value as received"""

    SIGNATURE_PREFIX = "signature_prefix"
    """the signature has a prefix such as "sha256=": SharpAPI sends the bare hex digest; pass the
    header's value as received"""

    SECRET_WHITESPACE = "secret_whitespace"
    """a configured secret has whitespace around it: copy the secret again without spaces or
    newlines"""

    JSON_WHITESPACE = "json_whitespace"
    """the body was re-serialized with other whitespace (pretty-printed or compacted): verify the
    raw request bytes, before any JSON parsing"""

    JSON_KEY_ORDER = "json_key_order"
    """the body's JSON members were reordered (e.g. sorted keys): verify the raw request bytes,
    before any JSON parsing"""

    JSON_ESCAPING = "json_escaping"
    r"""the body's strings were escaped differently (SharpAPI writes \/ and \u00e9 as PHP does; a
    JSON parse and re-serialization changes them): verify the raw request bytes"""

    LINE_ENDINGS = "line_endings"
    """the body's line endings were converted between CRLF and LF: read the body as bytes, not as
    text"""

    TRAILING_NEWLINE = "trailing_newline"
    """a trailing newline was added to or removed from the body: read the body as bytes, exactly as
    received"""

    BYTE_ORDER_MARK = "byte_order_mark"
    """a byte order mark was added to or removed from the body: read the body as bytes, exactly as
    received"""

    UNEXPLAINED = "unexplained"
    """no usual change to the body or the secret explains it: most likely the secret is not the one
    SharpAPI signs with (copy "Secret for Signature" again from the dashboard), or the body was
    altered in another way"""

    @property
    def code(self) -> int:
        """The C ABI's number of this cause (``SHARPAPI_CAUSE_*``); bit ``code - 1`` of a cause set."""
        return _CAUSE_CODES[self]

    @property
    def description(self) -> str:
        """What happened and what to do, in one sentence for the endpoint's owner."""
        return _CAUSE_DESCRIPTIONS[self]

    def __str__(self) -> str:
        return str(self.value)


CAUSE_BY_CODE: Dict[int, Cause] = {
    1: Cause.SIGNATURE_MATCHES,
    2: Cause.MISSING_SIGNATURE,
    3: Cause.MALFORMED_SIGNATURE,
    4: Cause.SIGNATURE_PREFIX,
    5: Cause.SECRET_WHITESPACE,
    6: Cause.JSON_WHITESPACE,
    7: Cause.JSON_KEY_ORDER,
    8: Cause.JSON_ESCAPING,
    9: Cause.LINE_ENDINGS,
    10: Cause.TRAILING_NEWLINE,
    11: Cause.BYTE_ORDER_MARK,
    12: Cause.UNEXPLAINED,
}
_CAUSE_CODES: Dict[Cause, int] = {cause: code for code, cause in CAUSE_BY_CODE.items()}
_CAUSE_DESCRIPTIONS: Dict[Cause, str] = {
    Cause.SIGNATURE_MATCHES: "the signature matches the body as received",
    Cause.MISSING_SIGNATURE: "the request has no X-Signature header: pass the request's headers as received",
    Cause.MALFORMED_SIGNATURE: "the X-Signature value is not 64 hex digits: pass the header's value as received",
    Cause.SIGNATURE_PREFIX: "the signature has a prefix such as \"sha256=\": SharpAPI sends the bare hex digest; pass the header's value as received",
    Cause.SECRET_WHITESPACE: "a configured secret has whitespace around it: copy the secret again without spaces or newlines",
    Cause.JSON_WHITESPACE: "the body was re-serialized with other whitespace (pretty-printed or compacted): verify the raw request bytes, before any JSON parsing",
    Cause.JSON_KEY_ORDER: "the body's JSON members were reordered (e.g. sorted keys): verify the raw request bytes, before any JSON parsing",
    Cause.JSON_ESCAPING: "the body's strings were escaped differently (SharpAPI writes \\/ and \\u00e9 as PHP does; a JSON parse and re-serialization changes them): verify the raw request bytes",
    Cause.LINE_ENDINGS: "the body's line endings were converted between CRLF and LF: read the body as bytes, not as text",
    Cause.TRAILING_NEWLINE: "a trailing newline was added to or removed from the body: read the body as bytes, exactly as received",
    Cause.BYTE_ORDER_MARK: "a byte order mark was added to or removed from the body: read the body as bytes, exactly as received",
    Cause.UNEXPLAINED: "no usual change to the body or the secret explains it: most likely the secret is not the one SharpAPI signs with (copy \"Secret for Signature\" again from the dashboard), or the body was altered in another way",
}
