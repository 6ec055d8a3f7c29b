"""Fetching against a real HTTP server on 127.0.0.1: politeness, safety, caps and errors as values.

Every test starts its own server on a free loopback port; no traffic leaves the machine. Timeouts
and backoffs are tiny so the whole file runs in a few seconds.
"""

from __future__ import annotations

import asyncio
import gzip
import itertools
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from config.fetch_settings import FetchSettings, SourceConfig
from tasks.fetch import (
    FetchedPage,
    Fetcher,
    content_type_accepted,
    fetch_all,
    fetch_pages,
    parse_retry_after,
    status_text,
)
from tasks.fetch.urls import BlockedAddress
from testing.http_server import LocalHTTPServer, Reply

ARTICLE = "<html><head><title>{t}</title></head><body><article><p>{t}</p></article></body></html>"


def page_html(title: str) -> str:
    return ARTICLE.format(t=title)


def settings(**overrides: Any) -> FetchSettings:
    """Fast settings that let the local test server through the SSRF guard."""
    base: dict[str, Any] = {
        "user_agent": "newsfacts-test/1.0 (+tests)",
        "allowed_hosts": ("127.0.0.1",),
        "per_host_delay_seconds": 0,
        "connect_timeout_seconds": 1,
        "read_timeout_seconds": 1,
        "total_timeout_seconds": 3,
        "max_retries": 2,
        "backoff_base_seconds": 0.01,
        "backoff_max_seconds": 0.05,
        "max_concurrency": 8,
        "max_concurrency_per_host": 4,
    }
    base.update(overrides)
    return FetchSettings(**base)


def fetch(urls: list[str], **overrides: Any) -> list[FetchedPage]:
    return asyncio.run(fetch_all(urls, settings=settings(**overrides)))


def fetch_one(url: str, **overrides: Any) -> FetchedPage:
    (page,) = fetch([url], **overrides)
    return page


@pytest.fixture
def server() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as running:
        yield running


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection the event loop opens, as (host, port)."""
    seen: list[tuple[str, int]] = []
    original = asyncio.BaseEventLoop.create_connection

    async def spy(
        self: Any, protocol_factory: Any, host: Any = None, port: Any = None, *a: Any, **kw: Any
    ) -> Any:
        seen.append((host, port))
        return await original(self, protocol_factory, host, port, *a, **kw)

    monkeypatch.setattr(asyncio.BaseEventLoop, "create_connection", spy)
    return seen


# --- the happy path -------------------------------------------------------------------------


def test_a_page_is_fetched_with_its_metadata(server: LocalHTTPServer) -> None:
    server.route(
        "/a", Reply.html(page_html("A"), etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT")
    )
    page = fetch_one(server.url("/a"))
    assert page.ok and page.error is None
    assert page.status == 200
    assert page.body == page_html("A").encode()
    assert page.bytes == len(page.body)
    assert page.content_type == "text/html" and page.charset == "utf-8"
    assert page.etag == '"v1"' and page.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert page.final_url == page.url == server.url("/a")
    assert page.canonical_url == server.url("/a")
    assert page.attempts == 1 and page.elapsed_ms >= 0


def test_the_configured_user_agent_is_sent(server: LocalHTTPServer) -> None:
    server.route("/ua", Reply.html("x"))
    fetch_one(server.url("/ua"), user_agent="newsfacts/9 (+mailto:desk@example.org)")
    assert (
        server.requests_for("/ua")[0].headers["user-agent"]
        == "newsfacts/9 (+mailto:desk@example.org)"
    )


# --- discovery ------------------------------------------------------------------------------


def rss(server: LocalHTTPServer, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>Story {i}</title><link>{server.url(p)}</link>"
        f"<pubDate>Sat, 30 Aug 2025 0{i}:00:00 GMT</pubDate></item>"
        for i, p in enumerate(paths)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'
    )


def test_a_feed_with_several_items_is_discovered_and_its_pages_fetched(
    server: LocalHTTPServer,
) -> None:
    paths = ["/news/1", "/news/2?utm_source=rss", "/news/3"]
    server.route("/feed.xml", Reply.xml(rss(server, paths), content_type="application/rss+xml"))
    for i in (1, 2, 3):
        server.route(f"/news/{i}", Reply.html(page_html(f"Story {i}")))
    source = SourceConfig(name="local-feed", kind="feed", url=server.url("/feed.xml"))

    async def run() -> tuple[Any, list[FetchedPage]]:
        async with Fetcher(settings()) as fetcher:
            found = await fetcher.discover([source])
            pages = [p async for p in fetcher.fetch_pages(found.candidates)]
            return found, pages

    found, pages = asyncio.run(run())
    assert [c.canonical_url for c in found.candidates] == [
        server.url(f"/news/{i}") for i in (1, 2, 3)
    ]
    assert found.candidates[0].title == "Story 0"
    assert found.problems == ()
    assert [(f.url, f.status, f.body) for f in found.fetches] == [
        (server.url("/feed.xml"), 200, None)
    ]
    assert sorted(p.canonical_url for p in pages) == [server.url(f"/news/{i}") for i in (1, 2, 3)]
    assert all(p.ok and p.from_source == "local-feed" for p in pages)


def test_a_sitemap_index_is_followed_to_its_news_and_gzipped_sitemaps(
    server: LocalHTTPServer,
) -> None:
    recent = (datetime.now(UTC) - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M:%SZ")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{server.url('/sm-news.xml')}</loc><lastmod>{recent}</lastmod></sitemap>"
        "<sitemap><loc>/sm-pages.xml.gz</loc></sitemap>"
        "<sitemap><loc>/sm-2019.xml</loc><lastmod>2019-01-01</lastmod></sitemap>"
        "</sitemapindex>"
    )
    news = (
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        f"<url><loc>{server.url('/world/nk')}</loc><news:news>"
        f"<news:publication_date>{recent}</news:publication_date>"
        "<news:title>Troops return</news:title></news:news></url>"
        f"<url><loc>{server.url('/sport/x')}</loc></url></urlset>"
    )
    pages = f"<urlset><url><loc>{server.url('/world/older')}</loc></url></urlset>"
    server.route("/sitemap.xml", Reply.xml(index))
    server.route("/sm-news.xml", Reply.xml(news))
    server.route(
        "/sm-pages.xml.gz",
        Reply(body=gzip.compress(pages.encode()), content_type="application/gzip"),
    )
    server.route(
        "/sm-2019.xml",
        Reply.xml(f"<urlset><url><loc>{server.url('/world/2019')}</loc></url></urlset>"),
    )
    source = SourceConfig(
        name="site",
        kind="sitemap",
        url=server.url("/sitemap.xml"),
        include=("/world/",),
        max_age_days=30,
    )

    async def run() -> Any:
        async with Fetcher(settings()) as fetcher:
            return await fetcher.discover([source])

    found = asyncio.run(run())
    assert sorted(c.url for c in found.candidates) == [
        server.url("/world/nk"),
        server.url("/world/older"),
    ]
    assert next(c for c in found.candidates if c.url.endswith("/nk")).title == "Troops return"
    assert server.hits("/sm-2019.xml") == 0  # too old to follow
    assert len(found.fetches) == 3 and found.problems == ()


def test_local_files_and_inline_urls_are_sources_too(
    server: LocalHTTPServer, tmp_path: Path
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_text(rss(server, ["/f/1", "/f/2"]), encoding="utf-8")
    sources = [
        SourceConfig(name="file", kind="feed", path=feed),
        SourceConfig(name="inline", kind="urls", urls=(server.url("/i/1"), server.url("/f/1"))),
        SourceConfig(name="off", kind="urls", urls=(server.url("/never"),), enabled=False),
    ]

    async def run() -> Any:
        async with Fetcher(settings()) as fetcher:
            return await fetcher.discover(sources)

    found = asyncio.run(run())
    assert [(c.url, c.source) for c in found.candidates] == [
        (server.url("/f/1"), "file"),
        (server.url("/f/2"), "file"),
        (server.url("/i/1"), "inline"),
    ]
    assert server.requests == []  # nothing to fetch for discovery


def test_a_failing_source_is_a_problem_not_a_crash(server: LocalHTTPServer, tmp_path: Path) -> None:
    server.route("/good.xml", Reply.xml(rss(server, ["/g/1"])))
    server.route("/html-not-feed", Reply.html("<html><body>nope</body></html>"))
    sources = [
        SourceConfig(name="gone", kind="feed", url=server.url("/gone.xml")),
        SourceConfig(name="html", kind="feed", url=server.url("/html-not-feed")),
        SourceConfig(name="missing-file", kind="urls", path=tmp_path / "nope.txt"),
        SourceConfig(name="good", kind="feed", url=server.url("/good.xml")),
    ]

    async def run() -> Any:
        async with Fetcher(settings()) as fetcher:
            return await fetcher.discover(sources)

    found = asyncio.run(run())
    assert [c.url for c in found.candidates] == [server.url("/g/1")]
    reasons = {p.origin: p.reason for p in found.problems}
    assert reasons[server.url("/gone.xml")] == "HTTP 404 Not Found"
    assert reasons[server.url("/html-not-feed")].startswith("not a feed")
    assert reasons[str(tmp_path / "nope.txt")].startswith("cannot read")
    assert {p.stage for p in found.problems} == {"discover"}


def test_a_source_delay_slows_requests_to_its_host(server: LocalHTTPServer) -> None:
    server.route("/slow-feed.xml", Reply.xml(rss(server, ["/d/1", "/d/2"])))
    server.route("/d/1", Reply.html("1"))
    server.route("/d/2", Reply.html("2"))
    source = SourceConfig(
        name="slow", kind="feed", url=server.url("/slow-feed.xml"), delay_seconds=0.15
    )

    async def run() -> None:
        async with Fetcher(settings()) as fetcher:
            found = await fetcher.discover([source])
            _ = [p async for p in fetcher.fetch_pages(found.candidates)]

    asyncio.run(run())
    starts = sorted(r.started for r in server.requests if r.path != "/robots.txt")
    assert len(starts) == 3
    assert all(b - a >= 0.14 for a, b in itertools.pairwise(starts))


# --- duplicates -----------------------------------------------------------------------------


def test_exact_duplicates_under_two_urls_are_two_sightings_of_one_body(
    server: LocalHTTPServer,
) -> None:
    body = page_html("Same story")
    server.route("/story", Reply.html(body))
    server.route("/amp/story", Reply.html(body))
    pages = fetch([server.url("/story"), server.url("/amp/story")])
    assert {p.canonical_url for p in pages} == {server.url("/story"), server.url("/amp/story")}
    assert {p.body for p in pages} == {body.encode()}


def test_urls_equal_after_canonicalisation_are_fetched_once(server: LocalHTTPServer) -> None:
    server.route("/once", Reply.html("x"))
    pages = fetch(
        [server.url("/once"), server.url("/once?utm_source=x#top"), server.url("/once?fbclid=1")]
    )
    assert len(pages) == 1
    assert server.hits("/once") == 1


# --- robots.txt -----------------------------------------------------------------------------


def test_robots_txt_disallowing_a_path_is_honoured_without_requesting_it(
    server: LocalHTTPServer,
) -> None:
    server.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /private/\n"))
    server.route("/private/x", Reply.html("secret"))
    server.route("/public", Reply.html("ok"))
    pages = {p.url: p for p in fetch([server.url("/private/x"), server.url("/public")])}
    blocked = pages[server.url("/private/x")]
    assert blocked.error == "robots.txt disallows /private/x for newsfacts-test"
    assert blocked.status is None and blocked.body is None
    assert pages[server.url("/public")].ok
    assert server.hits("/private/x") == 0


def test_robots_txt_is_fetched_once_per_host(server: LocalHTTPServer) -> None:
    server.route("/robots.txt", Reply.text("User-agent: *\nAllow: /\n"))
    for i in range(6):
        server.route(f"/p{i}", Reply.html(str(i)))
    pages = fetch([server.url(f"/p{i}") for i in range(6)])
    assert all(p.ok for p in pages)
    assert server.hits("/robots.txt") == 1


def test_robots_group_for_our_agent_wins_over_the_wildcard(server: LocalHTTPServer) -> None:
    server.route(
        "/robots.txt",
        Reply.text(
            "User-agent: *\nDisallow: /\n\nUser-agent: newsfacts-test\nDisallow: /drafts/\n"
        ),
    )
    server.route("/news", Reply.html("n"))
    pages = {p.url: p for p in fetch([server.url("/news"), server.url("/drafts/a")])}
    assert pages[server.url("/news")].ok
    assert pages[server.url("/drafts/a")].error is not None


def test_missing_robots_txt_allows_everything(server: LocalHTTPServer) -> None:
    server.route("/page", Reply.html("p"))
    assert fetch_one(server.url("/page")).ok
    assert server.hits("/robots.txt") == 1


def test_robots_txt_that_errors_keeps_us_out(server: LocalHTTPServer) -> None:
    server.route("/robots.txt", Reply(status=503, body="down"))
    server.route("/page", Reply.html("p"))
    page = fetch_one(server.url("/page"), max_retries=1)
    assert page.error is not None
    assert page.error.startswith("robots.txt unreachable (HTTP 503 Service Unavailable")
    assert server.hits("/page") == 0


def test_crawl_delay_in_robots_txt_spaces_requests(server: LocalHTTPServer) -> None:
    server.route("/robots.txt", Reply.text("User-agent: *\nCrawl-delay: 0.15\n"))
    for i in range(3):
        server.route(f"/c{i}", Reply.html(str(i)))
    fetch([server.url(f"/c{i}") for i in range(3)])
    starts = sorted(r.started for r in server.requests if r.path.startswith("/c"))
    assert len(starts) == 3
    assert all(b - a >= 0.14 for a, b in itertools.pairwise(starts))


def test_robots_can_be_switched_off(server: LocalHTTPServer) -> None:
    server.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /\n"))
    server.route("/mine", Reply.html("m"))
    assert fetch_one(server.url("/mine"), obey_robots=False).ok
    assert server.hits("/robots.txt") == 0


# --- HTTP errors and retries ----------------------------------------------------------------


def test_a_404_is_an_error_value_and_not_retried(server: LocalHTTPServer) -> None:
    page = fetch_one(server.url("/missing"))
    assert page.error == "HTTP 404 Not Found"
    assert page.status == 404 and page.body is None and not page.ok
    assert server.hits("/missing") == 1


def test_a_500_that_succeeds_on_retry_is_fetched(server: LocalHTTPServer) -> None:
    server.route("/flaky", Reply(status=500, body="oops"), Reply.html("fine"))
    page = fetch_one(server.url("/flaky"))
    assert page.ok and page.body == b"fine"
    assert page.attempts == 2
    assert server.hits("/flaky") == 2


def test_a_lasting_5xx_gives_up_after_the_configured_retries(server: LocalHTTPServer) -> None:
    server.route("/down", Reply(status=503, body="down"))
    page = fetch_one(server.url("/down"), max_retries=2)
    assert page.error == "HTTP 503 Service Unavailable (gave up after 3 attempts)"
    assert server.hits("/down") == 3


def test_a_429_waits_as_long_as_retry_after_says_for_the_whole_host(
    server: LocalHTTPServer,
) -> None:
    server.route("/busy", Reply(status=429, headers={"Retry-After": "1"}), Reply.html("ok"))
    server.route("/other", Reply.html("other"))
    pages = fetch(
        [server.url("/busy"), server.url("/other")], per_host_delay_seconds=0.05, obey_robots=False
    )
    assert all(p.ok for p in pages)
    first, second = (r.started for r in server.requests_for("/busy"))
    assert second - first >= 0.95  # backoff alone would be ~0.01 s
    (other,) = (r.started for r in server.requests_for("/other"))
    assert other - first >= 0.95  # the 429 held back the host's queued request as well


def test_a_retry_after_beyond_the_limit_fails_at_once(server: LocalHTTPServer) -> None:
    server.route("/later", Reply(status=429, headers={"Retry-After": "3600"}))
    page = fetch_one(server.url("/later"), max_retry_after_seconds=5)
    assert page.error == (
        "HTTP 429 Too Many Requests (Retry-After 3600.0 s is longer than the 5.0 s we wait)"
    )
    assert server.hits("/later") == 1


def test_a_refused_connection_is_retried_then_reported() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    page = fetch_one(f"http://127.0.0.1:{port}/x", obey_robots=False, max_retries=1)
    assert page.error == "connection refused (gave up after 2 attempts)"
    assert page.status is None


# --- timeouts and caps ----------------------------------------------------------------------


def test_a_page_slower_than_the_read_timeout_fails_in_time(server: LocalHTTPServer) -> None:
    server.route("/slow", Reply.html("late", delay=1.5))
    started = asyncio.run(
        _timed(fetch_all, [server.url("/slow")], read_timeout_seconds=0.2, max_retries=1)
    )
    page, took = started
    assert page.error == "timed out after 0.2 s reading (gave up after 2 attempts)"
    assert took < 1.2


def test_a_dripping_page_is_cut_off_by_the_total_timeout(server: LocalHTTPServer) -> None:
    server.route("/drip", Reply.html("x" * 40, chunk_size=1, chunk_delay=0.05))
    page = fetch_one(
        server.url("/drip"), read_timeout_seconds=1, total_timeout_seconds=0.4, max_retries=0
    )
    assert page.error == "took longer than 0.4 s in total"


async def _timed(func: Any, urls: list[str], **overrides: Any) -> tuple[FetchedPage, float]:
    loop = asyncio.get_running_loop()
    start = loop.time()
    (page,) = await func(urls, settings=settings(**overrides))
    return page, loop.time() - start


def test_a_page_larger_than_the_cap_is_refused_from_its_content_length(
    server: LocalHTTPServer,
) -> None:
    server.route("/big", Reply.html("x" * 10_000))
    page = fetch_one(server.url("/big"), max_body_bytes=2_000)
    assert page.error == "body larger than 2,000 bytes cap"
    assert page.body is None and page.bytes == 0


def test_a_streamed_page_is_aborted_once_past_the_cap(server: LocalHTTPServer) -> None:
    server.route("/stream", Reply.html("y" * 50_000, chunked=True, chunk_size=1_000))
    page = fetch_one(server.url("/stream"), max_body_bytes=2_000)
    assert page.error == "body larger than 2,000 bytes cap"
    assert page.body is None


def test_a_page_exactly_at_the_cap_is_kept(server: LocalHTTPServer) -> None:
    server.route("/exact", Reply.html("z" * 2_000, chunked=True, chunk_size=500))
    page = fetch_one(server.url("/exact"), max_body_bytes=2_000)
    assert page.ok and page.bytes == 2_000


def test_a_pdf_is_not_downloaded(server: LocalHTTPServer) -> None:
    server.route(
        "/report.pdf", Reply(body=b"%PDF-1.7" + b"0" * 5000, content_type="application/pdf")
    )
    page = fetch_one(server.url("/report.pdf"))
    assert page.error == "content type application/pdf not accepted"
    assert page.content_type == "application/pdf" and page.status == 200
    assert page.body is None and page.bytes == 0


# --- redirects and the SSRF guard -----------------------------------------------------------


def test_a_redirect_chain_is_followed_to_the_final_page(server: LocalHTTPServer) -> None:
    server.route("/r1", Reply.redirect("/r2", 301))
    server.route("/r2", Reply.redirect("r3", 302))  # relative to /r2
    server.route("/r3", Reply.redirect(server.url("/final?utm_source=x"), 307))
    server.route("/final", Reply.html("landed"))
    page = fetch_one(server.url("/r1"))
    assert page.ok and page.body == b"landed"
    assert page.url == server.url("/r1")
    assert page.final_url == server.url("/final?utm_source=x")
    assert page.canonical_url == server.url("/final")
    assert page.redirects == (
        server.url("/r2"),
        server.url("/r3"),
        server.url("/final?utm_source=x"),
    )
    assert [server.hits(p) for p in ("/r1", "/r2", "/r3", "/final")] == [1, 1, 1, 1]


def test_too_many_redirects_stop_with_a_reason(server: LocalHTTPServer) -> None:
    for i in range(5):
        server.route(f"/hop{i}", Reply.redirect(f"/hop{i + 1}"))
    page = fetch_one(server.url("/hop0"), max_redirects=2)
    assert page.error == "too many redirects (more than 2)"
    assert server.hits("/hop3") == 0


def test_a_redirect_loop_is_detected(server: LocalHTTPServer) -> None:
    server.route("/ping", Reply.redirect("/pong"))
    server.route("/pong", Reply.redirect("/ping"))
    assert fetch_one(server.url("/ping")).error == f"redirect loop at {server.url('/ping')}"


def test_a_redirect_to_a_private_address_is_refused_before_connecting(
    server: LocalHTTPServer, connections: list[tuple[str, int]]
) -> None:
    server.route("/go", Reply.redirect("http://10.0.0.1/admin"))
    page = fetch_one(server.url("/go"))
    assert page.error == "redirect to private address 10.0.0.1 refused"
    assert page.final_url == "http://10.0.0.1/admin"
    assert connections and all(host == "127.0.0.1" for host, _ in connections)


def test_a_redirect_to_a_metadata_address_is_refused(server: LocalHTTPServer) -> None:
    server.route("/meta", Reply.redirect("http://169.254.169.254/latest/meta-data/"))
    assert (
        fetch_one(server.url("/meta")).error
        == "redirect to metadata address 169.254.169.254 refused"
    )


def test_a_host_name_is_judged_by_the_address_it_resolves_to(
    server: LocalHTTPServer, connections: list[tuple[str, int]]
) -> None:
    server.route("/to-intranet", Reply.redirect("http://intranet.example/wiki"))
    lookups: list[str] = []

    async def dns(host: str, port: int) -> list[str]:
        lookups.append(host)
        return ["10.0.0.5"]

    async def run() -> FetchedPage:
        async with Fetcher(settings(), resolver=dns) as fetcher:
            return await fetcher.fetch(server.url("/to-intranet"))

    page = asyncio.run(run())
    assert page.error == "redirect to private address 10.0.0.5 refused (host intranet.example)"
    assert lookups == ["intranet.example"]
    assert all(host == "127.0.0.1" for host, _ in connections)


def test_by_default_the_guard_refuses_loopback_without_connecting(
    server: LocalHTTPServer, connections: list[tuple[str, int]]
) -> None:
    server.route("/a", Reply.html("a"))
    page = asyncio.run(fetch_all([server.url("/a")], settings=FetchSettings()))[0]
    assert page.error == "loopback address 127.0.0.1 refused"
    assert connections == [] and server.requests == []


def test_the_shared_client_itself_cannot_reach_a_refused_address(
    connections: list[tuple[str, int]],
) -> None:
    async def run() -> None:
        async with Fetcher(settings()) as fetcher:
            with pytest.raises(BlockedAddress, match=r"private address 10\.0\.0\.1 refused"):
                await fetcher.client.get("http://10.0.0.1/")
            with pytest.raises(BlockedAddress, match="metadata address"):
                await fetcher.client.get("http://169.254.169.254/")

    asyncio.run(run())
    assert connections == []


# --- conditional requests -------------------------------------------------------------------


def test_a_second_fetch_with_the_stored_etag_gets_304_and_no_body(server: LocalHTTPServer) -> None:
    server.route("/etag", Reply.html(page_html("E"), etag='"abc123"'))
    first = fetch_one(server.url("/etag"))
    assert first.ok and first.etag == '"abc123"'

    validators = {first.canonical_url: (first.etag, first.last_modified)}
    second = asyncio.run(
        fetch_all([server.url("/etag")], settings=settings(), validators=validators)
    )[0]
    assert second.not_modified and second.status == 304
    assert second.error is None and second.body is None and not second.ok
    assert second.etag == '"abc123"'
    sent = server.requests_for("/etag")
    assert "if-none-match" not in sent[0].headers
    assert sent[1].headers["if-none-match"] == '"abc123"'


def test_last_modified_is_sent_back_as_if_modified_since(server: LocalHTTPServer) -> None:
    stamp = "Sat, 30 Aug 2025 10:00:00 GMT"
    server.route("/lm", Reply.html("x", last_modified=stamp))
    validators = {server.url("/lm"): (None, stamp)}
    page = asyncio.run(fetch_all([server.url("/lm")], settings=settings(), validators=validators))[
        0
    ]
    assert page.not_modified and page.last_modified == stamp
    assert server.requests_for("/lm")[0].headers["if-modified-since"] == stamp


def test_a_changed_page_answers_a_conditional_request_with_its_new_body(
    server: LocalHTTPServer,
) -> None:
    server.route("/changed", Reply.html("new", etag='"v2"'))
    validators = {server.url("/changed"): ('"v1"', None)}
    page = asyncio.run(
        fetch_all([server.url("/changed")], settings=settings(), validators=validators)
    )[0]
    assert page.ok and page.body == b"new" and page.etag == '"v2"'


# --- limits ---------------------------------------------------------------------------------


def test_per_host_concurrency_limit_is_respected_on_the_wire(server: LocalHTTPServer) -> None:
    for i in range(8):
        server.route(f"/w{i}", Reply.html(str(i), delay=0.1))
    pages = fetch(
        [server.url(f"/w{i}") for i in range(8)], max_concurrency=8, max_concurrency_per_host=2
    )
    assert all(p.ok for p in pages)
    assert server.peak_in_flight("127.0.0.1") == 2


def test_global_concurrency_limit_holds_across_hosts(server: LocalHTTPServer) -> None:
    for i in range(8):
        server.route(f"/g{i}", Reply.html(str(i), delay=0.1))
    urls = [server.url(f"/g{i}", host=h) for i in range(4) for h in ("127.0.0.1", "localhost")]
    pages = fetch(
        urls,
        allowed_hosts=("127.0.0.1", "localhost"),
        max_concurrency=3,
        max_concurrency_per_host=3,
    )
    assert all(p.ok for p in pages), [p.error for p in pages]
    assert server.peak_in_flight() == 3
    assert server.peak_in_flight("localhost") >= 1 and server.peak_in_flight("127.0.0.1") >= 1


def test_per_host_delay_spaces_request_starts(server: LocalHTTPServer) -> None:
    for i in range(3):
        server.route(f"/s{i}", Reply.html(str(i)))
    fetch([server.url(f"/s{i}") for i in range(3)], per_host_delay_seconds=0.1)
    starts = sorted(r.started for r in server.requests)  # robots.txt counts as a request too
    assert len(starts) == 4
    assert all(b - a >= 0.09 for a, b in itertools.pairwise(starts))


# --- errors are values ----------------------------------------------------------------------


def test_unusable_urls_come_back_as_error_pages(server: LocalHTTPServer) -> None:
    server.route("/fine", Reply.html("f"))
    pages = {p.url: p for p in fetch(["ftp://example.com/x", "not a url", server.url("/fine")])}
    assert pages["ftp://example.com/x"].error == "unsupported URL scheme ftp"
    assert pages["not a url"].error is not None
    assert pages[server.url("/fine")].ok


def test_stopping_early_cancels_the_rest_promptly(server: LocalHTTPServer) -> None:
    server.route("/quick", Reply.html("q"))
    for i in range(4):
        server.route(f"/long{i}", Reply.html("l", delay=2))

    async def run() -> tuple[FetchedPage, float]:
        loop = asyncio.get_running_loop()
        start = loop.time()
        urls = [server.url("/quick")] + [server.url(f"/long{i}") for i in range(4)]
        async with Fetcher(settings(read_timeout_seconds=5)) as fetcher:
            pages = fetcher.fetch_pages(urls)
            first = await anext(pages)
            await pages.aclose()
        return first, loop.time() - start

    first, took = asyncio.run(run())
    assert first.url == server.url("/quick")
    assert took < 1.5


def test_fetch_pages_streams_results_as_they_complete(server: LocalHTTPServer) -> None:
    server.route("/late", Reply.html("late", delay=0.3))
    server.route("/early", Reply.html("early"))

    async def run() -> list[str]:
        order = []
        async for page in fetch_pages(
            [server.url("/late"), server.url("/early")], settings=settings()
        ):
            order.append(page.url)
        return order

    assert asyncio.run(run()) == [server.url("/early"), server.url("/late")]


# --- small pure helpers ---------------------------------------------------------------------


def test_retry_after_reads_seconds_and_http_dates() -> None:
    now = datetime(2025, 8, 30, 10, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120", now=now) == 120.0
    assert parse_retry_after("Sat, 30 Aug 2025 10:00:30 GMT", now=now) == 30.0
    assert parse_retry_after("Sat, 30 Aug 2025 09:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


def test_status_text_reads_like_http() -> None:
    assert status_text(404) == "HTTP 404 Not Found"
    assert status_text(599) == "HTTP 599"


def test_content_types_match_exactly_or_by_wildcard() -> None:
    assert content_type_accepted("text/html", ("text/html",))
    assert content_type_accepted("text/plain", ("text/*",))
    assert not content_type_accepted("application/pdf", ("text/html", "application/xhtml+xml"))
    assert content_type_accepted(None, ("text/html",))
