"""Process a batch of fetched pages: the web's counterpart of tasks/batch.py.

Pages go through the same build_article as seed files, so a page and a file with the same report
dedupe against each other. Each page also yields a FetchRecord, the audit row of what was asked,
what came back and what became of it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from tasks.fetch import FetchedPage
from tasks.fetch.urls import try_canonical_url
from tasks.inputs.raw_store import put_raw
from tasks.normalise import bytes_sha256
from tasks.process import build_article
from tasks.records import (
    Article,
    BatchResult,
    FetchOutcome,
    FetchRecord,
    InputKind,
    InputOutcome,
    KnownInput,
    RawInput,
    Reject,
    input_outcome,
)
from tasks.topic import TopicMatcher

_TEXT_TYPES = frozenset({"text/plain"})


def process_pages(
    pages: Iterable[FetchedPage],
    *,
    known: Mapping[str, KnownInput],
    min_words: int,
    topic: TopicMatcher | None = None,
    raw_dir: Path | None = None,
) -> BatchResult:
    """Articles, rejects, fingerprints and fetch records for `pages`.

    `known` is keyed by canonical URL (a page's origin). A 304, or a body whose bytes match the
    stored fingerprint, is unchanged and is not extracted again. Off-topic articles are skipped:
    recorded in their fetch record and fingerprinted, but neither stored nor rejected.
    """
    articles: list[Article] = []
    rejects: list[Reject] = []
    outcomes: list[InputOutcome] = []
    fetches: list[FetchRecord] = []
    raw: list[RawInput] = []
    skipped = 0
    for page in pages:
        origin = page.canonical_url
        previous = known.get(origin)
        if page.not_modified:
            if previous is not None:
                outcomes.append(
                    input_outcome(origin, previous.size, previous.bytes_sha256, "unchanged")
                )
            fetches.append(_record(page, "not_modified"))
            continue
        if not page.ok or page.body is None:
            reason = page.error or "no response body"
            # Named by the URL asked for: a redirect's target may be the very thing refused.
            asked = try_canonical_url(page.url) or page.url
            rejects.append(Reject(origin=asked, stage="fetch", reason=reason))
            fetches.append(_record(page, "failed", reason=reason))
            continue
        fingerprint = bytes_sha256(page.body)
        if previous is not None and previous.bytes_sha256 == fingerprint:
            outcomes.append(input_outcome(origin, page.bytes, fingerprint, "unchanged"))
            fetches.append(_record(page, "unchanged"))
            continue
        kind = _kind(page.content_type)
        if raw_dir is not None:
            put_raw(raw_dir, page.body, fingerprint)
            raw.append(RawInput(origin, fingerprint, kind=kind, url=origin, charset=page.charset))
        result = build_article(
            page.body,
            origin=origin,
            kind=kind,
            min_words=min_words,
            url=origin,
            charset_hint=page.charset,
        )
        if isinstance(result, Reject):
            rejects.append(result)
            outcomes.append(
                input_outcome(origin, page.bytes, fingerprint, "rejected", reason=result.reason)
            )
            fetches.append(_record(page, "rejected", reason=result.reason))
            continue
        verdict = topic.score(result.body, result.title) if topic is not None else None
        if verdict is not None and not verdict.passed:
            skipped += 1
            outcomes.append(
                input_outcome(origin, page.bytes, fingerprint, "skipped", reason=verdict.reason)
            )
            fetches.append(_record(page, "off_topic", result.content_hash, verdict.reason))
            continue
        articles.append(result)
        outcomes.append(
            input_outcome(
                origin, page.bytes, fingerprint, "article", content_hash=result.content_hash
            )
        )
        fetches.append(_record(page, "article", result.content_hash))
    return BatchResult(
        articles=tuple(articles),
        rejects=tuple(rejects),
        outcomes=tuple(outcomes),
        fetches=tuple(fetches),
        skipped=skipped,
        raw=tuple(raw),
    )


def source_records(pages: Iterable[FetchedPage]) -> tuple[FetchRecord, ...]:
    """Fetch records of the feed and sitemap documents discovery read."""
    return tuple(
        _record(page, "source" if page.error is None else "failed", reason=page.error)
        for page in pages
    )


def _kind(content_type: str | None) -> InputKind:
    return "text" if content_type in _TEXT_TYPES else "html"


def _record(
    page: FetchedPage,
    outcome: FetchOutcome,
    content_hash: str | None = None,
    reason: str | None = None,
) -> FetchRecord:
    return FetchRecord(
        url=page.url,
        canonical_url=page.canonical_url,
        final_url=page.final_url,
        source=page.from_source,
        status=page.status,
        etag=page.etag,
        last_modified=page.last_modified,
        content_type=page.content_type,
        bytes=page.bytes,
        elapsed_ms=page.elapsed_ms,
        attempts=page.attempts,
        error=page.error,
        outcome=outcome,
        content_hash=content_hash,
        reason=reason,
    )
