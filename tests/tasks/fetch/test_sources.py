"""Feeds, sitemaps and URL lists become candidate URLs; broken input becomes an error value."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

from tasks.fetch.sources import (
    Candidate,
    SitemapRef,
    merge_candidates,
    parse_feed,
    parse_sitemap,
    parse_source,
    parse_url_list,
    parse_w3c_date,
    select_candidates,
    select_sitemaps,
    sniff_kind,
)

BASE = "http://127.0.0.1:8123"

RSS = f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:feedburner="http://rssnamespace.org/feedburner/ext/1.0">
<channel>
  <title>World news</title><link>{BASE}/</link><language>en-GB</language>
  <item>
    <title>North Korean troops   in Kursk</title>
    <link>{BASE}/world/nk-troops-kursk?utm_source=rss&amp;utm_medium=feed</link>
    <pubDate>Sat, 30 Aug 2025 09:15:00 +0900</pubDate>
  </item>
  <item>
    <title>Relative link</title>
    <link>/world/relative-story#comments</link>
  </item>
  <item>
    <title>Via FeedBurner</title>
    <link>https://feeds.example.net/~r/world/~3/abc/</link>
    <feedburner:origLink>{BASE}/world/real-story</feedburner:origLink>
  </item>
  <item>
    <title>Only a permalink guid</title>
    <guid isPermaLink="true">{BASE}/world/guid-story</guid>
  </item>
  <item>
    <title>Duplicate of the first</title>
    <link>{BASE}/world/nk-troops-kursk</link>
  </item>
  <item><title>Mail link</title><link>mailto:desk@example.com</link></item>
</channel>
</rss>""".encode()

ATOM = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>Atom feed</title>
  <entry>
    <title>Kim honours soldiers</title>
    <link rel="alternate" href="{BASE}/atom/one"/>
    <updated>2025-07-01T10:00:00Z</updated>
    <id>urn:uuid:1</id>
  </entry>
  <entry>
    <title>Second</title>
    <link href="{BASE}/atom/two"/>
    <id>urn:uuid:2</id>
  </entry>
</feed>""".encode()

RDF = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
  <channel rdf:about="{BASE}/"><title>RDF</title><link>{BASE}/</link></channel>
  <item rdf:about="{BASE}/rdf/one"><title>One</title><link>{BASE}/rdf/one</link></item>
</rdf:RDF>""".encode()

NEWS_SITEMAP = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url>
    <loc>{BASE}/2025/08/30/nk-engineers-return</loc>
    <news:news>
      <news:publication><news:name>Example</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2025-08-30T12:00:00+09:00</news:publication_date>
      <news:title>Kim welcomes engineers home</news:title>
    </news:news>
  </url>
  <url><loc>{BASE}/2025/08/29/plain</loc><lastmod>2025-08-29</lastmod></url>
  <url><loc> {BASE}/2025/08/28/spaced </loc></url>
  <url><loc>not a url</loc></url>
</urlset>""".encode()

SITEMAP_INDEX = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>{BASE}/sitemap-news.xml</loc><lastmod>2025-08-30T00:00:00Z</lastmod></sitemap>
  <sitemap><loc>/sitemap-2019.xml.gz</loc><lastmod>2019-01-01</lastmod></sitemap>
  <sitemap><loc>{BASE}/sitemap-undated.xml</loc></sitemap>
</sitemapindex>""".encode()


def urls(found: tuple[Candidate, ...] | list[Candidate]) -> list[str]:
    return [candidate.url for candidate in found]


# --- feeds ----------------------------------------------------------------------------------


def test_rss_items_become_candidates_with_titles_dates_and_language() -> None:
    parsed = parse_feed(RSS, base_url=f"{BASE}/feed.xml", source="world")
    assert parsed.error is None
    assert urls(parsed.candidates) == [
        f"{BASE}/world/nk-troops-kursk?utm_source=rss&utm_medium=feed",
        f"{BASE}/world/relative-story",
        f"{BASE}/world/real-story",
        f"{BASE}/world/guid-story",
    ]
    first = parsed.candidates[0]
    assert first.canonical_url == f"{BASE}/world/nk-troops-kursk"
    assert first.title == "North Korean troops in Kursk"
    assert first.published_at == datetime(2025, 8, 30, 0, 15, tzinfo=UTC)
    assert first.language == "en-gb"
    assert first.source == "world"


def test_feed_keeps_loopback_links_that_link_filters_would_drop() -> None:
    parsed = parse_feed(RSS, base_url=f"{BASE}/feed.xml", source="s")
    assert all(c.url.startswith("http://127.0.0.1:8123/") for c in parsed.candidates)


def test_duplicate_and_unusable_feed_links_are_dropped_and_counted() -> None:
    parsed = parse_feed(RSS, base_url=f"{BASE}/feed.xml", source="s")
    assert len({c.canonical_url for c in parsed.candidates}) == len(parsed.candidates)
    assert parsed.skipped == 1  # the mailto: link


def test_atom_entries_become_candidates() -> None:
    parsed = parse_feed(ATOM, base_url=f"{BASE}/atom.xml", source="atom")
    assert urls(parsed.candidates) == [f"{BASE}/atom/one", f"{BASE}/atom/two"]
    assert parsed.candidates[0].published_at == datetime(2025, 7, 1, 10, tzinfo=UTC)
    assert parsed.candidates[0].language == "en"


def test_rss1_rdf_items_become_candidates() -> None:
    assert urls(parse_feed(RDF, base_url=None, source="rdf").candidates) == [f"{BASE}/rdf/one"]


def test_a_web_page_is_not_a_feed() -> None:
    parsed = parse_feed(b"<html><body><p>Hello</p></body></html>", base_url=BASE, source="s")
    assert parsed.candidates == ()
    assert parsed.error is not None and parsed.error.startswith("not a feed")


def test_feed_encoding_comes_from_the_document_when_the_server_gives_no_charset() -> None:
    feed = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
        f"<item><title>Kim’s “heroes”</title><link>{BASE}/q</link></item></channel></rss>"
    ).encode()
    parsed = parse_feed(feed, base_url=BASE, source="s", content_type="text/xml")
    assert parsed.candidates[0].title == "Kim’s “heroes”"


# --- sitemaps -------------------------------------------------------------------------------


def test_news_sitemap_gives_urls_titles_dates_and_language() -> None:
    parsed = parse_sitemap(NEWS_SITEMAP, base_url=f"{BASE}/sitemap-news.xml", source="sm")
    assert parsed.kind == "sitemap"
    assert urls(parsed.candidates) == [
        f"{BASE}/2025/08/30/nk-engineers-return",
        f"{BASE}/2025/08/29/plain",
        f"{BASE}/2025/08/28/spaced",
    ]
    news = parsed.candidates[0]
    assert news.title == "Kim welcomes engineers home"
    assert news.published_at == datetime(2025, 8, 30, 3, tzinfo=UTC)
    assert news.language == "en"
    assert parsed.candidates[1].published_at == datetime(2025, 8, 29, tzinfo=UTC)
    assert parsed.skipped == 1


def test_sitemap_index_lists_child_sitemaps_resolved_against_its_url() -> None:
    parsed = parse_sitemap(SITEMAP_INDEX, base_url=f"{BASE}/sitemap.xml", source="sm")
    assert parsed.kind == "sitemapindex"
    assert parsed.candidates == ()
    assert [ref.url for ref in parsed.sitemaps] == [
        f"{BASE}/sitemap-news.xml",
        f"{BASE}/sitemap-2019.xml.gz",
        f"{BASE}/sitemap-undated.xml",
    ]
    assert parsed.sitemaps[1].lastmod == datetime(2019, 1, 1, tzinfo=UTC)


def test_gzipped_sitemap_is_decompressed() -> None:
    parsed = parse_sitemap(gzip.compress(NEWS_SITEMAP), base_url=BASE, source="gz")
    assert len(parsed.candidates) == 3


def test_gzip_bomb_is_stopped_at_the_cap() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * 5_000_000 + b"</urlset>")
    parsed = parse_sitemap(bomb, base_url=BASE, source="gz", max_bytes=100_000)
    assert parsed.error == "decompressed document larger than 100,000 bytes cap"


def test_text_sitemap_is_one_url_per_line() -> None:
    parsed = parse_sitemap(f"{BASE}/a\n{BASE}/b\n".encode(), base_url=BASE, source="txt")
    assert urls(parsed.candidates) == [f"{BASE}/a", f"{BASE}/b"]


def test_sitemap_without_namespace_still_parses() -> None:
    data = f"<urlset><url><loc>{BASE}/x</loc></url></urlset>".encode()
    assert urls(parse_sitemap(data, base_url=BASE, source="s").candidates) == [f"{BASE}/x"]


def test_entities_are_not_expanded_and_no_file_is_read() -> None:
    data = (
        '<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        f"<urlset><url><loc>{BASE}/&xxe;</loc></url><url><loc>{BASE}/ok</loc></url></urlset>"
    ).encode()
    parsed = parse_sitemap(data, base_url=BASE, source="s")
    assert f"{BASE}/ok" in urls(parsed.candidates)
    assert not any("root:" in c.url for c in parsed.candidates)


def test_broken_xml_is_an_error_value_not_an_exception() -> None:
    parsed = parse_sitemap(b"<urlset><url><loc>", base_url=BASE, source="s")
    assert parsed.candidates == ()
    assert parsed.error is not None


def test_html_page_given_as_sitemap_says_so() -> None:
    parsed = parse_sitemap(b"<html><body>hi</body></html>", base_url=BASE, source="s")
    assert parsed.error == "not a sitemap: root element <html>"


# --- URL lists and sniffing -----------------------------------------------------------------


def test_url_list_skips_comments_blanks_and_non_http_lines() -> None:
    text = f"# picked by hand\n\n{BASE}/one  # good one\nftp://x/y\n/two\n{BASE}/one?utm_source=a\n"
    parsed = parse_url_list(text.encode(), base_url=f"{BASE}/list.txt", source="list")
    assert urls(parsed.candidates) == [f"{BASE}/one", f"{BASE}/two"]
    assert parsed.skipped == 1


def test_empty_url_list_is_an_error_value() -> None:
    assert parse_url_list(b"# nothing\n", base_url=None, source="l").error is not None


def test_the_document_decides_its_kind_when_config_says_otherwise() -> None:
    assert sniff_kind(RSS) == "feed"
    assert sniff_kind(b"<!-- hi --><?xml-stylesheet href='x'?>" + SITEMAP_INDEX[39:]) == "sitemap"
    parsed = parse_source("feed", NEWS_SITEMAP, base_url=BASE, source="s")
    assert parsed.kind == "sitemap" and len(parsed.candidates) == 3
    parsed = parse_source("sitemap", ATOM, base_url=BASE, source="s")
    assert parsed.kind == "feed" and len(parsed.candidates) == 2
    parsed = parse_source("urls", f"{BASE}/a\n".encode(), base_url=BASE, source="s")
    assert parsed.kind == "urls"


# --- selection ------------------------------------------------------------------------------


def candidate(path: str, day: int | None = None, source: str = "s") -> Candidate:
    url = f"{BASE}{path}"
    when = datetime(2025, 8, day, tzinfo=UTC) if day else None
    return Candidate(url=url, canonical_url=url, source=source, published_at=when)


def test_selection_applies_include_exclude_age_and_newest_n() -> None:
    items = [
        candidate("/world/a", 1),
        candidate("/sport/b", 30),
        candidate("/world/c", 29),
        candidate("/world/d"),
        candidate("/world/live-e", 30),
        candidate("/world/f", 28),
    ]
    now = datetime(2025, 8, 31, tzinfo=UTC)
    kept = select_candidates(
        items, include=["/world/"], exclude=["/live-"], max_age_days=7, max_items=2, now=now
    )
    assert urls(kept) == [f"{BASE}/world/c", f"{BASE}/world/f"]
    kept = select_candidates(
        items, include=["/world/"], exclude=["/live-"], max_age_days=7, now=now
    )
    assert urls(kept) == [f"{BASE}/world/c", f"{BASE}/world/d", f"{BASE}/world/f"]  # undated stays


def test_child_sitemaps_are_picked_newest_first_skipping_old_ones() -> None:
    refs = [
        SitemapRef(f"{BASE}/old.xml", datetime(2019, 1, 1, tzinfo=UTC)),
        SitemapRef(f"{BASE}/undated.xml"),
        SitemapRef(f"{BASE}/new.xml", datetime(2025, 8, 30, tzinfo=UTC)),
    ]
    now = datetime(2025, 8, 31, tzinfo=UTC)
    picked = select_sitemaps(refs, limit=5, max_age_days=30, now=now)
    assert [r.url for r in picked] == [f"{BASE}/new.xml", f"{BASE}/undated.xml"]
    assert len(select_sitemaps(refs, limit=1)) == 1


def test_merging_keeps_the_first_source_of_each_url() -> None:
    merged = merge_candidates([[candidate("/a", source="one")], [candidate("/a", source="two")]])
    assert [(c.url, c.source) for c in merged] == [(f"{BASE}/a", "one")]


def test_w3c_dates_of_every_precision_parse_to_utc() -> None:
    assert parse_w3c_date("2025") == datetime(2025, 1, 1, tzinfo=UTC)
    assert parse_w3c_date("2025-08") == datetime(2025, 8, 1, tzinfo=UTC)
    assert parse_w3c_date("2025-08-30T12:00+02:00") == datetime(2025, 8, 30, 10, tzinfo=UTC)
    assert parse_w3c_date("2025-08-30T12:00:00Z") == datetime(2025, 8, 30, 12, tzinfo=UTC)
    assert parse_w3c_date("yesterday") is None
