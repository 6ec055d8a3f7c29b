"""HTTP responses and failures read into words and values: status lines, Retry-After,
media types and charsets, and why a connection or a timeout failed.

Errors are values in this pipeline ("HTTP 404 Not Found", "timed out after 2.0 s reading"), so
the wording lives in one place, apart from the fetching that hits them; none of this does I/O.
"""

from __future__ import annotations

import email.utils
import errno
import http
from collections.abc import Sequence
from datetime import UTC, datetime

import httpx

from config.fetch_settings import FetchSettings


def status_text(status: int) -> str:
    """'HTTP 404 Not Found'."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = ""
    return f"HTTP {status} {phrase}".rstrip()


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def seconds(value: float) -> str:
    """2 -> '2.0', 0.25 -> '0.25': how durations read in error messages."""
    text = f"{value:.2f}".rstrip("0")
    return text + "0" if text.endswith(".") else text


def media_type(content_type: str | None) -> str | None:
    """'text/html' from 'text/HTML; charset=utf-8'."""
    if not content_type:
        return None
    return content_type.split(";", 1)[0].strip().lower() or None


def content_type_accepted(media: str | None, accepted: Sequence[str]) -> bool:
    """Whether a media type is in the accepted list ('type/*' and '*/*' allowed).

    A response without a Content-Type is accepted: extraction judges the bytes instead.
    """
    if media is None:
        return True
    major = media.split("/", 1)[0]
    return any(a in (media, "*/*", f"{major}/*") for a in accepted)


def charset_of(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header, lower case, or None."""
    if not content_type:
        return None
    for parameter in content_type.split(";")[1:]:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'").lower()
    return None


def timeout_reason(exc: httpx.TimeoutException, settings: FetchSettings) -> str:
    """Which of httpx's timeouts fired, with the limit the settings gave it."""
    if isinstance(exc, httpx.ConnectTimeout):
        return f"timed out after {seconds(settings.connect_timeout_seconds)} s connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return f"timed out after {seconds(settings.read_timeout_seconds)} s reading"
    if isinstance(exc, httpx.WriteTimeout):
        return f"timed out after {seconds(settings.read_timeout_seconds)} s sending the request"
    return f"timed out after {seconds(settings.total_timeout_seconds)} s waiting for a connection"


_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused",
    errno.ECONNRESET: "connection reset by the server",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTUNREACH: "host unreachable",
}


def connect_reason(exc: BaseException) -> str:
    """The root cause of a failed connection in words (anyio wraps it in a generic OSError)."""
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        code = getattr(current, "errno", None)
        if code in _ERRNO_REASONS:
            return _ERRNO_REASONS[code]
        pending.extend(getattr(current, "exceptions", ()))
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
    return f"connection failed: {exc or type(exc).__name__}"
