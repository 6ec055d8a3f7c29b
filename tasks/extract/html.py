"""HTML pages to article text and metadata with trafilatura, then our chrome cleaner.

trafilatura finds the main text; the cleaner then removes what it leaves behind (appeals,
newsletter boxes, syndication footers) and may find metadata trafilatura missed.

trafilatura runs in its precision mode: it prunes more of the teaser, link and promo blocks
around an article, which a content hash and a fact extractor would otherwise take for the
report. When that mode settles on a scrap of the page (a reprint notice, a teaser) instead of
the article, the default balance is asked instead. Before that, tasks/extract/layout.py drops
lists of other stories' titles and picture credits from the page and, when trafilatura read
only the first of an article's several body containers, joins them and asks again. A headline
that opens the extracted text is the page's title, which is metadata: it is kept as the title
and left out of the body, so the same report dedupes whether or not a page repeats its
headline above it.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING

from lxml.html import HtmlElement

from tasks.clean.text import clean_text
from tasks.extract.layout import (
    drop_credit_lines,
    drop_teaser_lists,
    join_split_bodies,
    parts_left_out,
    quote_embedded_posts,
    split_body_parts,
)
from tasks.records import CleanedText

if TYPE_CHECKING:
    from trafilatura.settings import Document

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag within its first 4 KiB."""
    match = _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii").lower() if match else None


# Fewer words than a short news brief: precision mode may have kept a box instead of the article.
_SCRAP_WORDS = 50
# Precision mode also stops early: at an "Advertisement" slot or a widget inside the body it
# may keep the first paragraphs only. When it returns less than this share of the page's
# prose paragraphs, the balanced pass is asked too, and wins if it finds clearly more.
_STOPPED_SHORT = 0.5
_CLEARLY_MORE = 1.5
_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]+>")
_PROSE_END = (".", "!", "?", '"', "”", "’", "»", ")")
_PROSE_MIN_WORDS = 12


def _prose_words(html: str) -> int:
    """Words in the page's <p> elements that read as sentences: what a reader would read.

    Footers and teasers have <p>s too, so this over-counts a little; it is only compared with
    half of what precision mode kept.
    """
    total = 0
    for match in _PARAGRAPH.finditer(html):
        text = _TAG.sub(" ", match.group(1)).strip()
        words = len(text.split())
        if words >= _PROSE_MIN_WORDS and text.endswith(_PROSE_END):
            total += words
    return total


def extract_html(html: str, *, url: str | None = None) -> tuple[CleanedText, str | None]:
    """Main text and metadata of a page; the second value is the page's language if declared.

    Returns an empty body when trafilatura finds no article: the caller decides that is a reject.
    """
    from trafilatura.utils import load_html  # with the first page, as in _extract

    tree = load_html(html)
    if tree is None:
        return CleanedText(body=""), None
    drop_teaser_lists(tree)
    drop_credit_lines(tree)
    quote_embedded_posts(tree)
    document = _extract(tree, url=url, favor_precision=True)
    groups = split_body_parts(tree)
    if groups and document is not None:
        left_out = parts_left_out(groups, document.text or "")
        if left_out:
            join_split_bodies(left_out)
            document = _extract(tree, url=url, favor_precision=True)
    words = _words(document)
    if words < _SCRAP_WORDS or words < _STOPPED_SHORT * _prose_words(html):
        fallback = _extract(tree, url=url, favor_precision=False)
        if _words(fallback) > words * (1 if words < _SCRAP_WORDS else _CLEARLY_MORE):
            document = fallback
    if document is None or not (document.text or "").strip():
        return CleanedText(body=""), None
    text, headline = _without_headline(document)
    cleaned = clean_text(text, source="html")
    return (
        CleanedText(
            body=cleaned.body,
            title=document.title or headline or cleaned.title,
            publisher=document.sitename or cleaned.publisher,
            author=document.author or cleaned.author,
            published_at=_parse_date(document.date) or cleaned.published_at,
            dropped=cleaned.dropped,
        ),
        document.language,
    )


def _extract(tree: HtmlElement, *, url: str | None, favor_precision: bool) -> Document | None:
    """One trafilatura pass; it works on its own copy of the tree, so passes do not interfere."""
    # imported with the first page (~0.1 s): a run that extracts no HTML never loads it
    import trafilatura
    from trafilatura.settings import Document

    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
        favor_precision=favor_precision,
    )
    return document if isinstance(document, Document) else None


def _words(document: Document | None) -> int:
    return len((document.text or "").split()) if document is not None else 0


def _without_headline(document: Document) -> tuple[str, str | None]:
    """The text without the <h1> that opens it, and that headline (None if there is none).

    Only a top-level heading is taken, only as the very first element, and only when the text
    starts with exactly its words: a subheading or an h1 further down belongs to the report.
    """
    text = document.text or ""
    body = document.body
    if body is None or len(body) == 0 or body[0].tag != "head" or body[0].get("rend") != "h1":
        return text, None
    headline = " ".join("".join(body[0].itertext()).split())
    first_line, _, rest = text.partition("\n")
    if not headline or " ".join(first_line.split()) != headline:
        return text, None
    return rest, headline


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
