"""Why a signature does not match: :func:`explain` and its :class:`Explanation`, over the core's
``explain`` (the C ABI's ``sharpapi_explain``). Nothing is tried or decided here; the causes and
their sentences are the core's, through the generated :class:`Cause`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Tuple

from . import _cabi
from ._verifier import Headers, HeaderText, RawBody, Secrets, _encoded_secrets, _header_texts, _raw_body, _signature
from ._vocabulary import Cause

__all__ = ["Cause", "Explanation", "explain", "signature_among"]


@dataclass(frozen=True)
class Explanation:
    """What :func:`explain` found: the causes that, undone together, make the signature match,
    or one of ``SIGNATURE_MATCHES``, ``MISSING_SIGNATURE``, ``MALFORMED_SIGNATURE`` and
    ``UNEXPLAINED`` alone. For the endpoint's owner (a log), never for the sender."""

    causes: Tuple[Cause, ...]
    """The causes, in the order of their numbers; never empty."""

    @property
    def is_valid(self) -> bool:
        """``True`` when the signature matches the body as received: nothing to explain."""
        return self.causes == (Cause.SIGNATURE_MATCHES,)

    @property
    def summary(self) -> str:
        """Each cause's description, joined with ``"; "``: one line for a log."""
        return "; ".join(cause.description for cause in self.causes)

    def __str__(self) -> str:
        return self.summary


def explain(raw_body: RawBody, signature: Optional[HeaderText], secrets: Optional[Secrets]) -> Explanation:
    """Explains why ``signature`` (the ``X-Signature`` header, ``None`` when absent) does or does
    not sign ``raw_body`` with any of ``secrets``: the core tries the usual changes between what
    SharpAPI signed and what was verified (JSON parsed and written again with other spacing, key
    order or escapes, CRLF and LF swapped, a trailing newline or a byte order mark, a
    ``sha256=`` prefix, whitespace around a pasted secret) and names those that make the
    signature match.

    A debugging aid for the endpoint's owner: it costs a few dozen HMACs, so call it after a
    failure, never for every request, and write what it finds to your logs, never into the HTTP
    answer. It takes the secrets' text because a :class:`Verifier` does not keep it; a secret
    that is empty or not valid Unicode is skipped rather than refused."""
    return Explanation(
        tuple(_cabi.explain(_raw_body(raw_body), _signature(signature), _encoded_secrets(secrets)))
    )


def signature_among(headers: Headers) -> Optional[bytes]:
    """The ``X-Signature`` value among the request's headers, by the core's rule, as
    :meth:`Verifier.construct_event_from_headers` finds it: ``None`` when there is none;
    :class:`MalformedSignature` when two of them differ."""
    return _cabi.signature_from_headers(_header_texts(headers))
