"""Fetched pages become articles, rejects, skips and fetch records, like seed files do."""

from __future__ import annotations

from dataclasses import replace

from config.fetch_settings import TopicSettings
from tasks.fetch import FetchedPage
from tasks.normalise import bytes_sha256
from tasks.pages import process_pages, source_records
from tasks.records import KnownInput
from tasks.topic import TopicMatcher

REPORT = (
    "North Korea has sent thousands of troops to Russia, South Korea's spy agency said on "
    "Thursday, adding that some of them had already been deployed to the front line in the "
    "Kursk region, where Ukrainian forces hold territory."
)
PAGE = (
    "<html><head><title>Troops</title></head>"
    f"<body><article><p>{REPORT}</p></article></body></html>"
)
URL = "https://news.example/world/troops"


def page(body: str | None = PAGE, **changes: object) -> FetchedPage:
    data = body.encode() if body is not None else None
    base = FetchedPage(
        url=URL,
        final_url=URL,
        canonical_url=URL,
        status=200,
        content_type="text/html",
        body=data,
        etag='"v1"',
        last_modified=None,
        bytes=len(data or b""),
        elapsed_ms=12,
        attempts=1,
        charset="utf-8",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_a_fetched_article_page_becomes_an_article_named_by_its_canonical_url() -> None:
    batch = process_pages([page()], known={}, min_words=10)
    (article,) = batch.articles
    assert article.origin == article.url == URL
    assert article.title == "Troops"
    assert article.body == REPORT
    (record,) = batch.fetches
    assert (record.outcome, record.content_hash, record.etag) == (
        "article",
        article.content_hash,
        '"v1"',
    )
    (outcome,) = batch.outcomes
    assert (outcome.origin, outcome.outcome, outcome.mtime_ns) == (URL, "article", 0)


def test_a_304_is_unchanged_and_not_extracted() -> None:
    known = {URL: KnownInput(size=10, mtime_ns=0, bytes_sha256="abc")}
    batch = process_pages([page(None, status=304, not_modified=True)], known=known, min_words=10)
    assert batch.articles == ()
    assert batch.unchanged == 1
    assert [f.outcome for f in batch.fetches] == ["not_modified"]


def test_the_same_bytes_as_last_time_are_unchanged_without_validators() -> None:
    known = {URL: KnownInput(size=len(PAGE), mtime_ns=0, bytes_sha256=bytes_sha256(PAGE.encode()))}
    batch = process_pages([page(etag=None)], known=known, min_words=10)
    assert (batch.articles, batch.unchanged) == ((), 1)
    assert [f.outcome for f in batch.fetches] == ["unchanged"]


def test_a_failed_fetch_is_a_reject_named_by_the_url_asked_for() -> None:
    failed = page(
        None,
        final_url="http://169.254.169.254/",
        canonical_url="http://169.254.169.254/",
        status=None,
        error="refused: 169.254.169.254 is a link-local address",
    )
    batch = process_pages([failed], known={}, min_words=10)
    (reject,) = batch.rejects
    assert (reject.origin, reject.stage) == (URL, "fetch")
    assert "link-local" in reject.reason
    assert batch.outcomes == ()  # nothing fingerprinted: the next run tries again
    assert [f.outcome for f in batch.fetches] == ["failed"]


def test_a_page_without_enough_article_text_is_rejected_and_fingerprinted() -> None:
    batch = process_pages(
        [page("<html><body><p>Hi there.</p></body></html>")], known={}, min_words=10
    )
    (reject,) = batch.rejects
    assert reject.stage in {"extract", "clean"}
    assert [o.outcome for o in batch.outcomes] == ["rejected"]


def test_an_off_topic_page_is_skipped_not_stored_and_not_rejected() -> None:
    topic = TopicMatcher(TopicSettings(terms={"budget": 1.0, "library": 1.0}, min_score=2))
    batch = process_pages([page()], known={}, min_words=10, topic=topic)
    assert (batch.articles, batch.rejects, batch.skipped) == ((), (), 1)
    (record,) = batch.fetches
    assert record.outcome == "off_topic"
    assert record.reason is not None and record.reason.startswith("off-topic")
    assert [o.outcome for o in batch.outcomes] == ["skipped"]


def test_an_on_topic_page_passes_the_same_filter() -> None:
    topic = TopicMatcher(TopicSettings(terms={"North Korea*": 1.0, "troops": 1.0}, min_score=2))
    batch = process_pages([page()], known={}, min_words=10, topic=topic)
    assert len(batch.articles) == 1


def test_source_documents_are_recorded_as_sources_or_failures() -> None:
    ok, broken = page(), page(None, status=500, error="HTTP 500 Internal Server Error")
    assert [r.outcome for r in source_records([ok, broken])] == ["source", "failed"]
