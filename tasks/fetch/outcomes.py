"""What a fetch comes to, as records: a FetchedPage per URL, a Discovery per watch of the sources.

They live apart from the code that fills them so that the stages downstream (decoding,
extraction, the warehouse) can name a fetched page without importing the HTTP machinery's
internals. The helpers here build a FetchedPage from the last exchange of a redirect chain, or
from a failure that never reached the network.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

import httpx

from tasks.fetch.responses import charset_of, media_type
from tasks.fetch.sources import Candidate
from tasks.fetch.urls import InvalidUrl, split_http_url, try_canonical_url
from tasks.records import Reject

Validators = tuple[str | None, str | None]  # (ETag, Last-Modified) as the server sent them


@dataclass(frozen=True, slots=True)
class FetchedPage:
    """What fetching one URL came to. `error` is None exactly when the fetch succeeded."""

    url: str  # as asked for
    final_url: str  # after redirects
    canonical_url: str  # canonical form of final_url: the dedupe and validator key
    status: int | None  # last HTTP status; None when no response (refused, timed out, robots)
    content_type: str | None  # media type without parameters, lower case
    body: bytes | None  # None on errors and 304s
    etag: str | None
    last_modified: str | None
    bytes: int  # body bytes received (after Content-Encoding)
    elapsed_ms: int  # from the first request sent to the last byte, retries and redirects included
    error: str | None = None
    not_modified: bool = False  # a 304 to our conditional request: nothing new, nothing to extract
    from_source: str | None = None  # SourceConfig.name the URL came from, when known
    charset: str | None = None  # from the Content-Type header, when given
    attempts: int = 0  # requests made for the final hop (1 = no retry)
    redirects: tuple[str, ...] = ()  # hops after the first URL, in order
    http_version: str | None = None  # e.g. "HTTP/1.1", "HTTP/2"

    @property
    def ok(self) -> bool:
        """A body worth extracting: fetched, accepted, and not a 304."""
        return self.error is None and not self.not_modified and self.body is not None


@dataclass(frozen=True, slots=True)
class Discovery:
    """What watching the sources found: candidates to fetch, the source fetches, the problems."""

    candidates: tuple[Candidate, ...]
    fetches: tuple[FetchedPage, ...]  # one per feed/sitemap document fetched (bodies dropped)
    problems: tuple[Reject, ...]  # stage "discover": sources that failed or yielded nothing


@dataclass(slots=True)
class Exchange:
    """One hop's outcome, after retries."""

    status: int | None = None
    headers: httpx.Headers | None = None
    body: bytes | None = None
    error: str | None = None
    attempts: int = 0
    http_version: str | None = None
    retry_after: float | None = None
    retryable: bool = False


@dataclass(slots=True)
class Clock:
    """Time since a fetch's first request was sent, retries and redirects included."""

    first_sent: float | None = None

    def start(self) -> None:
        if self.first_sent is None:
            self.first_sent = time.monotonic()

    def elapsed_ms(self) -> int:
        if self.first_sent is None:
            return 0
        return round((time.monotonic() - self.first_sent) * 1000)


def validators_for(url: str, validators: Mapping[str, Validators]) -> Validators:
    """The (ETag, Last-Modified) stored for `url`, looked up by canonical form first."""
    if not validators:
        return (None, None)
    key = try_canonical_url(url)
    found = validators.get(key) if key else None
    return found or validators.get(url) or (None, None)


def chain_page(
    url: str,
    chain: list[str],
    exchange: Exchange | None,
    source: str | None,
    *,
    clock: Clock | None = None,
    error: str | None = None,
    sent: Validators = (None, None),
) -> FetchedPage:
    """The FetchedPage for a redirect chain, from its last hop's exchange (if any)."""
    final = chain[-1]
    headers = exchange.headers if exchange and exchange.headers is not None else httpx.Headers()
    status = exchange.status if exchange else None
    not_modified = status == 304 and error is None and exchange is not None and not exchange.error
    body = exchange.body if exchange and not error and not exchange.error else None
    return FetchedPage(
        url=url,
        final_url=final,
        canonical_url=try_canonical_url(final) or final,
        status=status,
        content_type=media_type(headers.get("content-type")),
        body=None if not_modified else body,
        etag=headers.get("etag") or (sent[0] if not_modified else None),
        last_modified=headers.get("last-modified") or (sent[1] if not_modified else None),
        bytes=len(body) if body else 0,
        elapsed_ms=clock.elapsed_ms() if clock else 0,
        error=error or (exchange.error if exchange else None),
        not_modified=not_modified,
        from_source=source,
        charset=charset_of(headers.get("content-type")),
        attempts=exchange.attempts if exchange else 0,
        redirects=tuple(chain[1:]),
        http_version=exchange.http_version if exchange else None,
    )


def invalid_page(url: str, source: str | None) -> FetchedPage:
    """The FetchedPage for a URL that cannot be fetched at all, saying why."""
    try:
        split_http_url(url)
        reason = "not a usable URL"
    except InvalidUrl as exc:
        reason = str(exc)
    return failed_page(url, source, reason)


def failed_page(url: str, source: str | None, reason: str) -> FetchedPage:
    """The FetchedPage for a fetch that failed before any response: only the reason is known."""
    return FetchedPage(
        url=url,
        final_url=url,
        canonical_url=try_canonical_url(url) or url,
        status=None,
        content_type=None,
        body=None,
        etag=None,
        last_modified=None,
        bytes=0,
        elapsed_ms=0,
        error=reason,
        from_source=source,
    )
