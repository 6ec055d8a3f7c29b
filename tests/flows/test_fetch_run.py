"""`newsfacts run --fetch` against a real HTTP server on 127.0.0.1 and a real Prefect server.

One scripted site holds every case the issue names: a feed and a sitemap, the same article under
two URLs, robots.txt, a 404, a 500 and a 429 that succeed on retry, a page slower than the
timeout, one larger than the cap, a PDF, a redirect chain, a redirect to a metadata address, an
off-topic page, and ETags. The first run ingests; the second sends conditional requests and loads
nothing new.
"""

from __future__ import annotations

import html
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tasks.clean.text import clean_text
from testing.http_server import LocalHTTPServer, Reply
from tests.flows.test_ingest import rows

pytestmark = pytest.mark.prefect

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS = sorted((REPO_ROOT / "seeds").glob("*.txt"))
OFF_TOPIC = (
    "The city council approved a new budget for the public library on Tuesday, adding money for "
    "longer opening hours, more children's books and a repair of the leaking roof. The vote was "
    "unanimous, and the work on the roof is expected to begin in the spring after the rains."
)


def article_page(title: str, body: str) -> str:
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n"))
    return (
        f"<html><head><title>{html.escape(title)}</title></head><body>"
        f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav>"
        f"<article><h1>{html.escape(title)}</h1>{paragraphs}</article>"
        f"<footer>Copyright The Test Gazette</footer></body></html>"
    )


def seed_page(index: int) -> str:
    body = clean_text(SEEDS[index].read_text(encoding="utf-8"), source="text").body
    return article_page(f"Seed report {index}", body)


def rss(server: LocalHTTPServer, paths: list[str]) -> str:
    items = "".join(
        f"<item><title>{path}</title><link>{server.url(path)}</link></item>" for path in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test Gazette</title>'
        f"<link>{server.url('/')}</link><description>t</description>{items}</channel></rss>"
    )


def sitemap(server: LocalHTTPServer, paths: list[str]) -> str:
    urls = "".join(f"<url><loc>{server.url(path)}</loc></url>" for path in paths)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    )


FEED_PATHS = [
    "/news/a1",
    "/news/a1-copy",  # the same bytes as /news/a1 under another URL
    "/news/off-topic",
    "/private/memo",  # disallowed by robots.txt
    "/news/missing",  # 404
    "/news/flaky",  # 500, then 200
    "/news/busy",  # 429 with Retry-After, then 200
    "/news/slow",  # slower than the read timeout
    "/news/huge",  # larger than max_body_bytes
    "/news/report.pdf",  # not HTML
    "/news/old",  # 301 -> 302 -> article
    "/news/evil",  # redirect to a cloud metadata address
]
SITEMAP_PATHS = ["/news/a3", "/news/a1?utm_source=sitemap"]  # a1 again, with a tracker


@pytest.fixture
def site() -> Iterator[LocalHTTPServer]:
    with LocalHTTPServer() as server:
        server.route("/robots.txt", Reply.text("User-agent: *\nDisallow: /private/\n"))
        server.route("/feed.xml", Reply.xml(rss(server, FEED_PATHS), "application/rss+xml"))
        server.route("/sitemap.xml", Reply.xml(sitemap(server, SITEMAP_PATHS)))
        # a1 answers later than its copy: the origin must follow discovery, not completion.
        server.route("/news/a1", Reply.html(seed_page(3), etag='"a1-v1"', delay=0.3))
        server.route("/news/a1-copy", Reply.html(seed_page(3), etag='"a1-v1"'))
        server.route("/news/a3", Reply.html(seed_page(4), last_modified=LAST_MODIFIED))
        server.route(
            "/news/off-topic", Reply.html(article_page("Library budget", OFF_TOPIC), etag='"o"')
        )
        server.route("/private/memo", Reply.html(seed_page(0)))
        server.route("/news/flaky", Reply(status=500), Reply.html(seed_page(1), etag='"f"'))
        server.route(
            "/news/busy",
            Reply(status=429, headers={"Retry-After": "1"}),
            Reply.html(seed_page(2), etag='"b"'),
        )
        server.route("/news/slow", Reply.html(seed_page(0), delay=3.0))
        server.route("/news/huge", Reply.html("<p>" + "word " * 20_000 + "</p>"))
        server.route(
            "/news/report.pdf", Reply(body=b"%PDF-1.7\n...", content_type="application/pdf")
        )
        server.route("/news/old", Reply.redirect(server.url("/news/moved"), status=301))
        server.route("/news/moved", Reply.redirect(server.url("/news/final")))
        server.route("/news/final", Reply.html(seed_page(0), etag='"final"'))
        server.route("/news/evil", Reply.redirect("http://169.254.169.254/latest/meta-data/"))
        yield server


LAST_MODIFIED = "Wed, 02 Jul 2025 06:00:00 GMT"


def write_config(tmp_path: Path, site: LocalHTTPServer) -> Path:
    seeds = tmp_path / "no-seeds"
    seeds.mkdir()
    (tmp_path / "sources.toml").write_text(
        f"""
enabled = false  # the run's --fetch turns it on

[[sources]]
name = "gazette-feed"
kind = "feed"
url = "{site.url("/feed.xml")}"

[[sources]]
name = "gazette-sitemap"
kind = "sitemap"
url = "{site.url("/sitemap.xml")}"

[topic]
terms = {{ "North Korea*" = 1.0, "Pyongyang" = 1.0, "Kim Jong*" = 1.0 }}
min_score = 2
""",
        encoding="utf-8",
    )
    config = tmp_path / "newsfacts.toml"
    config.write_text(
        """
db_path = "warehouse.duckdb"
seeds_dir = "no-seeds"
sources_file = "sources.toml"

[fetch]
user_agent = "newsfacts-test/1.0 (+tests)"
allowed_hosts = ["127.0.0.1"]
per_host_delay_seconds = 0
connect_timeout_seconds = 1
read_timeout_seconds = 1
total_timeout_seconds = 2
max_retries = 2
backoff_base_seconds = 0.05
backoff_max_seconds = 0.2
max_body_bytes = 50000
""",
        encoding="utf-8",
    )
    return config


def newsfacts(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "COLUMNS": "200"},
        cwd=REPO_ROOT,
    )


def test_fetch_run_ingests_served_articles_and_a_rerun_is_conditional(
    prefect_api: str, site: LocalHTTPServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path, site)
    db = tmp_path / "warehouse.duckdb"

    first = newsfacts("run", "--fetch", "--config", str(config))
    assert first.returncode == 0, first.stderr + first.stdout

    # Four distinct reports: a1 (also served as a1-copy and via the sitemap), a3, flaky, busy,
    # and the redirect chain's target, which is seed 0 like nothing else that landed.
    articles = dict(rows(db, "SELECT origin, content_hash FROM articles"))
    assert set(articles) == {
        site.url("/news/a1"),
        site.url("/news/a3"),
        site.url("/news/flaky"),
        site.url("/news/busy"),
        site.url("/news/final"),
    }
    a1_origins = rows(
        db,
        "SELECT origin FROM sightings WHERE content_hash = "
        f"'{articles[site.url('/news/a1')]}' ORDER BY origin",
    )
    assert a1_origins == [(site.url("/news/a1"),), (site.url("/news/a1-copy"),)]

    rejects = dict(rows(db, "SELECT origin, reason FROM rejects"))
    assert set(rejects) == {
        site.url("/private/memo"),
        site.url("/news/missing"),
        site.url("/news/slow"),
        site.url("/news/huge"),
        site.url("/news/report.pdf"),
        site.url("/news/evil"),
    }
    assert "robots.txt" in rejects[site.url("/private/memo")]
    assert "404" in rejects[site.url("/news/missing")]
    assert (
        "timed out" in rejects[site.url("/news/slow")]
        or "timeout" in rejects[site.url("/news/slow")]
    )
    assert "50,000" in rejects[site.url("/news/huge")] or "cap" in rejects[site.url("/news/huge")]
    assert "application/pdf" in rejects[site.url("/news/report.pdf")]
    assert "169.254.169.254" in rejects[site.url("/news/evil")]

    outcomes = dict(
        rows(db, "SELECT url, outcome FROM fetches WHERE outcome NOT IN ('source', 'failed')")
    )
    assert outcomes[site.url("/news/off-topic")] == "off_topic"
    assert rows(db, "SELECT count(*) FROM articles WHERE body LIKE '%library%'") == [(0,)]
    retried = dict(rows(db, "SELECT url, attempts FROM fetches WHERE url LIKE '%/news/%'"))
    assert retried[site.url("/news/flaky")] == 2
    assert retried[site.url("/news/busy")] == 2
    assert rows(db, "SELECT count(*) FROM fetches WHERE outcome = 'source'") == [(2,)]
    assert rows(db, "SELECT count(DISTINCT article_id) FROM fact_extractions") == [(5,)]
    assert rows(db, "SELECT count(*) > 0 FROM facts") == [(True,)]

    site.reset()
    second = newsfacts("run", "--fetch", "--config", str(config))
    assert second.returncode == 0, second.stderr + second.stdout
    assert "new articles  0" in second.stdout

    (a1_request,) = site.requests_for("/news/a1")
    assert a1_request.headers.get("if-none-match") == '"a1-v1"'
    (a3_request,) = site.requests_for("/news/a3")
    assert a3_request.headers.get("if-modified-since") == LAST_MODIFIED
    latest = dict(
        rows(
            db,
            "SELECT url, outcome FROM fetches WHERE run_id = (SELECT max(run_id) FROM runs)"
            " AND outcome <> 'source'",
        )
    )
    assert latest[site.url("/news/a1")] == "not_modified"
    assert latest[site.url("/news/a3")] == "not_modified"
    assert latest[site.url("/news/off-topic")] == "not_modified"
    assert rows(db, "SELECT count(*) FROM articles") == [(5,)]
    assert rows(db, "SELECT count(*) FROM sightings") == [(6,)]
    run_rows = rows(db, "SELECT articles_new, facts FROM runs ORDER BY run_id")
    assert run_rows[-1] == (0, 0)
