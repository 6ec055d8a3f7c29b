"""Nexis Uni / LexisNexis plain-text exports: one file, many documents, each with its fields.

Recognised by content (an "N of M DOCUMENTS" line and field lines such as `LENGTH: 355 words`),
whatever the file is called. The layout, per document:

                               2 of 10 DOCUMENTS            <- splits the file
                                  Guardian                  <- outlet (centred)
                            January 11, 2010 Monday         <- date (centred), then editions
    Headline, flush left, one or more lines
    BYLINE: ...   SECTION: ...   LENGTH: 927 words          <- fields before the body
    The body, wrapped at ~78 columns, paragraphs separated by a blank line
    LOAD-DATE: ...   LANGUAGE: ENGLISH   GRAPHIC: ...       <- fields after the body
                       Copyright 2010 Guardian Unlimited     <- copyright (centred)
                              All Rights Reserved

Everything before the first document is the export's request header and is dropped. The body is
what lies between the leading and trailing fields; a field-shaped line inside the body
("UPDATE: ...") stays body text. The fields are what the database asserts, so they become the
article's columns as they are: no cleaner guesses over them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from pathlib import Path

from tasks.dates import MONTH_NAMES
from tasks.extract.decode import DecodeError, decode_bytes
from tasks.process import finish_article
from tasks.records import Article, CleanedText, Reject

LANGUAGE_NAMES_FILE = Path(__file__).resolve().parents[2] / "config" / "language_names.toml"

_DOC_MARKER = re.compile(r"^[ \t]*(\d+) of (\d+) DOCUMENTS?[ \t]*$", re.MULTILINE)
_DOC_MARKER_BYTES = re.compile(rb"^[ \t]*\d+ of \d+ DOCUMENTS?[ \t]*\r?$", re.MULTILINE)
_FIELD = re.compile(r"^([A-Z][A-Z-]{2,}(?: [A-Z][A-Z-]+)?):[ \t]*(.*)$")
_FIELD_BYTES = re.compile(rb"^[A-Z][A-Z-]{2,}: ", re.MULTILINE)
# Full month names (the date grammar's, tasks/dates.py); a shortened one is matched by prefix.
_MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_DATE_MDY = re.compile(r"\b([A-Z][a-z]+)\.? (\d{1,2}),? (\d{4})\b")
_DATE_DMY = re.compile(r"\b(\d{1,2}) ([A-Z][a-z]+),? (\d{4})\b")
_TIME = re.compile(r"\b(\d{1,2}):(\d{2})(?::(\d{2}))? ?([AaPp]\.?[Mm]\.?)?")
_WORDS = re.compile(r"([\d,]+) words?", re.IGNORECASE)
_BYLINE_PREFIX = re.compile(r"^by\s+", re.IGNORECASE)
_SNIFF_BYTES = 64_000


@dataclass(frozen=True, slots=True)
class NexisDocument:
    """One document of an export, split into what the database states and the body."""

    number: int  # its "N" in "N of M DOCUMENTS"
    outlet: str | None
    published_at: datetime | None
    title: str | None
    fields: dict[str, str]  # upper-case name -> value (multi-line values joined with spaces)
    body: str  # paragraphs separated by one blank line
    copyright: str | None


def looks_like_export(data: bytes) -> bool:
    """An "N of M DOCUMENTS" line and a field line near the top: an export, whatever its name."""
    head = data[:_SNIFF_BYTES]
    return bool(_DOC_MARKER_BYTES.search(head) and _FIELD_BYTES.search(head))


def export_articles(
    data: bytes, *, origin: str, min_words: int
) -> tuple[list[Article], list[Reject]]:
    """Every document of the export as an Article, or a Reject naming the document and why.

    A document's origin is `<file>#doc=<N>`.
    """
    try:
        decoded = decode_bytes(data)
    except DecodeError as exc:
        return [], [Reject(origin=origin, stage="decode", reason=str(exc))]
    documents = split_export(decoded.text)
    if not documents:
        return [], [Reject(origin, stage="extract", reason="export holds no N of M DOCUMENTS")]
    articles: list[Article] = []
    rejects: list[Reject] = []
    for document in documents:
        doc_origin = f"{origin}#doc={document.number}"
        if not document.body:
            reason = f"document {document.number} has no body, only its fields"
            rejects.append(Reject(doc_origin, stage="extract", reason=reason))
            continue
        result = finish_article(
            CleanedText(
                body=document.body,
                title=document.title,
                publisher=document.outlet,
                author=_byline(document.fields.get("BYLINE")),
                published_at=document.published_at,
            ),
            origin=doc_origin,
            kind="text",
            min_words=min_words,
            encoding=decoded.encoding,
            declared_language=language_code_for(document.fields.get("LANGUAGE")),
        )
        if isinstance(result, Reject):
            rejects.append(result)
            continue
        articles.append(
            replace(
                result,
                section=document.fields.get("SECTION"),
                declared_words=_declared_words(document.fields.get("LENGTH")),
                load_date=_load_date(document.fields.get("LOAD-DATE")),
                copyright=document.copyright,
            )
        )
    return articles, rejects


def split_export(text: str) -> list[NexisDocument]:
    """The documents of an export, in file order; the request header before them is dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    markers = list(_DOC_MARKER.finditer(text))
    documents = []
    for index, marker in enumerate(markers):
        end = markers[index + 1].start() if index + 1 < len(markers) else len(text)
        documents.append(_parse_document(int(marker.group(1)), text[marker.end() : end]))
    return documents


def _parse_document(number: int, block: str) -> NexisDocument:
    paragraphs = _paragraphs(block)
    # Centred lines at the top: outlet, date, editions.
    header: list[str] = []
    while paragraphs and all(_indented(line) for line in paragraphs[0]):
        header += [line.strip() for line in paragraphs.pop(0)]
    # Centred lines at the bottom: the copyright notice.
    trailer: list[str] = []
    while paragraphs and all(_indented(line) for line in paragraphs[-1]):
        trailer = [line.strip() for line in paragraphs.pop()] + trailer
    fields: dict[str, str] = {}
    # The headline: flush-left lines before the first field.
    title = None
    if paragraphs and not _FIELD.match(paragraphs[0][0]):
        has_leading_field = any(_FIELD.match(p[0]) for p in paragraphs[1:])
        if has_leading_field:
            title = " ".join(line.strip() for line in paragraphs.pop(0))
    while paragraphs and _FIELD.match(paragraphs[0][0]):
        _add_field(fields, paragraphs.pop(0))
    while paragraphs and _FIELD.match(paragraphs[-1][0]):
        _add_field(fields, paragraphs.pop())
    body = "\n\n".join(" ".join(line.strip() for line in p) for p in paragraphs)
    return NexisDocument(
        number=number,
        outlet=header[0] if header else None,
        published_at=next((d for d in map(parse_export_date, header[1:]) if d), None),
        title=title,
        fields=fields,
        body=body,
        copyright=" ".join(trailer) or None,
    )


def _paragraphs(block: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in block.split("\n"):
        if line.strip():
            current.append(line.rstrip())
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def _indented(line: str) -> bool:
    return line[:1] in (" ", "\t")


def _add_field(fields: dict[str, str], paragraph: list[str]) -> None:
    match = _FIELD.match(paragraph[0])
    assert match is not None
    value = " ".join([match.group(2).strip(), *(line.strip() for line in paragraph[1:])])
    fields.setdefault(match.group(1), value.strip())


def parse_export_date(text: str) -> datetime | None:
    """'January 11, 2010 Monday 6:13 PM GMT' or '11 January 2010' as a naive datetime."""
    match = _DATE_MDY.search(text)
    if match:
        month_name, day, year = match.groups()
    else:
        match = _DATE_DMY.search(text)
        if not match:
            return None
        day, month_name, year = match.groups()
    month = _MONTHS.get(month_name.lower()) or _month_by_abbreviation(month_name)
    if month is None:
        return None
    hour = minute = second = 0
    clock = _TIME.search(text, match.end())
    if clock:
        hour, minute = int(clock.group(1)), int(clock.group(2))
        second = int(clock.group(3) or 0)
        meridiem = (clock.group(4) or "").lower().replace(".", "")
        if meridiem == "pm" and hour < 12:
            hour += 12
        elif meridiem == "am" and hour == 12:
            hour = 0
    try:
        return datetime(int(year), month, int(day), hour, minute, second)
    except ValueError:
        return None


def _month_by_abbreviation(name: str) -> int | None:
    lowered = name.lower()
    if len(lowered) < 3:
        return None
    return next((n for full, n in _MONTHS.items() if full.startswith(lowered)), None)


def _byline(value: str | None) -> str | None:
    if not value:
        return None
    return _BYLINE_PREFIX.sub("", value).strip() or None


def _declared_words(value: str | None) -> int | None:
    match = _WORDS.search(value or "")
    return int(match.group(1).replace(",", "")) if match else None


def _load_date(value: str | None) -> date | None:
    parsed = parse_export_date(value or "")
    return parsed.date() if parsed else None


def language_code_for(name: str | None) -> str | None:
    """'ENGLISH' -> 'en'; an unknown name -> None (the body's language is detected instead)."""
    if not name:
        return None
    return _language_codes().get(name.strip().lower())


@cache
def _language_codes() -> dict[str, str]:
    with LANGUAGE_NAMES_FILE.open("rb") as handle:
        return dict(tomllib.load(handle)["codes"])
