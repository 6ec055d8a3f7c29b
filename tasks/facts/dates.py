"""Date expressions, normalised to ISO 8601 and resolved against the published date.

dateparser was measured and rejected for this: ~50 ms per parse and ~45 ms to search one seed,
offsets it cannot give, and wrong hits ("four-year" as a date, "April 25" inside a building's
name). News dates come in a few shapes, so a compiled pattern finds them and calendar arithmetic
resolves them. Conventions (all documented in the field values):

- precision goes in `unit`: day, week (ISO week "2025-W26"), month, season, year;
- a bare weekday or month is the most recent one on or before the published date ("on Friday",
  "in April"), or the next one when the sentence speaks of the future ("will", "is to");
  "last/next August" the one before/after it; a day without a year ("June 28", "until Aug. 31")
  the nearest such day to the published date;
- seasons are northern-hemisphere meteorological: fall = Sep-Nov, winter = Dec-Feb, given as a
  month range (value "2024-09", value_max "2024-11");
- relative dates without a published date keep their text and get value None.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tasks import dates as grammar
from tasks.dates import SEASONS as _SEASONS
from tasks.dates import WEEKDAY_NAMES as _WEEKDAYS
from tasks.facts.trie import trie_pattern

# The shared grammar's words and shapes (tasks/dates.py), in edited prose: capitalised month and
# weekday names, abbreviations with their full stop ("Sept. 5", never "Sept 5").
_MONTH = grammar.month(dot="abbreviations")
_WEEKDAY = grammar.weekday()
_SEASON = grammar.SEASON
_YEAR = grammar.YEAR
_PART = r"(?:early|mid|late|the\s+end\s+of|the\s+beginning\s+of|the\s+start\s+of)"
_PREP = r"(?:as\s+early\s+as|as\s+late\s+as|since|until|till|by|before|after)"
_FACILITY = (
    r"(?:House|Stadium|Street|Square|Hall|Park|Hospital|School|Factory|Bridge|Road|Avenue"
    r"|Movement|Uprising|Agreement|Declaration|Accord|Palace|Memorial|Museum|Theatre|Theater)"
)

_I = re.IGNORECASE
# (kind, pattern, flags). Order matters: at one position the first pattern that matches wins.
_PATTERNS: list[tuple[str, str, int]] = [
    ("iso", rf"\b(?P<y>{_YEAR})-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b", 0),
    ("mdy", rf"\b{grammar.month_day_year(_MONTH)}\b", 0),
    ("dmy", rf"\b{grammar.day_month_year(_MONTH)}\b", 0),
    (
        "range_months",
        rf"\b(?i:between)\s+(?P<mon>{_MONTH})\s+and\s+(?P<mon2>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b",
        0,
    ),
    ("range_years", rf"(?<![\w,.$-])(?P<y>{_YEAR})\s*[-–]\s*(?P<y2>{_YEAR}|\d\d)\b", 0),
    ("md", rf"\b{grammar.month_day(_MONTH)}\b(?!,?\s+{_YEAR})(?!\s+{_FACILITY})", 0),
    ("dm", rf"\b{grammar.day_month(_MONTH)}\b", 0),
    (
        "part_month_year",
        rf"\b(?P<part>(?i:{_PART}))[-\s]+(?P<mon>{_MONTH})(?:,?\s+(?P<y>{_YEAR}))?\b",
        0,
    ),
    ("month_year", rf"\b{grammar.month_year(_MONTH)}\b", 0),
    ("part_year", rf"\b(?P<part>(?i:{_PART}))[-\s]+(?P<y>{_YEAR})\b", 0),
    ("season_year", rf"\b(?P<season>{_SEASON})\s+(?:of\s+)?(?P<y>{_YEAR})\b", _I),
    ("rel_season", rf"\b(?P<rel>last|this|next|past)\s+(?P<season>{_SEASON})\b", _I),
    ("rel_weekday", rf"\b(?P<rel>(?i:last|this|next|past))\s+(?P<wd>{_WEEKDAY})\b", 0),
    ("rel_month", rf"\b(?P<rel>(?i:last|this|next|past))\s+(?P<mon>{_MONTH})\b", 0),
    ("weekday", rf"\b(?P<wd>{_WEEKDAY})\b", 0),
    ("ago", grammar.ago(("day", "week", "month", "year")), _I),
    (
        "rel_period",
        r"\b(?:(?P<part2>earlier|later)\s+)?(?P<rel>last|this|next|past)\s+(?P<u>week|month|year)\b",
        _I,
    ),
    ("today", r"\b(?P<word>today|yesterday|tomorrow)\b", _I),
    (
        "month_in",
        rf"\b(?i:in|of|since|until|by|from|during)\s+(?P<mon>{_MONTH})\b(?!\s*,?\s*\d)",
        0,
    ),
    ("month_bare", rf"\b(?P<mon>{_MONTH})\b(?=\s+(?:and|or|to)\s+{_MONTH}\b)", 0),
    ("month_after_and", rf"\b(?:and|or|to)\s+(?P<mon>{_MONTH})\b(?!\s*,?\s*\d)", 0),
    (
        "year",
        rf"(?<![\w,.$€£-])(?P<y>{_YEAR})(?![\w-]|[.,]\d)"
        r"(?!\s+(?:[A-Z][\w-]*\s+){0,3}[a-z][a-z-]*s\b)",
        0,
    ),
]
# Kinds whose match begins with a word that is not part of the date ("in April" -> "April").
_STARTS_AT_MONTH = frozenset({"month_in", "month_after_and"})
_COMPILED = {kind: re.compile(pattern, flags) for kind, pattern, flags in _PATTERNS}


def _outer(pattern: str, flags: int) -> str:
    bare = re.sub(r"\(\?P<\w+>", "(?:", pattern)
    return f"(?i:{bare})" if flags & re.IGNORECASE else bare


_DATE_RE = re.compile("|".join(f"(?P<{kind}>{_outer(p, f)})" for kind, p, f in _PATTERNS))


def _spelled(pattern: str) -> frozenset[str]:
    """Every run of letters written in a pattern, lowercased ("Sept?" also as "sep")."""
    words: set[str] = set()
    for word in re.findall(r"[A-Za-z]+\??", pattern):
        if word.endswith("?"):
            words.add(word[:-2].lower())
            word = word[:-1]
        words.add(word.lower())
    return frozenset(words)


# A date match starts with digits or with a whole word its pattern spells out (a space, a dot, a
# hyphen, a comma or a word boundary follows that word in every pattern). So at a word of ASCII
# letters only the patterns spelling it can match, and trying just those, in order, gives what
# _DATE_RE would; most words are in no pattern at all.
_SPELLED = [(kind, pattern, flags, _spelled(pattern)) for kind, pattern, flags in _PATTERNS]


@functools.cache
def _patterns_with(kinds: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(
        "|".join(f"(?P<{kind}>{_outer(p, f)})" for kind, p, f, _ in _SPELLED if kind in kinds)
    )


@functools.cache
def _patterns_spelling(word: str) -> re.Pattern[str] | None:
    """_DATE_RE cut to the patterns that spell `word` (lowercase); None when none does."""
    kinds = tuple(kind for kind, _, _, words in _SPELLED if word in words)
    return _patterns_with(kinds) if kinds else None


def _date_at(text: str, start: int, word: str) -> re.Match[str] | None:
    """_DATE_RE.match(text, start), where `word` is the word starting there."""
    if word.isascii() and word.isalpha():
        pattern = _patterns_spelling(word.lower())
        return pattern.match(text, start) if pattern is not None else None
    return _DATE_RE.match(text, start)


_PREFIX_RE = re.compile(
    rf"(?:\b(?P<prep>{_PREP})\s+)?(?:\b(?P<part>{_PART})[-\s]+)?$", re.IGNORECASE
)
# The last word of each _PREP and _PART alternative.
_PREFIX_ENDINGS = (
    "as", "since", "until", "till", "by", "before", "after", "early", "mid", "late", "of",
)  # fmt: skip
_LONGEST_PREFIX_ENDING = max(map(len, _PREFIX_ENDINGS))
_SPACES = re.compile(r"\s+")
_FUTURE = re.compile(r"\b(?:will|would|is\s+to|are\s+to|plans?\s+to|scheduled|expected|upcoming)\b")
# Every date pattern holds a run of digits or one of these words: a month's first three letters
# (which begin each of its spellings), "day" (which ends every weekday name), a season, and the
# words of the relative patterns. A pattern of literals lets re skip positions by their first
# character.
_MONTH_STEMS = tuple(name[:3].capitalize() for name in grammar.MONTH_NAMES)
if not all(
    spelling.capitalize().startswith(_MONTH_STEMS[number - 1])
    for spelling, number in grammar.MONTHS.items()
) or not all(name.endswith("day") for name in _WEEKDAYS):
    raise ValueError("tasks/data/calendar.toml: a spelling the date anchors do not cover")
_ANCHOR_WORDS = (
    *_MONTH_STEMS, "day",
    "ago", "last", "Last", "this", "This", "next", "Next", "past", "Past", "today", "Today",
    "tomorrow", "Tomorrow", *(w for season in _SEASONS for w in (season, season.capitalize())),
)  # fmt: skip


def _anchor_atoms(word: str) -> list[str]:
    return [word, "[0-9,.:/-]*"] if word.isdigit() else [re.escape(char) for char in word]


# The same matches as "[0-9][0-9,.:/-]*|<trie of the words>", written as one trie whose every
# branch starts with a literal, so re skips positions whose character starts no anchor.
_ANCHOR = re.compile(trie_pattern([*"0123456789", *_ANCHOR_WORDS], _anchor_atoms))
_RECURRING = re.compile(r"\b(?:every|each)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateSpan:
    start: int
    end: int
    text: str
    value: str | None  # ISO 8601 start, None when relative and unresolved
    value_max: str | None  # ISO 8601 end of a range
    unit: str  # day | week | month | season | year
    qualifier: str | None


_NOT_DIGITS = re.compile(r"\D")


_month = grammar.month_number


def _day(text: str) -> int:
    return int(_NOT_DIGITS.sub("", text))


def _iso_week(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def _shift_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _season_range(season: str, year: int) -> tuple[str, str]:
    first, last = _SEASONS[season]
    end_year = year + 1 if last < first else year
    return f"{year}-{first:02d}", f"{end_year}-{last:02d}"


def _season_year(season: str, rel: str, pub: date) -> int:
    """The year a "last/this/next <season>" starts in, seen from `pub`."""
    first, _ = _SEASONS[season]
    started_this_year = (pub.month >= first) if season != "winter" else (pub.month == 12)
    in_it = (first <= pub.month <= first + 2) if season != "winter" else pub.month in (12, 1, 2)
    # The season currently under way (or the most recent one that started), by its start year.
    current = pub.year if started_this_year else pub.year - 1
    if season == "winter" and pub.month in (1, 2):
        current = pub.year - 1
    if rel == "this":
        return current if in_it or started_this_year else pub.year
    if rel == "next":
        return current + 1
    # last / past: the most recent one that is over.
    return current - 1 if in_it else current


def _resolve(
    kind: str, g: dict[str, str | None], pub: date | None, future: bool
) -> tuple[str | None, str | None, str]:
    """(value, value_max, unit) for one match."""
    if kind == "iso":
        y, m, d = int(g["y"] or 0), int(g["m"] or 0), int(g["d"] or 0)
        return (f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else None), None, "day"
    if kind in ("mdy", "dmy"):
        y, m, d = int(g["y"] or 0), _month(g["mon"] or ""), _day(g["d"] or "")
        return (f"{y:04d}-{m:02d}-{d:02d}" if _valid(y, m, d) else None), None, "day"
    if kind in ("md", "dm"):
        m, d = _month(g["mon"] or ""), _day(g["d"] or "")
        if pub is None:
            return None, None, "day"
        # The nearest such day to the published date: "on June 28" in a July report is this
        # year's, "until Aug. 31" too, "on Dec. 12" in a January report last year's.
        years = [y for y in (pub.year - 1, pub.year, pub.year + 1) if _valid(y, m, d)]
        if not years:
            return None, None, "day"
        y = min(years, key=lambda year: (abs((date(year, m, d) - pub).days), -year))
        return f"{y:04d}-{m:02d}-{d:02d}", None, "day"
    if kind in ("month_year", "part_month_year") and g.get("y"):
        return f"{int(g['y'] or 0):04d}-{_month(g['mon'] or ''):02d}", None, "month"
    if kind in ("month_in", "month_bare", "month_after_and", "part_month_year"):
        if pub is None:
            return None, None, "month"
        m = _month(g["mon"] or "")
        y = pub.year
        if future:
            y += 1 if m < pub.month else 0
        elif m > pub.month:
            y -= 1
        return f"{y:04d}-{m:02d}", None, "month"
    if kind == "range_months":
        m1, m2 = _month(g["mon"] or ""), _month(g["mon2"] or "")
        if g.get("y"):
            y = int(g["y"] or 0)
            return f"{y:04d}-{m1:02d}", f"{y:04d}-{m2:02d}", "month"
        if pub is None:
            return None, None, "month"
        y1 = pub.year
        if future:
            y1 += 1 if m1 < pub.month else 0
        elif m1 > pub.month:
            y1 -= 1
        y2 = y1 + (1 if m2 < m1 else 0)
        return f"{y1:04d}-{m1:02d}", f"{y2:04d}-{m2:02d}", "month"
    if kind == "range_years":
        y1 = int(g["y"] or 0)
        raw2 = g["y2"] or ""
        y2 = int(raw2) if len(raw2) == 4 else (y1 // 100) * 100 + int(raw2)
        if y2 <= y1:
            return None, None, "year"
        return f"{y1:04d}", f"{y2:04d}", "year"
    if kind in ("part_year", "year"):
        return f"{int(g['y'] or 0):04d}", None, "year"
    if kind == "season_year":
        lo, hi = _season_range((g["season"] or "").lower(), int(g["y"] or 0))
        return lo, hi, "season"
    if kind == "rel_season":
        if pub is None:
            return None, None, "season"
        season = (g["season"] or "").lower()
        lo, hi = _season_range(season, _season_year(season, (g["rel"] or "").lower(), pub))
        return lo, hi, "season"
    if kind == "rel_month":
        if pub is None:
            return None, None, "month"
        m = _month(g["mon"] or "")
        rel = (g.get("rel") or "").lower()
        y = pub.year
        if rel in ("last", "past"):
            y -= 1 if m >= pub.month else 0
        elif rel == "next":
            y += 1 if m <= pub.month else 0
        return f"{y:04d}-{m:02d}", None, "month"
    if kind in ("weekday", "rel_weekday"):
        if pub is None:
            return None, None, "day"
        target = _WEEKDAYS.index((g["wd"] or "").lower())
        rel = (g.get("rel") or "").lower()
        back = (pub.weekday() - target) % 7
        if rel == "next" or (future and rel != "last"):
            ahead = (target - pub.weekday()) % 7 or (7 if rel == "next" else 0)
            day = pub + timedelta(days=ahead)
        elif rel in ("last", "past"):
            day = pub - timedelta(days=back or 7)
        else:
            day = pub - timedelta(days=back)
        return day.isoformat(), None, "day"
    if kind == "ago":
        if pub is None:
            return None, None, (g["u"] or "day").lower()
        raw = (g["n"] or "").lower()
        n = int(raw) if raw.isdigit() else grammar.COUNT_WORDS[raw]
        unit = (g["u"] or "").lower()
        if unit == "day":
            return (pub - timedelta(days=n)).isoformat(), None, "day"
        if unit == "week":
            return _iso_week(pub - timedelta(weeks=n)), None, "week"
        if unit == "month":
            y, m = _shift_months(pub, -n)
            return f"{y:04d}-{m:02d}", None, "month"
        return f"{pub.year - n:04d}", None, "year"
    if kind == "rel_period":
        unit = (g["u"] or "").lower()
        if pub is None:
            return None, None, unit
        step = {"last": -1, "past": -1, "this": 0, "next": 1}[(g["rel"] or "").lower()]
        if unit == "week":
            return _iso_week(pub + timedelta(weeks=step)), None, "week"
        if unit == "month":
            y, m = _shift_months(pub, step)
            return f"{y:04d}-{m:02d}", None, "month"
        return f"{pub.year + step:04d}", None, "year"
    if kind == "today":
        if pub is None:
            return None, None, "day"
        offset = {"today": 0, "yesterday": -1, "tomorrow": 1}[(g["word"] or "").lower()]
        return (pub + timedelta(days=offset)).isoformat(), None, "day"
    raise AssertionError(kind)


def find_dates(
    text: str,
    *,
    published_at: datetime | date | None,
    offset: int = 0,
    blocked: list[tuple[int, int]] | None = None,
) -> list[DateSpan]:
    """Date expressions in `text` (one sentence), offsets shifted by `offset`.

    `blocked` are body spans (entity names such as "April 25 House of Culture") where no date is
    looked for.
    """
    pub = published_at.date() if isinstance(published_at, datetime) else published_at
    found: list[DateSpan] = []
    for outer in _scan(text):
        kind = outer.lastgroup or ""
        match = _COMPILED[kind].match(text, outer.start())
        if match is None:  # cannot happen: same pattern at the same place
            continue
        groups = {k: v for k, v in match.groupdict().items() if v is not None}
        start = match.start("mon") if kind in _STARTS_AT_MONTH else match.start()
        end = match.end()
        if blocked and any(s < end + offset and start + offset < e for s, e in blocked):
            continue
        lo = max(0, start - 30)  # prefixes are short; never scan the whole sentence
        if _RECURRING.search(text, lo, start):
            continue
        qualifier: str | None = None
        prefix = _PREFIX_RE.search(text, lo, start) if _may_have_prefix(text, lo, start) else None
        if prefix and prefix.group(0).strip():
            if prefix.group("part") and kind not in ("md", "dm", "mdy", "dmy", "iso"):
                qualifier = _norm_part(prefix.group("part"))
                start = prefix.start("part")
            if prefix.group("prep"):
                qualifier = qualifier or _SPACES.sub(" ", prefix.group("prep").lower())
                qualifier = "until" if qualifier == "till" else qualifier
        if groups.get("part"):
            qualifier = _norm_part(groups["part"])
        if groups.get("part2"):
            qualifier = groups["part2"].lower()
        if kind == "range_months":
            qualifier = qualifier or "between"
        future = bool(_FUTURE.search(text[max(0, match.start() - 60) : match.start()])) or (
            groups.get("rel", "").lower() == "next"
        )
        value, value_max, unit = _resolve(kind, groups, pub, future)
        found.append(
            DateSpan(
                start + offset, end + offset, text[start:end], value, value_max, unit, qualifier
            )
        )
    return found


def _may_have_prefix(text: str, lo: int, start: int) -> bool:
    """False when _PREFIX_RE.search(text, lo, start) can only match empty: a qualifier ends in a
    space or hyphen after one of _PREFIX_ENDINGS, and ASCII letters match those case-blind only
    in lower case."""
    end = start
    while end > lo and (text[end - 1].isspace() or text[end - 1] == "-"):
        end -= 1
    if end == start:
        return False
    last = text[max(lo, end - _LONGEST_PREFIX_ENDING) : end]
    return not last.isascii() or last.lower().endswith(_PREFIX_ENDINGS)


def _scan(text: str) -> list[re.Match[str]]:
    """Date matches, tried only at the word starts just before each anchor.

    Every pattern holds an anchor (a digit, a month or day name, "last", ...) and starts at most
    _BACK characters before it, so trying the few word starts there finds the leftmost match
    covering each anchor, as a scan of the whole sentence would, for a fraction of the cost.
    """
    found: list[re.Match[str]] = []
    covered = 0
    tried: set[int] = set()
    for anchor in _ANCHOR.finditer(text):
        at = anchor.start()
        if at < covered:
            continue
        for word in _WORD.finditer(text, max(covered, at - _BACK)):
            start = word.start()
            if start > at:
                break
            if start in tried:
                continue
            tried.add(start)
            match = _date_at(text, start, word.group())
            if match is not None and match.end() > at:
                found.append(match)
                covered = match.end()
                break
    return found


_BACK = 20  # longest text before an anchor: "the beginning of " March
_WORD = re.compile(r"(?<![\w’'.,-])\w+")  # a word from its start


def _norm_part(part: str) -> str:
    part = _SPACES.sub(" ", part.lower())
    return {"the end of": "late", "the beginning of": "early", "the start of": "early"}.get(
        part, part
    )
