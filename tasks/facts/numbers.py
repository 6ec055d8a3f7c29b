"""Numbers in running text: where they are, what they are worth, and whether they can be counts.

Word numbers ("nine", "two hundred and fifty") are valued by text2num; vague amounts ("hundreds",
"several thousand") get an explicit range by one documented rule. Every number is given a role,
and only `quantity` and `duration` may become count facts: years, times, ordinals, unit names,
prices, percentages, phone numbers, ages, measures and frequencies are recognised and set aside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from text_to_num import text2num

from tasks.facts.trie import trie_pattern

Role = Literal[
    "quantity",
    "duration",
    "year",
    "time",
    "ordinal",
    "name",
    "money",
    "percent",
    "phone",
    "age",
    "measure",
    "frequency",
    "partitive",
]

_UNITS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen"
)
_TENS = r"twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALES = r"hundred|thousand|million|billion"
_WORD = rf"(?:{_TENS})(?:[-\s](?:{_UNITS}))?|{_UNITS}|{_SCALES}"
_WORD_NUMBER = rf"(?:\ba\s+(?={_SCALES}\b))?(?:{_WORD})(?:(?:\s+and\s+|[\s-]+)(?:{_WORD}))*"
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_SCALE_WORD = r"(?:\s+(?:hundred|thousand|million|billion))?"
_VAGUE = (
    r"(?:several|a\s+few|a\s+couple\s+of|some|many)\s+(?:hundred|thousand|million|dozen)"
    r"|tens\s+of\s+thousands|hundreds\s+of\s+thousands"
    r"|(?:hundreds|thousands|millions|dozens|scores)"
    r"|a\s+dozen|half\s+a\s+dozen"
)
_ANCHOR_WORDS = f"{_UNITS}|{_TENS}|{_SCALES}|hundreds|thousands|millions|dozen|dozens|scores".split(
    "|"
)
_VAGUE_SCALE_WORDS = ("hundreds", "thousands", "millions", "dozens", "scores")
# Every number holds a digit or one of these words. A pure literal trie lets re skip positions
# by their first character, so finding these anchors is far cheaper than running NUMBER_RE.
_ANCHOR = re.compile(
    trie_pattern([*"0123456789", *_ANCHOR_WORDS, *(w.capitalize() for w in _ANCHOR_WORDS)])
)
NUMBER_RE = re.compile(
    rf"(?P<vague>\b(?:{_VAGUE})\b)"
    rf"|(?P<digits>(?<![\w.,])(?:{_DIGITS}){_SCALE_WORD}(?!(?!(?:st|nd|rd|th)\b)\w|[.,]\d))"
    rf"|(?P<words>\b(?:{_WORD_NUMBER})\b)",
    re.IGNORECASE,
)
# Where a NUMBER_RE match can start: a word start holding a digit, or the whole word (a space,
# a hyphen or a word boundary follows it) that begins its words or vague alternative, with what
# those alternatives demand after "a", "some", ... Finding these first and trying NUMBER_RE only
# there gives the same matches as scanning with it, at a fraction of the cost.
_FIRST_WORDS = [*_UNITS.split("|"), *_TENS.split("|"), *_SCALES.split("|"), *_VAGUE_SCALE_WORDS]
_NUMBER_START = re.compile(
    rf"(?<!\w)(?:\d|{trie_pattern(_FIRST_WORDS)}(?!\w)"
    r"|a(?=\s+(?:few|couple|dozen|hundred|thousand|million|billion))"
    r"|(?:several|some|many)(?=\s+(?:hundred|thousand|million|dozen))"
    r"|tens(?=\s+of\s+thousands)|half(?=\s+a\s+dozen))",
    re.IGNORECASE,
)
_SCALE_VALUE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE_SCALE = {
    "hundreds": 100,
    "thousands": 1000,
    "millions": 1_000_000,
    "dozens": 12,
    "scores": 20,
}

_MONTH = (
    r"(?:Jan(?:uary|\.)?|Feb(?:ruary|\.)?|Mar(?:ch|\.)?|Apr(?:il|\.)?|May|June?|July?"
    r"|Aug(?:ust|\.)?|Sept?(?:ember|\.)?|Oct(?:ober|\.)?|Nov(?:ember|\.)?|Dec(?:ember|\.)?)"
)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.IGNORECASE)
_TIME_AFTER = re.compile(
    r"^(?::\d{2}|\s*(?:a\.m\.|p\.m\.|am\b|pm\b|GMT\b|UTC\b|KST\b|hours\b|o'clock\b|local\s+time\b))",
    re.IGNORECASE,
)
_MONEY_BEFORE = re.compile(r"(?:[$€£¥₩₽]|\bUS\$|\bUSD|\bEUR|\bKRW)\s?$")
_MONEY_AFTER = re.compile(
    r"^\s*(?:dollars?|euros?|won\b|rubles?|roubles?|yuan|pounds?|USD|EUR|KRW|cents?)\b",
    re.IGNORECASE,
)
_PERCENT_AFTER = re.compile(
    r"^\s*(?:%|percent\b|per\s+cent\b|percentage\s+points?\b)", re.IGNORECASE
)
_AGE_AFTER = re.compile(r"^[-\s]years?[-\s]old\b|^\s*years\s+of\s+age\b|^s\b", re.IGNORECASE)
_AGE_BEFORE = re.compile(r"\b(?:aged|age|ages)\s+$", re.IGNORECASE)
_MEASURE_AFTER = re.compile(
    r"^[-\s]?(?:km|kilomet(?:er|re)s?|miles?|met(?:er|re)s?|m\b|feet|foot|ft|kg|kilograms?|tons?|tonnes?"
    r"|hectares?|acres?|square|sq|mm|cm|millimet(?:er|re)s?|centimet(?:er|re)s?|degrees?|mph|km/h"
    r"|barrels?|litres?|liters?|calibre|caliber|inch(?:es)?|pounds?\s+of|lbs?)\b",
    re.IGNORECASE,
)
_FREQUENCY_AFTER = re.compile(r"^\s*times\b", re.IGNORECASE)
_DURATION_AFTER = re.compile(r"^[-\s](day|week|month|year)s?\b(?![-\s]old)", re.IGNORECASE)
_PARTITIVE_AFTER = re.compile(r"^\s+of\b", re.IGNORECASE)
_NAME_BEFORE = re.compile(
    r"\b(?:No\.|Nos\.|Unit|Regiment|Brigade|Division|Corps|Battalion|Route|Highway|Flight|Article"
    r"|Resolution|Room|Building|Gate|Block|Camp|Site|Line|Page|Chapter|Section|Level|Phase|Type"
    r"|Model|Mark|Mk\.|Version|Plant|Reactor|Bunker|Hill|Height|Height|Zone|Sector|Point|Post)\s+$"
)
_FACILITY_AFTER = re.compile(
    r"^\s+(?:House|Stadium|Street|Square|Hall|Park|Hospital|School|Factory|Bridge|Road|Avenue"
    r"|Movement|Uprising|Agreement|Declaration|Accord|Palace|Memorial|Museum|Theatre|Theater"
    r"|Tower|Plaza|Complex|Works|Mine|Station|Club|Institute|University)\b"
)
_MONTH_BEFORE = re.compile(rf"\b{_MONTH}\s+$")
_MONTH_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b")
_PHONE = re.compile(
    r"(?<![\w+])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,4}[\s.-]\d{3,4}[\s.-]\d{3,4}(?![\w])"
    r"|(?<![\w+])\+\d{1,3}(?:[\s.-]\d{1,4}){2,4}(?![\w])"
)
_DIGIT_RANGE_AFTER = re.compile(r"^[-–](\d)")
_PLURAL_NOUN_AFTER = re.compile(r"^\s+(?:[A-Z][\w-]*\s+){0,3}[a-z][a-z-]*s\b")
_TIME_BEFORE = re.compile(r"\d[:.]$")
_FOUR_DIGITS = re.compile(r"\d{4}")
_CAPITALISED_BEFORE = re.compile(r"([A-Z][\w’'.-]*)\s+$")
_OTHER_AFTER = re.compile(r"^\s+(?:another|other)\b", re.IGNORECASE)
_TRAILING_AND = re.compile(r"(?:\s+and)+$", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number found in text. Offsets are relative to the text it was found in."""

    start: int
    end: int
    text: str
    value: float
    value_max: float | None  # upper bound implied by a vague amount ("hundreds" -> 900)
    role: Role
    form: Literal["digits", "words", "vague"]

    @property
    def indefinite(self) -> bool:
        return self.form == "vague"


def word_value(text: str) -> float | None:
    """Value of a number written in words ("two hundred and fifty" -> 250), None if not one."""
    words = _SPACES.sub(" ", text.strip().lower())
    if words.startswith("a "):
        words = "one " + words[2:]
    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


def _digits_value(text: str) -> float:
    parts = text.replace(",", "").split()
    value = float(parts[0])
    if len(parts) > 1:
        value *= _SCALE_VALUE[parts[1].lower()]
    return value


def vague_range(text: str) -> tuple[float, float]:
    """The range a vague amount stands for.

    Rule: a plural or "several/a few/some/many" of a scale S means 2*S to 9*S ("hundreds" ->
    200-900, "several thousand" -> 2,000-9,000); "tens of thousands" 20,000-90,000; "hundreds
    of thousands" 200,000-900,000; "a dozen" is 12, "half a dozen" 6, "dozens" 24-108.
    """
    words = _SPACES.sub(" ", text.lower())
    if words == "a dozen":
        return 12.0, 12.0
    if words == "half a dozen":
        return 6.0, 6.0
    if words == "tens of thousands":
        return 20_000.0, 90_000.0
    if words == "hundreds of thousands":
        return 200_000.0, 900_000.0
    last = words.split()[-1]
    scale = _VAGUE_SCALE.get(last) or _SCALE_VALUE.get(last) or (12 if last == "dozen" else 1)
    return 2.0 * scale, 9.0 * scale


def _role(text: str, start: int, end: int, form: str, value: float) -> Role:
    if form == "vague":
        return "quantity"
    before, after = text[max(0, start - 48) : start], text[end : end + 64]
    raw = text[start:end]
    # The "...$" patterns on `before` match a few characters before its end (a trailing newline
    # included), so they are searched from there: the same answer without trying every start.
    if _ORDINAL_AFTER.match(after):
        return "ordinal"
    if form == "digits":
        if _TIME_AFTER.match(after) or _TIME_BEFORE.search(before, len(before) - 3):
            return "time"
        if _MONEY_BEFORE.search(before, len(before) - 6) or _MONEY_AFTER.match(after):
            return "money"
        if _DIGIT_RANGE_AFTER.match(after) and _FOUR_DIGITS.fullmatch(raw):
            return "year"
    if _PERCENT_AFTER.match(after):
        return "percent"
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return "age"
    if _DURATION_AFTER.match(after):
        return "duration"
    if _MEASURE_AFTER.match(after):
        return "measure"
    if _FREQUENCY_AFTER.match(after):
        return "frequency"
    if form == "digits":
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            return "year" if _FOUR_DIGITS.fullmatch(raw) else "name"
        if _NAME_BEFORE.search(before) or _FACILITY_AFTER.match(after):
            return "name"
        prev = _CAPITALISED_BEFORE.search(before)
        if prev and prev.group(1).lower() not in _FUNCTION_WORDS:
            return "name"
        if _FOUR_DIGITS.fullmatch(raw) and 1800 <= value <= 2100:
            return "quantity" if _PLURAL_NOUN_AFTER.match(after) else "year"
    if _PARTITIVE_AFTER.match(after) and value == 1:
        return "partitive"
    if _OTHER_AFTER.match(after):
        return "partitive"
    return "quantity"


# Capitalised words that may stand before a count at a sentence start.
_FUNCTION_WORDS = frozenset(
    (
        "about", "around", "approximately", "roughly", "some", "nearly", "almost", "only", "just",
        "over", "under", "more", "fewer", "less", "up", "at", "as", "and", "but", "or", "the", "a",
        "an", "another", "all", "those", "these", "its", "their", "his", "her", "of", "in", "on",
        "by", "to", "for", "from", "with", "while", "since", "during", "after", "before", "when",
        "where", "although", "though", "if", "earlier", "later", "then", "so", "yet", "both",
        "least", "most", "than", "another", "additional", "estimated", "an", "further",
    )
)  # fmt: skip


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number in `text`, with its value and role."""
    return numbers_outside(text, None)


def numbers_outside(text: str, skip: Callable[[int, int], bool] | None) -> list[NumberSpan]:
    """find_numbers(text) without the numbers whose (start, end) `skip` is true for.

    Each number's role depends on the text alone, so leaving some out changes nothing about the
    others, and their roles (the costly part) are never worked out.
    """
    windows = _windows(text)
    if not windows:
        return []
    phones: list[tuple[int, int]] | None = None  # found when the first digits need them
    found: list[NumberSpan] = []
    for match in _number_matches(text, windows):
        start, end = match.span()
        raw = match.group()
        if match.lastgroup != "words" and skip is not None and skip(start, end):
            continue
        if match.lastgroup == "vague":
            lo, hi = vague_range(raw)
            found.append(
                NumberSpan(start, end, raw, lo, None if lo == hi else hi, "quantity", "vague")
            )
            continue
        if match.lastgroup == "digits":
            if phones is None:
                phones = [
                    (m.start(), m.end())
                    for lo, hi in windows
                    for m in _PHONE.finditer(text, lo, hi)
                ]
            if any(s <= start < e for s, e in phones):
                found.append(
                    NumberSpan(start, end, raw, _digits_value(raw), None, "phone", "digits")
                )
                continue
            value = _digits_value(raw)
            form = "digits"
        else:
            # Trim a trailing "and" the alternation may have swallowed.
            trimmed = _TRAILING_AND.sub("", raw)
            end = start + len(trimmed)
            raw = trimmed
            if skip is not None and skip(start, end):
                continue
            parsed = word_value(raw)
            if parsed is None:
                continue
            value = parsed
            form = "words"
        found.append(
            NumberSpan(start, end, raw, value, None, _role(text, start, end, form, value), form)
        )  # type: ignore[arg-type]
    return found


def _number_matches(text: str, windows: list[tuple[int, int]]) -> Iterator[re.Match[str]]:
    """NUMBER_RE.finditer over each window, trying the pattern only where a number can start."""
    for lo, hi in windows:
        pos = lo
        for candidate in _NUMBER_START.finditer(text, lo, hi):
            start = candidate.start()
            if start >= pos:
                match = NUMBER_RE.match(text, start, hi)
                if match is not None:
                    pos = match.end()
                    yield match


def _windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` around digits and number words: the only places a number can be."""
    windows: list[list[int]] = []
    size = len(text)
    for anchor in _ANCHOR.finditer(text):
        start, end = anchor.span()
        hi = min(size, end + 24)
        lo = start - 16  # "a couple of", "several", "tens of"
        # The window starts at the word holding `lo` (never after it): when `lo` is inside the
        # last window already, the two merge whatever that word is.
        if not windows or lo > windows[-1][1]:
            lo = 0 if lo <= 0 else text.rfind(" ", 0, lo) + 1
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    return [(lo, hi) for lo, hi in windows]


def plain(value: float) -> str:
    """A value as warehouse text: "600", "1.5"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
