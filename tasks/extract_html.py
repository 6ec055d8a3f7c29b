"""HTML pages to article text and metadata with trafilatura, then our chrome cleaner.

trafilatura finds the main text; the cleaner then removes what it leaves behind (appeals,
newsletter boxes, syndication footers) and may find metadata trafilatura missed.
"""

from __future__ import annotations

import re
from datetime import datetime

import trafilatura

from tasks.clean_text import clean_text
from tasks.records import CleanedText

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)


def declared_charset(head: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag within its first 4 KiB."""
    match = _META_CHARSET.search(head[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def extract_html(html: str, *, url: str | None = None) -> tuple[CleanedText, str | None]:
    """Main text and metadata of a page; the second value is the page's language if declared.

    Returns an empty body when trafilatura finds no article: the caller decides that is a reject.
    """
    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        return CleanedText(body=""), None
    cleaned = clean_text(document.text, source="html")
    return (
        CleanedText(
            body=cleaned.body,
            title=document.title or cleaned.title,
            publisher=document.sitename or cleaned.publisher,
            author=document.author or cleaned.author,
            published_at=_parse_date(document.date) or cleaned.published_at,
            dropped=cleaned.dropped,
        ),
        document.language,
    )


def _parse_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
