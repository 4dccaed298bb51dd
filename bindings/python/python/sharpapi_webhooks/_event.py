"""The typed event, and the enums of its status and type that keep values they do not know."""

from __future__ import annotations

import enum
import json
from typing import Any, Optional, Protocol

__all__ = ["JobStatus", "JobType", "WebhookEvent"]


class _WireEnum(str, enum.Enum):
    """A string enum whose unknown values are kept, as members that are not ``is_known``.

    SharpAPI adds job types over time; refusing a delivery because of a new one would lose it.
    """

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "OTHER"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """``False`` for a value this version does not know."""
        return self._name_ != "OTHER"

    def __str__(self) -> str:
        return str(self.value)


class JobStatus(_WireEnum):
    """Where the job stands (``"status"``): ``success`` or ``failed`` once it finished."""

    NEW = "new"
    PENDING = "pending"
    SUCCESS = "success"
    FAILED = "failed"


class JobType(_WireEnum):
    """Which SharpAPI endpoint ran the job (``"type"``); in the order the C ABI numbers them."""

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


_NOT_READ = object()


class ResultSource(Protocol):
    """Where a result's text comes from when it is first asked for."""

    def text(self) -> str: ...


class WebhookEvent:
    """A finished job, as SharpAPI reported it in a verified delivery."""

    __slots__ = ("id", "status", "type", "_result_json", "_result_source", "_result")

    id: str
    """The job's id (a UUID), as sent. Retries repeat it: handle each id once."""
    status: JobStatus
    type: JobType

    def __init__(self, id: str, status: JobStatus, type: JobType, result_json: Optional[str]) -> None:
        self.id = id
        self.status = status
        self.type = type
        self._result_json: Any = result_json
        self._result_source: Optional[ResultSource] = None
        self._result: Any = _NOT_READ

    @classmethod
    def _with_result_from(
        cls, id: str, status: JobStatus, type: JobType, source: Optional[ResultSource]
    ) -> "WebhookEvent":
        """An event whose result text is read from ``source`` only when first asked for."""
        event = cls(id, status, type, None)
        if source is not None:
            event._result_json = _NOT_READ
            event._result_source = source
        return event

    @property
    def result_json(self) -> Optional[str]:
        """The exact JSON text of ``"result"``, or ``None`` when the delivery has none."""
        if self._result_json is _NOT_READ:
            source = self._result_source
            if source is not None:
                self._result_json = source.text()
                self._result_source = None  # releases the native event
        result_json: Optional[str] = self._result_json
        return result_json

    @property
    def result(self) -> Any:
        """``result_json`` parsed by :func:`json.loads` on first use, or ``None``."""
        if self._result is _NOT_READ:
            result_json = self.result_json
            self._result = None if result_json is None else json.loads(result_json)
        return self._result

    @property
    def is_success(self) -> bool:
        """``True`` when the job succeeded."""
        return self.status is JobStatus.SUCCESS

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, WebhookEvent):
            return NotImplemented
        return (self.id, self.status, self.type, self.result_json) == (
            other.id,
            other.status,
            other.type,
            other.result_json,
        )

    def __hash__(self) -> int:
        return hash((self.id, self.status, self.type, self.result_json))

    def __repr__(self) -> str:
        return (
            f"WebhookEvent(id={self.id!r}, status={self.status.value!r}, "
            f"type={self.type.value!r}, result_json={self.result_json!r})"
        )
