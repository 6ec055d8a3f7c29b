"""The one date grammar: calendar words and the regex building blocks of dates as news prints them.

Why one module: the plain-text cleaner (is this line a timestamp? tasks/clean/text/dates.py) and
the fact extractor (which day does this sentence mean? tasks/facts/dates.py) read the same
written shapes, "June 19, 2024", "19th of June 2024", "Sept. 5", "two weeks ago". Two copies of
the month list and of the year and day patterns drift apart; here each is written once and both
users compose them with their own flags, group names and context. What stays with each user is
only its own decision: the cleaner's labels, clocks and line shapes, the extractor's pattern
order and its resolution against the published date.

Vocabulary is data (tasks/data/calendar.toml). The builders return regex source, not compiled
patterns, and spell every word out whole (no "Jan(?:uary)?"): the fact extractor reads the words
a pattern spells to decide where it can match.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from importlib import resources
from typing import Any


def _load() -> dict[str, Any]:
    text = resources.files("tasks.data").joinpath("calendar.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


_VOCABULARY = _load()

MONTH_NAMES: tuple[str, ...] = tuple(m["name"] for m in _VOCABULARY["months"])
MONTH_ABBREVIATIONS: tuple[str, ...] = tuple(
    a for m in _VOCABULARY["months"] for a in m["abbreviations"]
)
# Every spelling of a month (lower case, no full stop) -> its number, 1-12.
MONTHS: dict[str, int] = {
    spelling: number
    for number, m in enumerate(_VOCABULARY["months"], start=1)
    for spelling in (m["name"], *m["abbreviations"])
}
WEEKDAY_NAMES: tuple[str, ...] = tuple(w["name"] for w in _VOCABULARY["weekdays"])
WEEKDAY_ABBREVIATIONS: tuple[str, ...] = tuple(
    a for w in _VOCABULARY["weekdays"] for a in w["abbreviations"]
)
# Season -> (first month, last month); winter's last month is in the next year.
SEASONS: dict[str, tuple[int, int]] = {
    name: (first, last) for name, (first, last) in _VOCABULARY["seasons"].items()
}
COUNT_WORDS: dict[str, int] = dict(_VOCABULARY["count_words"])

if (
    len(MONTH_NAMES) != 12
    or len(WEEKDAY_NAMES) != 7
    or len(MONTHS) != 12 + len(MONTH_ABBREVIATIONS)
):
    raise ValueError("tasks/data/calendar.toml: 12 months, 7 weekdays, no spelling twice")


def month_number(spelling: str) -> int:
    """1-12 for a month as printed ("Sept.", "JUNE", "dec"); KeyError for any other word."""
    return MONTHS[spelling.lower().removesuffix(".")]


def alternation(words: Iterable[str]) -> str:
    """A non-capturing group of the words, longest first, so the longest spelling is preferred."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# A year of modern news (1800-2099); a calendar day 1-31, with or without its leading zero,
# then its ordinal ending; a day count or count word.
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])"
ORDINAL = r"(?:st|nd|rd|th)?"
COUNT = r"(?:\d+|" + "|".join(sorted(COUNT_WORDS, key=len, reverse=True)) + ")"
SEASON = alternation(SEASONS)


def month(*, dot: str = "abbreviations") -> str:
    """A month name or abbreviation, capitalised ("June", "Sept.").

    `dot` says where a full stop is written: "abbreviations" (an abbreviation only with its
    stop, a name without one, as edited prose prints them: "Sept. 5", "June 5"), or "optional"
    (after any spelling: page furniture prints "Sept 5" and "JUNE. 5").
    """
    names = [n.capitalize() for n in MONTH_NAMES]
    abbreviations = [a.capitalize() for a in MONTH_ABBREVIATIONS]
    if dot == "optional":
        return alternation([*names, *abbreviations]) + r"\.?"
    if dot == "abbreviations":
        return "(?:" + "|".join([*names, *(rf"{a}\." for a in abbreviations)]) + ")"
    raise ValueError(dot)


def weekday(*, abbreviated: bool = False) -> str:
    """A weekday name, capitalised ("Friday"); with `abbreviated` also "Fri", "Thurs"."""
    words = [*WEEKDAY_NAMES, *(WEEKDAY_ABBREVIATIONS if abbreviated else ())]
    return alternation(w.capitalize() for w in words)


def month_day_year(mon: str, *, m: str = "mon", d: str = "d", y: str = "y") -> str:
    """ "June 19, 2024", "June 19th 2024"; `mon` is a month() pattern, m/d/y the group names."""
    return rf"(?P<{m}>{mon})\s+(?P<{d}>{DAY}){ORDINAL},?\s+(?P<{y}>{YEAR})"


def day_month_year(mon: str, *, m: str = "mon", d: str = "d", y: str = "y") -> str:
    """ "19 June 2024", "19th of June, 2024"."""
    return rf"(?P<{d}>{DAY}){ORDINAL}\s+(?:of\s+)?(?P<{m}>{mon}),?\s+(?P<{y}>{YEAR})"


def month_day(mon: str, *, m: str = "mon", d: str = "d") -> str:
    """ "June 19", "Sept. 5th" (the year, if any, is the caller's to look for)."""
    return rf"(?P<{m}>{mon})\s+(?P<{d}>{DAY}){ORDINAL}"


def day_month(mon: str, *, m: str = "mon", d: str = "d") -> str:
    """ "19 June", "5th of Sept."."""
    return rf"(?P<{d}>{DAY}){ORDINAL}\s+(?:of\s+)?(?P<{m}>{mon})"


def month_year(mon: str, *, m: str = "mon", y: str = "y") -> str:
    """ "June 2024", "June, 2024"."""
    return rf"(?P<{m}>{mon}),?\s+(?P<{y}>{YEAR})"


def ago(units: Iterable[str], *, count: str = COUNT, n: str = "n", u: str = "u") -> str:
    """ "two weeks ago", "an hour ago": a count, one of `units` (singular, an optional plural s
    follows), "ago". `units` are spellings; the caller says which it can use."""
    return rf"\b(?P<{n}>{count})\s+(?P<{u}>{alternation(units)[3:-1]})s?\s+ago\b"
