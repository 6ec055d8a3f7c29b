"""Feeds, sitemaps and URL lists turned into candidate article URLs: pure functions over bytes.

Feeds go through feedparser (every RSS/Atom/RDF dialect and their quirks); sitemaps through lxml
with entities and network access off. Links are filtered with our own rules, not courlan's link
filters, which drop loopback hosts and so would hide a local test server's pages. Problems come
back as values (`ParsedSource.error`), never as exceptions.
"""

from __future__ import annotations

import calendar
import io
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import feedparser
from lxml import etree

from tasks.fetch.urls import InvalidUrl, canonical_url, split_http_url, without_fragment

DEFAULT_MAX_XML_BYTES = 50_000_000  # the sitemap protocol's own limit, uncompressed


@dataclass(frozen=True, slots=True)
class Candidate:
    """A URL worth fetching, with what the source said about it."""

    url: str  # absolute, as found (fragment removed)
    canonical_url: str
    source: str  # SourceConfig.name
    title: str | None = None
    published_at: datetime | None = None  # feed date, news:publication_date or lastmod (UTC)
    language: str | None = None


@dataclass(frozen=True, slots=True)
class SitemapRef:
    """A child sitemap listed in a sitemap index."""

    url: str
    lastmod: datetime | None = None


@dataclass(frozen=True, slots=True)
class ParsedSource:
    """What one document yielded; `error` says why it yielded nothing (or less than hoped)."""

    candidates: tuple[Candidate, ...] = ()
    sitemaps: tuple[SitemapRef, ...] = ()
    error: str | None = None
    kind: str | None = None  # what the document turned out to be: feed, sitemap, sitemapindex, urls
    skipped: int = 0  # entries without a usable http(s) link


@dataclass(frozen=True, slots=True)
class _Collector:
    """Dedupes by canonical URL while keeping document order."""

    source: str
    seen: set[str] = field(default_factory=set)
    items: list[Candidate] = field(default_factory=list)

    def add(self, raw: str | None, base_url: str | None, **meta: Any) -> bool:
        url = _absolute(raw, base_url)
        if url is None:
            return False
        try:
            key = canonical_url(url)
        except InvalidUrl:
            return False
        if key not in self.seen:
            self.seen.add(key)
            self.items.append(Candidate(url=url, canonical_url=key, source=self.source, **meta))
        return True


def parse_source(
    kind: str,
    data: bytes,
    *,
    base_url: str | None,
    source: str,
    content_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_XML_BYTES,
) -> ParsedSource:
    """Parse a fetched or read source document by what it turns out to be.

    `kind` is what the config said; the document itself decides when they disagree (a 'feed'
    that is really a sitemap is parsed as a sitemap), because sites move things around.
    """
    data = _maybe_gunzip(data, max_bytes)
    if isinstance(data, str):
        return ParsedSource(error=data)
    sniffed = sniff_kind(data)
    if sniffed == "sitemap" or (sniffed is None and kind == "sitemap" and _looks_like_xml(data)):
        return parse_sitemap(data, base_url=base_url, source=source, max_bytes=max_bytes)
    if sniffed == "feed" or (sniffed is None and kind == "feed"):
        return parse_feed(data, base_url=base_url, source=source, content_type=content_type)
    return parse_url_list(data, base_url=base_url, source=source)


def sniff_kind(data: bytes) -> str | None:
    """'feed' or 'sitemap' from the document's root element, or None when it is neither."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"<"):
        return None
    match = re.search(rb"<(?!\?|!)(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)", _strip_prolog(head))
    if match is None:
        return None
    root = match.group(1).lower()
    if root in (b"rss", b"feed", b"rdf", b"channel"):
        return "feed"
    if root in (b"urlset", b"sitemapindex"):
        return "sitemap"
    return None


def _strip_prolog(head: bytes) -> bytes:
    return re.sub(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", b"", head, flags=re.DOTALL)


def _looks_like_xml(data: bytes) -> bool:
    return data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<")


# --- feeds ----------------------------------------------------------------------------------


def parse_feed(
    data: bytes, *, base_url: str | None, source: str, content_type: str | None = None
) -> ParsedSource:
    """Items of an RSS/Atom/RDF feed, with their titles and dates."""
    headers = {"content-type": _xml_content_type(content_type)}
    if base_url:
        headers["content-location"] = base_url
    try:
        parsed = feedparser.parse(
            io.BytesIO(data),
            response_headers=headers,
            sanitize_html=False,
            resolve_relative_uris=False,
        )
    except Exception as exc:  # feedparser is defensive, but a value beats a crash
        return ParsedSource(error=f"feed could not be parsed: {exc}", kind="feed")
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        return ParsedSource(error=f"not a feed{f': {reason}' if reason else ''}", kind="feed")
    feed_language = _language(parsed.feed.get("language"))
    collector = _Collector(source)
    skipped = 0
    for entry in parsed.entries:
        link = _entry_link(entry)
        added = collector.add(
            link,
            base_url,
            title=_text(entry.get("title")),
            published_at=_struct_time(entry.get("published_parsed") or entry.get("updated_parsed")),
            language=_language(entry.get("language")) or feed_language,
        )
        skipped += not added
    error = None
    if not collector.items and parsed.entries:
        error = "feed has entries but none links to an http(s) page"
    return ParsedSource(
        candidates=tuple(collector.items), error=error, kind="feed", skipped=skipped
    )


def _entry_link(entry: Any) -> str | None:
    # FeedBurner and friends put a redirecting link in <link> and the real one here.
    for key in ("feedburner_origlink", "link"):
        value = entry.get(key)
        if value:
            return str(value)
    for link in entry.get("links") or ():
        if link.get("rel", "alternate") == "alternate" and link.get("href"):
            return str(link["href"])
    guid = entry.get("id")
    if guid and entry.get("guidislink", True) and str(guid).startswith(("http://", "https://")):
        return str(guid)
    return None


def _xml_content_type(content_type: str | None) -> str:
    # feedparser follows RFC 3023 to the letter: text/xml without a charset means ASCII, which
    # garbles real feeds. Keep a declared charset, otherwise let the XML declaration decide.
    if content_type:
        match = re.search(r"charset\s*=\s*\"?([\w.:-]+)", content_type, re.IGNORECASE)
        if match:
            return f"application/xml; charset={match.group(1)}"
    return "application/xml"


def _struct_time(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, TypeError):
        return None


# --- sitemaps -------------------------------------------------------------------------------


def parse_sitemap(
    data: bytes,
    *,
    base_url: str | None,
    source: str,
    max_bytes: int = DEFAULT_MAX_XML_BYTES,
) -> ParsedSource:
    """A sitemap (urlset, incl. Google News and gzip), a sitemap index, or a text sitemap."""
    data = _maybe_gunzip(data, max_bytes)
    if isinstance(data, str):
        return ParsedSource(error=data, kind="sitemap")
    if not _looks_like_xml(data):
        parsed = parse_url_list(data, base_url=base_url, source=source)
        return replace(parsed, kind="sitemap")
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        return ParsedSource(error=f"sitemap is not XML: {exc}", kind="sitemap")
    if root is None:
        return ParsedSource(error="sitemap is empty or not XML", kind="sitemap")
    root_name = etree.QName(root).localname.lower()
    if root_name == "sitemapindex":
        refs: dict[str, SitemapRef] = {}
        for element in _children(root, "sitemap"):
            url = _absolute(_child_text(element, "loc"), base_url)
            if url and url not in refs:
                refs[url] = SitemapRef(
                    url=url, lastmod=parse_w3c_date(_child_text(element, "lastmod"))
                )
        error = None if refs else "sitemap index lists no sitemaps"
        return ParsedSource(sitemaps=tuple(refs.values()), error=error, kind="sitemapindex")
    if root_name != "urlset":
        return ParsedSource(error=f"not a sitemap: root element <{root_name}>", kind="sitemap")
    collector = _Collector(source)
    skipped = 0
    for element in _children(root, "url"):
        news = _first(element, "news")
        publication = _first(news, "publication") if news is not None else None
        published = None
        title = None
        language = None
        if news is not None:
            published = parse_w3c_date(_child_text(news, "publication_date"))
            title = _text(_child_text(news, "title"))
        if publication is not None:
            language = _language(_child_text(publication, "language"))
        added = collector.add(
            _child_text(element, "loc"),
            base_url,
            title=title,
            published_at=published or parse_w3c_date(_child_text(element, "lastmod")),
            language=language,
        )
        skipped += not added
    error = None if collector.items else "sitemap lists no http(s) URLs"
    return ParsedSource(
        candidates=tuple(collector.items), error=error, kind="sitemap", skipped=skipped
    )


def _children(element: Any, name: str) -> Iterable[Any]:
    # Match by local name: real sitemaps get their namespace wrong often enough.
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname.lower() == name:
            yield child


def _first(element: Any, name: str) -> Any | None:
    return next(iter(_children(element, name)), None)


def _child_text(element: Any, name: str) -> str | None:
    child = _first(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _maybe_gunzip(data: bytes, max_bytes: int) -> bytes | str:
    """Decompressed bytes of a gzip document (sitemap.xml.gz), capped; other data as is."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        return f"gzip data is corrupt: {exc}"
    if len(out) > max_bytes:
        return f"decompressed document larger than {max_bytes:,} bytes cap"
    return out


# --- URL lists ------------------------------------------------------------------------------


def parse_url_list(data: bytes | str, *, base_url: str | None, source: str) -> ParsedSource:
    """One URL per line; blank lines and '#' comments skipped, relative URLs resolved."""
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    collector = _Collector(source)
    skipped = 0
    for line in text.lstrip("\ufeff").splitlines():
        item = line.split(" #", 1)[0].strip()
        if not item or item.startswith("#"):
            continue
        skipped += not collector.add(item, base_url)
    error = None if collector.items else "no http(s) URLs in the list"
    return ParsedSource(
        candidates=tuple(collector.items), error=error, kind="urls", skipped=skipped
    )


def urls_from_strings(urls: Sequence[str], *, source: str) -> ParsedSource:
    """Inline URLs from a config file, checked like any other list."""
    return parse_url_list("\n".join(urls), base_url=None, source=source)


# --- selection ------------------------------------------------------------------------------


def select_candidates(
    candidates: Iterable[Candidate],
    *,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    max_age_days: float | None = None,
    max_items: int | None = None,
    now: datetime | None = None,
) -> list[Candidate]:
    """The candidates a source's filters keep: patterns, age (undated kept), newest N."""
    included = [re.compile(p) for p in include]
    excluded = [re.compile(p) for p in exclude]
    cutoff = None
    if max_age_days is not None:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=max_age_days)
    kept = []
    for candidate in candidates:
        if included and not any(p.search(candidate.url) for p in included):
            continue
        if any(p.search(candidate.url) for p in excluded):
            continue
        if cutoff and candidate.published_at and candidate.published_at < cutoff:
            continue
        kept.append(candidate)
    if max_items is not None and len(kept) > max_items:
        # Newest first; undated ones after dated ones, in document order.
        order = sorted(
            range(len(kept)),
            key=lambda i: (kept[i].published_at is None, -_timestamp(kept[i].published_at), i),
        )
        keep = set(order[:max_items])
        kept = [c for i, c in enumerate(kept) if i in keep]
    return kept


def select_sitemaps(
    refs: Iterable[SitemapRef],
    *,
    limit: int,
    max_age_days: float | None = None,
    now: datetime | None = None,
) -> list[SitemapRef]:
    """Child sitemaps worth following: not too old, newest first, at most `limit`."""
    cutoff = None
    if max_age_days is not None:
        cutoff = (now or datetime.now(UTC)) - timedelta(days=max_age_days)
    fresh = [r for r in refs if not (cutoff and r.lastmod and r.lastmod < cutoff)]
    ordered = sorted(
        enumerate(fresh), key=lambda p: (p[1].lastmod is None, -_timestamp(p[1].lastmod), p[0])
    )
    return [ref for _, ref in ordered[:limit]]


def merge_candidates(groups: Iterable[Iterable[Candidate]]) -> list[Candidate]:
    """All candidates once per canonical URL; the first source to list a URL keeps it."""
    seen: set[str] = set()
    merged = []
    for group in groups:
        for candidate in group:
            if candidate.canonical_url not in seen:
                seen.add(candidate.canonical_url)
                merged.append(candidate)
    return merged


# --- small helpers --------------------------------------------------------------------------


def _absolute(raw: str | None, base_url: str | None) -> str | None:
    if not raw:
        return None
    # Feeds wrap long links across lines; a space inside, though, means it is not a URL.
    text = re.sub(r"[\r\n\t]+", "", raw.strip())
    if " " in text:
        return None
    if base_url:
        text = urljoin(base_url, text)
    try:
        split_http_url(text)
    except InvalidUrl:
        return None
    return without_fragment(text)


def parse_w3c_date(value: str | None) -> datetime | None:
    """A sitemap date (W3C datetime: '2024-05-01', '2024-05-01T10:00Z', ...) in UTC."""
    if not value:
        return None
    text = value.strip()
    if re.fullmatch(r"\d{4}-\d{2}", text):
        text += "-01"
    elif re.fullmatch(r"\d{4}", text):
        text += "-01-01"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _timestamp(moment: datetime | None) -> float:
    return moment.timestamp() if moment else 0.0


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = " ".join(str(value).split())
    return text or None


def _language(value: Any) -> str | None:
    text = _text(value)
    return text.lower() if text else None
