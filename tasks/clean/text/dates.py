"""Dates and timestamp lines: CMS published/updated stamps, bare date lines, relative ages.

Part of the plain-text cleaner; see the package docstring for how the steps fit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from tasks import dates as grammar
from tasks.clean.text.units import _HANDLE, _Unit

# Dates
# --------------------------------------------------------------------------------------------

# The shared grammar (tasks/dates.py) as page furniture prints it: any case, a full stop after
# any month spelling or none ("SEPT 5, 2024", "June. 5, 2024").
_MONTH = grammar.month(dot="optional")
_NUMERIC_DATE = re.compile(
    rf"(?<!\d)(?P<y>{grammar.YEAR})\s*[-./년]\s*(?P<m>\d{{1,2}})\s*[-./월]\s*(?P<d>\d{{1,2}})"
    r"(?!\d)(?:\s*[.일])?(?:\s*\(\w{1,3}\))?"
)
_SLASH_DATE = re.compile(
    rf"(?<![\d/])(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<y>{grammar.YEAR})(?![\d/])"
)
_NAMED_DATE = re.compile(
    rf"\b(?:{grammar.month_day_year(_MONTH, d='d1', y='y1')}"
    rf"|{grammar.day_month_year(_MONTH, m='mon2', d='d2', y='y2')})\b",
    re.IGNORECASE,
)
_TIME = re.compile(
    r"(?:(?P<pre>오전|오후)\s*)?(?<![\d:])(?P<h>\d{1,2})(?::(?P<mi>\d{2})(?::(?P<s>\d{2}))?"
    r"(?:\s*(?P<ap>[ap]\.?m\.?))?|\s*(?P<ap2>[ap]\.?m\.?))(?![\d:])",
    re.IGNORECASE,
)
_DOT_TIME = re.compile(r"(?<![\d.])(?P<h>\d{1,2})\.(?P<mi>[0-5]\d)(?![\d.])")
_AGE_UNITS = ("sec", "second", "min", "minute", "hr", "hour", "day", "week", "month", "year")
_RELATIVE = re.compile(
    grammar.ago(_AGE_UNITS) + r"|\bjust now\b|\d+\s*(?:초|분|시간|일)\s*전", re.IGNORECASE
)
_PUBLISHED_LABEL = re.compile(
    r"\b(?:first\s+)?(?:published|posted|created|issued|date(?:d)?|pub(?:lished)?\s+date)\b"
    r"(?:\s+(?:on|at))?\s*:?|기사입력|입력|등록|송고",
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(
    r"\b(?:last\s+)?(?:updated|modified|edited|revised)\b(?:\s+(?:on|at))?\s*:?|최종\s*수정|수정",
    re.IGNORECASE,
)
_DATE_FILLER = re.compile(
    rf"\b{grammar.weekday(abbreviated=True)}\b\.?"
    r"|\b(?:[A-Z]{1,2}[SD]?T|UTC|GMT|KST|JST|ET|PT|CT|[+-]\d{2}:?\d{2})\b"
    r"|\b(?:at|on|and|this article is more than|old|time|local)\b|[|/·•,:()\[\]–—-]",
    re.IGNORECASE,
)
_LABEL_INITIALS = frozenset("pucfdilmert입등기송수최")  # first letters of labels and the banner
_AGE_BANNER = re.compile(r"^this article is more than \w+ (?:years?|months?) old$", re.I)


@dataclass(slots=True)
class _Stamp:
    published: datetime | None = None
    updated: datetime | None = None
    undated: datetime | None = None


def _date_spans(text: str) -> list[tuple[int, int, tuple[int, int, int]]]:
    spans: list[tuple[int, int, tuple[int, int, int]]] = []
    for match in _NUMERIC_DATE.finditer(text):
        ymd = (int(match["y"]), int(match["m"]), int(match["d"]))
        spans.append((match.start(), match.end(), ymd))
    for match in _SLASH_DATE.finditer(text):
        first, second = int(match["a"]), int(match["b"])
        month, day = (second, first) if first > 12 else (first, second)  # US order unless not
        spans.append((match.start(), match.end(), (int(match["y"]), month, day)))
    for match in _NAMED_DATE.finditer(text):
        month = grammar.month_number(match["mon"] or match["mon2"])
        if match["d1"]:
            ymd = (int(match["y1"]), month, int(match["d1"]))
        else:
            ymd = (int(match["y2"]), month, int(match["d2"]))
        spans.append((match.start(), match.end(), ymd))
    return sorted(spans)


def _time_of(text: str) -> tuple[int, int, int] | None:
    match = _TIME.search(text)
    if match is None:
        dotted = _DOT_TIME.search(text)  # "06.12 BST" as the Guardian prints it
        return (
            (int(dotted["h"]), int(dotted["mi"]), 0) if dotted and int(dotted["h"]) < 24 else None
        )
    hour, minute, second = int(match["h"]), int(match["mi"] or 0), int(match["s"] or 0)
    meridiem = (match["ap"] or match["ap2"] or "").lower().replace(".", "")
    if match["pre"] == "오후" or meridiem == "pm":
        hour = hour + 12 if hour < 12 else hour
    elif (match["pre"] == "오전" or meridiem == "am") and hour == 12:
        hour = 0
    if hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _datetime_in(segment: str) -> datetime | None:
    """The first date in a segment, with the time printed next to it; naive, as printed."""
    spans = _date_spans(segment)
    if not spans:
        return None
    start, end, (year, month, day) = spans[0]
    clock = _time_of(segment[end:]) or _time_of(segment[:start]) or (0, 0, 0)
    try:
        return datetime(year, month, day, *clock)
    except ValueError:
        return None


def _stamp_of(text: str) -> _Stamp:
    """Published/updated datetimes of a timestamp line, split at its labels."""
    labels = sorted(
        [(m.start(), m.end(), "published") for m in _PUBLISHED_LABEL.finditer(text)]
        + [(m.start(), m.end(), "updated") for m in _UPDATED_LABEL.finditer(text)]
    )
    stamp = _Stamp()
    cuts = [(0, 0, "undated"), *labels]
    for position, (_, label_end, kind) in enumerate(cuts):
        stop = cuts[position + 1][0] if position + 1 < len(cuts) else len(text)
        value = _datetime_in(text[label_end:stop])
        if value is not None and getattr(stamp, kind) is None:
            setattr(stamp, kind, value)
    return stamp


def _residual_words(text: str, patterns: Iterable[re.Pattern[str]]) -> list[str]:
    for pattern in patterns:
        text = pattern.sub(" ", text)
    return [word for word in text.split() if any(ch.isalpha() for ch in word)]


_STAMP_PARTS = (
    _NUMERIC_DATE,
    _SLASH_DATE,
    _NAMED_DATE,
    _RELATIVE,
    _PUBLISHED_LABEL,
    _UPDATED_LABEL,
    _TIME,
    _DATE_FILLER,
)


def _is_timestamp_line(unit: _Unit, *, labeled_only: bool) -> bool:
    """A line that is a date (plus labels and at most a program name), not a sentence with one."""
    if unit.words > 20 or unit.text.startswith(("—", "–", "@")):
        return False  # "— Name (@handle) July 2, 2025" closes an embedded post: the report's
    text = unit.text.lstrip("-–•* ")
    if labeled_only and text[:1].lower() not in _LABEL_INITIALS:
        return False
    labeled = _starts_with_label(text)
    if labeled_only and not labeled:
        return bool(_AGE_BANNER.match(text))
    if _AGE_BANNER.match(text):
        return True
    if "@" in text and _HANDLE.search(text):
        return False
    dates = len(_date_spans(text))
    if dates > 1 and not labeled:
        return False  # "29 November 2018 | 20 January 2019" is a date range, not a CMS stamp
    has_date = dates > 0
    relative = unit.words <= 6 and bool(_RELATIVE.search(text))
    if not (has_date or relative or (labeled and _TIME.search(text))):
        return False
    # A label admits a program name ("… News Today"); a bare date line only a place or two.
    return len(_residual_words(text, _STAMP_PARTS)) <= (3 if labeled else 2)


def _starts_with_label(text: str) -> bool:
    return bool(_PUBLISHED_LABEL.match(text) or _UPDATED_LABEL.match(text))


# --------------------------------------------------------------------------------------------
