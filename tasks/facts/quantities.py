"""Numbers in a sentence's text: where each is, what it is worth, and whether it can be a fact.

The surface layer of the extractor. It reads what the characters settle (the value, a currency
mark, a percent sign, a hedge, a range, and the layouts that are never amounts: clock times,
phone numbers, dates, ages, ordinals, scores, street numbers, years, names such as "Covid-19")
and leaves what the grammar settles (what is counted, what happened to it, who says so) to
tasks/facts/grammar.py, which reads the parse.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from dataclasses import dataclass
from functools import cache

from text_to_num import text2num

from tasks import dates
from tasks.facts.vocabulary import Vocabulary

_SMALL = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    "|sixteen|seventeen|eighteen|nineteen"
)
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_SCALE_WORDS = "hundred|thousand|million|billion|trillion"
_WORD_PART = rf"(?:(?:{_TENS})(?:-(?:{_SMALL}))?|{_SMALL}|{_SCALE_WORDS})"
_WORD_NUMBER = rf"(?:a\s+(?:{_SCALE_WORDS})|{_WORD_PART})(?:(?:\s+and\s+|\s+|-)(?:{_WORD_PART}))*"
_VAGUE = (
    r"(?:several|a\s+few)\s+(?:hundred|thousand|million|billion)"
    r"|tens\s+of\s+thousands|hundreds\s+of\s+thousands|half\s+a\s+dozen|a\s+dozen"
    r"|dozens|hundreds|thousands|millions|billions|scores|dozen"
)
# A fraction is a share: "two-thirds", "nearly one-third", "a third of" (-> percent 66.67, 33.33);
# spaced only before "of" ("a third of", "three quarters of") or, for "a third", before the
# clause's end or a preposition ("cut by a third by 2030"), never before a noun, so "a third
# time" stays an ordinal and "in three quarters" a period.
_NUMERATORS = "one|two|three|four|five|six|seven|eight|nine"
_DENOMINATORS = {
    "third": 3, "quarter": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
    "tenth": 10,
}  # fmt: skip
_DENOMINATOR = "|".join(f"{d}s?" for d in _DENOMINATORS)
_FRACTION = (
    rf"\b(?:(?:{_NUMERATORS})-(?:{_DENOMINATOR})"
    rf"|(?:a|{_NUMERATORS})\s(?:{_DENOMINATOR})(?=\s+of\b)"
    rf"|a\s(?:{'|'.join(d for d in _DENOMINATORS if d != 'quarter')})"
    r"(?=\s*[.,;:!?)]|\s*$|\s+(?:by|in|from|to|and|or|since|over|after|than|between|last|this)\b))"
)
_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Month and weekday names of the date grammar (tasks/dates.py), capitalised, a month's full stop
# optional: the date mask hides every digit a date holds, however it is printed.
_MONTH = dates.month(dot="optional")
_DAY = dates.weekday()
_YEAR_NUMBER = re.compile(rf"{dates.YEAR}|2100")  # a bare number read as a year
# Layouts masked before numbers are looked for: their digits are never amounts.
_MASKS = {
    "phone": re.compile(
        r"(?<!\w)(?:\+\d{1,3}[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?!\w)"
        r"|(?<!\w)\+\d{1,3}(?:[\s.-]\d{2,4}){2,4}(?!\w)"
    ),
    "time": re.compile(
        r"(?<![\w.,])\d{1,2}(?:[:.]\d{2})?\s*(?:a\.m\.|p\.m\.|am\b|pm\b|o['’]clock\b)"
        r"|(?<![\w.,:])\d{1,2}:\d{2}(?::\d{2})?(?![\w:])"
        r"|(?<![\w.,])\d{1,2}(?:[:.]\d{2})?\s*(?:GMT|UTC|BST|EST|EDT|PST|PDT|CET|ET|PT)\b"
        # a game clock: "with 55 seconds left", "2:30 to play"
        r"|(?<![\w.,])\d{1,2}\s+(?:seconds?|minutes?)\s+(?:left|remaining|to\s+play|to\s+go)\b",
        re.IGNORECASE,
    ),
    # a ratio: "a 16:9 screen", "won 3:1" (a clock time has two digits after the colon)
    "ratio": re.compile(r"(?<![\w:.,])\d{1,2}:\d(?![\d:])"),
    "url": re.compile(r"\S*(?:https?://|www\.|\.com\b|\.org\b|doi\.org|\b10\.\d{4,}/)\S*"),
    "slash": re.compile(r"(?<!\S)\S*\d+/\d+\S*"),
    "date": re.compile(
        rf"\b{_MONTH}\s+\d{{1,2}}{dates.ORDINAL}(?:,?\s+\d{{4}})?\b"
        rf"|\b\d{{1,2}}{dates.ORDINAL}\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?\b"
        rf"|\b{_MONTH}\s+\d{{4}}\b|\b{_DAY},?\s+\d{{1,2}}\b"
        r"|\b\d{4}-\d{2}-\d{2}\b"
    ),
    "age": re.compile(
        r"\b\S+?[-\s](?:years?|months?|weeks?|days?)[-\s]old\b"
        r"|\b(?:aged|ages|age)\s+(?:of\s+)?(?:about\s+|between\s+)?\d+(?:\s*(?:-|–|to|and)\s*\d+)?"
        r"|(?<=[a-z][,])\s\d{1,3}(?=,)",
        re.IGNORECASE,
    ),
    "score": re.compile(
        r"(?<![\w.,$£€-])\d{1,2}\s?[-–]\s?\d{1,2}(?!\w|[.,]\d|%|-)(?!\s+[a-z]+s\b)"
        # a win-loss record: "improved to 14-0-1", "a 1-6-2 skid"
        r"|(?<![\w.,$£€-])\d{1,3}[-–]\d{1,3}[-–]\d{1,3}(?![\w-])"
        # a results line: "Wild 4, Sabres 1:", "Blue Jackets 5, Canadiens 2"
        r"|(?<![\w,])(?:[A-Z][\w.'’]*\s){1,3}\d{1,3},\s(?:[A-Z][\w.'’]*\s){1,3}\d{1,3}"
        r"(?=\s*[:;.,]|$)"
    ),
}
# What a mask cannot match without (a cheap search first; most sentences hold neither): the
# url mask's own marks, and a digit for every mask but the age one ("five-year-old").
_URL_MARKS = re.compile(r"https?://|www\.|\.com\b|\.org\b|doi\.org|\b10\.\d{4,}/")
_DIGIT_MASKS = frozenset(("phone", "time", "ratio", "slash", "date", "score"))
_A_DIGIT = re.compile(r"\d")
_NEG_WORDS = ("year", "date", "time", "age", "ordinal", "phone", "address", "score")
_SPACES = re.compile(r"\s+")
# Currency marks also written after the amount ("60,000₩", "25 €"); letters never are.
_POSTFIX_SYMBOLS = "₩|€|£|¥|₹|₽|₺|₦"


@dataclass(frozen=True, slots=True)
class Quantity:
    """One number phrase in a sentence; offsets index the sentence text.

    start..end covers hedge, currency mark, number(s), scale and percent or currency word;
    num_start..num_end the number itself (the first one of a range). kind is 'money' or
    'percent' when the characters say so, else None (the grammar decides count or measure).
    rejected names why it is not a fact ('year', 'date', ...) or is None.
    """

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    value_max: float | None
    value_from: float | None
    qualifier: str | None
    hedge: str | None
    kind: str | None
    unit: str | None
    vague: bool
    word_number: bool
    rejected: str | None = None


class QuantityFinder:
    """Compiled patterns for one vocabulary."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        symbols = sorted(vocabulary.currency_symbols, key=len, reverse=True)
        sym = "|".join(
            re.escape(s) + (r"(?=\s?\d)" if s[-1].isalpha() or s[-1] == "." else "")
            for s in symbols
        )
        codes = "|".join(sorted(vocabulary.currency_codes.codes))
        suffixes = "|".join(
            sorted((re.escape(k) for k in vocabulary.scales if len(k) <= 3), key=len, reverse=True)
        )
        attached = "|".join(
            sorted((re.escape(k) for k in vocabulary.units if len(k) <= 3), key=len, reverse=True)
        )
        self._number = re.compile(
            rf"(?<![\w.,/#@])(?<![A-Za-z]-)"
            rf"(?P<cur>(?:{sym})\s?|(?:{codes})\s)?"
            rf"(?:(?P<digits>{_DIGITS})(?:(?P<suffix>{suffixes})|(?P<attached>{attached}))?"
            rf"(?:[\s-](?P<scale>{_SCALE_WORDS}))?"  # "4.9 billion", "a 13.8-billion-year period"
            rf"|(?P<fraction>{_FRACTION})|(?P<half>\bhalf\s+an?\s+(?:{_SCALE_WORDS}))"
            rf"|(?P<vague>\b(?:{_VAGUE}))|(?P<words>\b{_WORD_NUMBER}))"
            rf"(?P<andhalf>[-\s]and[-\s]a[-\s]half\b)?"  # "five-and-a-half years"
            rf"(?![\w])(?!\.\d)(?!,\d)",
            re.IGNORECASE,
        )
        percent = "|".join(re.escape(w) for w in sorted(vocabulary.percent.words, key=len)[::-1])
        cur_words = "|".join(sorted(vocabulary.currency_words, key=len, reverse=True))
        prefixes = "|".join(
            re.escape(p).replace(r"\ ", r"\s")
            for p in sorted(vocabulary.currency_word_prefixes, key=len, reverse=True)
        )
        self._after = re.compile(
            rf"^(?P<pct>\s?%|[\s-](?:{percent})\b)"
            rf"|^\s(?:(?P<country>{prefixes})\s)?"
            rf"(?P<curword>(?:{cur_words})s?)\b"
            rf"|^\s(?P<code>{codes})\b"
            rf"|^\s?(?P<postsym>{_POSTFIX_SYMBOLS})",  # "60,000₩", "25 €"
            re.IGNORECASE,
        )
        hedges = "|".join(
            re.escape(h).replace(r"\ ", r"\s+")
            for h in sorted(vocabulary.hedges, key=len, reverse=True)
        )
        self._hedge = re.compile(rf"(?:^|(?<=\W))(?P<hedge>{hedges})\s+$", re.IGNORECASE)
        self._range = re.compile(r"^\s*(?P<sep>-|–|—|\bto\b|\band\b|\bor\b)\s*", re.IGNORECASE)
        streets = "|".join(sorted(vocabulary.reporting.street_types, key=len, reverse=True))
        self._address = re.compile(
            rf"^(?:[-–]\d+)?\s+(?:[A-Z][\w.'’-]*\s+){{1,3}}(?:{streets})\b\.?", re.IGNORECASE
        )
        self._capital_address = re.compile(r"^(?:[-–]\d+)?\s+[A-Z]")
        idents = "|".join(
            sorted((re.escape(w) for w in vocabulary.reporting.identifier_nouns), key=len)[::-1]
        )
        self._identifier = re.compile(rf"(?:\b(?:{idents})\.?|#)\s*$", re.IGNORECASE)

    def find(self, text: str) -> list[Quantity]:
        """Every number phrase in the sentence, rejected ones with their reason."""
        masked = text
        masks: list[tuple[int, int, str]] = []
        for reason, pattern in _MASKS.items():
            if (reason == "url" and _URL_MARKS.search(masked) is None) or (
                reason in _DIGIT_MASKS and _A_DIGIT.search(masked) is None
            ):
                continue  # the mask cannot match (its marks or a digit are missing)
            for m in pattern.finditer(masked):
                masks.append((m.start(), m.end(), reason))
                masked = masked[: m.start()] + "\x00" * (m.end() - m.start()) + masked[m.end() :]
        found: list[Quantity] = []
        for reason_start, reason_end, reason in masks:
            label = {"slash": "date", "url": "name with number", "ratio": "score"}.get(
                reason, reason
            )
            for m in re.finditer(r"\d+", text[reason_start:reason_end]):
                found.append(_rejected(reason_start + m.start(), reason_start + m.end(), label))
        matches = list(self._number.finditer(masked))
        last: Quantity | None = None
        skip_next = False
        for i, m in enumerate(matches):
            if skip_next:
                skip_next = False
                continue
            q = self._quantity(masked, text, m)
            if q is None:
                continue
            if (
                last is not None
                and last.rejected in ("model number", "name with number")
                and masked[last.end : q.start] in ("-", "–")
            ):
                q = dataclasses.replace(q, rejected="model number")  # the 9 of "787-9"
            last = q
            following = matches[i + 1] if i + 1 < len(matches) else None
            if following is not None and q.rejected is None:
                merged = self._merge_range(masked, text, q, m, following)
                if merged is not None:
                    q, skip_next = merged, True
            found.append(q)
        found.sort(key=lambda q: q.num_start)
        return _join_changes(masked, found)

    def _value(self, m: re.Match[str]) -> tuple[float, float | None, bool, bool] | None:
        valued = self._base_value(m)
        if valued is None or not m.group("andhalf"):
            return valued
        value, value_max, vague, word_number = valued
        return value + 0.5, value_max, vague, word_number

    def _base_value(self, m: re.Match[str]) -> tuple[float, float | None, bool, bool] | None:
        v = self.vocabulary
        if m.group("digits"):
            value = float(m.group("digits").replace(",", ""))
            scale = m.group("suffix") or m.group("scale")
            if scale:
                value *= v.scales[scale.lower()]
            return value, None, False, False
        if m.group("fraction"):
            top, bottom = re.split(r"[\s-]", m.group("fraction").lower())
            share = (1.0 if top == "a" else word_value(top) or 1.0) / _DENOMINATORS[
                bottom.rstrip("s")
            ]
            return round(100 * share, 2), None, False, True
        if m.group("half"):  # "half a million"
            return 0.5 * v.scales[m.group("half").split()[-1].lower()], None, False, True
        if m.group("vague"):
            word = _SPACES.sub(" ", m.group("vague").lower())
            if word in ("a dozen", "dozen"):
                return 12.0, None, False, True
            if word == "half a dozen":
                return 6.0, None, False, True
            if word.startswith(("several ", "a few ")):  # "several thousand" is "thousands"
                low, high = v.vague[word.split()[-1] + "s"]
                return low, high, True, True
            if word.startswith("tens of"):
                return 20_000.0, 99_999.0, True, True
            if word.startswith("hundreds of"):
                return 200_000.0, 999_999.0, True, True
            low, high = v.vague[word]
            return low, high, True, True
        words = _SPACES.sub(" ", m.group("words").lower().replace("-", " "))
        value = word_value(words)
        return (value, None, False, True) if value is not None else None

    def _quantity(self, masked: str, text: str, m: re.Match[str]) -> Quantity | None:
        valued = self._value(m)
        if valued is None:
            return None
        value, value_max, vague, word_number = valued
        num_start = m.start("digits") if m.group("digits") else m.start()
        num_end = m.end()
        end = m.end()
        kind = unit = None
        if m.group("cur"):
            kind = "money"
            unit = self._currency_code(m.group("cur").strip())
        after = self._after.match(masked[end:])
        if after:
            if after.group("pct"):
                kind, unit = "percent", "percent"
            elif kind is None and after.group("curword"):
                kind = "money"
                unit = self.vocabulary.currency_words[after.group("curword").lower().rstrip("s")]
                country = after.group("country")
                if country and unit == "USD":  # "Hong Kong dollars", "Australian dollars"
                    unit = self.vocabulary.currency_word_prefixes[_SPACES.sub(" ", country)]
            elif kind is None and after.group("code"):
                kind, unit = "money", after.group("code").upper()
            elif kind is None and after.group("postsym"):
                kind, unit = "money", self._currency_code(after.group("postsym"))
            if kind is not None:
                end += after.end()
        if m.group("fraction"):
            kind, unit = "percent", "percent"
        if kind is None and m.group("attached"):
            kind, unit = "measure", self.vocabulary.units[m.group("attached").lower()]
        start = m.start()
        hedge = self._hedge.search(masked[:start])
        qualifier = hedge_class = None
        if hedge:
            qualifier = _SPACES.sub(" ", hedge.group("hedge").lower())
            hedge_class = self.vocabulary.hedges[qualifier]
            start = hedge.start("hedge")
        if hedge_class == "up to" and value_max is None:
            value_max = value  # a ceiling: "up to 15,000" is at most 15,000
        rejected = self._rejected_reason(masked, text, m, kind, word_number, num_start)
        return Quantity(
            start, end, num_start, num_end, value, value_max, None, qualifier, hedge_class,
            kind, unit, vague, word_number, rejected,
        )  # fmt: skip

    def _currency_code(self, mark: str) -> str:
        v = self.vocabulary
        return v.currency_symbols.get(mark) or mark.upper()

    def _rejected_reason(
        self,
        masked: str,
        text: str,
        m: re.Match[str],
        kind: str | None,
        word_number: bool,
        num_start: int,
    ) -> str | None:
        digits = m.group("digits")
        before = masked[:num_start]
        after = masked[m.end() :]
        if digits and kind is None and re.fullmatch(_YEAR_NUMBER, digits) and not m.group("scale"):
            return "year"
        if re.match(r"^['’]?s\b", after) and digits:
            return "year"
        if digits and re.search(r"\b(?:ago|earlier|later|from\s+now)\b", after[:25]):
            return "date"
        if self._identifier.search(before) and not m.group("cur"):
            return "name with number"
        cur = (m.group("cur") or "").strip()
        if (
            cur[-1:].isalpha()
            and digits
            and "," not in digits
            and not (m.group("suffix") or m.group("scale"))
            and re.search(r"[A-Z][\w’'.-]*\s$", masked[: m.start()])
        ):
            return "model number"  # "Nighthawk R6700": a letter mark after a name is a code
        if word_number and re.match(r"^-(?:off|on-one|to-one|of-a-kind)\b", after):
            return "name with number"  # "one-off", "one-on-one": adjectives, not counts
        if digits and kind is None:
            if m.group("suffix") in ("K", "B") or re.match(r"^\([a-z]\)", after):
                return "name with number"  # "4K streaming", "2B Mindset", "a 401(k)"
            if re.search(r"[A-Z][\w.-]*\s?['’]s\s$", before):
                return "name with number"  # "Boeing's 787"
            if re.match(r"^-\d", after) and len(digits) >= 3:
                return "model number"  # "787-9"
            if re.match(r"^-(?!year|month|week|day)[a-z]+er\b", after):
                return "name with number"  # "a 3-pointer"

        if digits and kind is None:
            if self._address.match(after):
                return "address"
            if (
                re.search(r"(?:^|[.,;:!?]\s+|\(\s*)$", before) is not None
                and self._capital_address.match(after)
                and re.match(r"^(?:[-–]\d+)?\s+(?:[A-Z][\w.'’-]*\s+){1,3}[A-Z]\w*\b", after)
                and not re.match(r"^\s+[A-Z][a-z]+s\b", after)
            ):
                return None  # a sentence-initial number before a name is left to the grammar
            name = re.search(
                r"(?:(?<=[\w,;:’'\")”—–] )|(?<=\())(?:[A-Z]|[a-z][A-Z])[\w’'.-]*\s$", before
            )
            if name and not re.search(rf"(?:^|\W)(?:{_MONTH}|{_DAY})\s$", before):
                return "name with number"
        if word_number and m.group("words") and m.group("words")[0].isupper():
            prev = before.rstrip()
            if prev and prev[-1] not in ".!?:;\"“‘'(—–-":
                return "name with number"
        return None

    def _merge_range(
        self,
        masked: str,
        text: str,
        first: Quantity,
        m: re.Match[str],
        nxt: re.Match[str],
    ) -> Quantity | None:
        gap = masked[first.end : nxt.start()]
        sep = self._range.fullmatch(gap)
        if sep is None:
            return None
        second = self._quantity(masked, text, nxt)
        if second is None or second.rejected is not None:
            return None
        if first.kind and second.kind and first.kind != second.kind:
            return None
        word = sep.group("sep").lower()
        lead = masked[: first.start].rstrip().lower()
        low, high = first.value, second.value
        unscaled = m.group("digits") and not (m.group("suffix") or m.group("scale"))
        if unscaled and (nxt.group("suffix") or nxt.group("scale")):
            # "5 to 6 million": the first end takes the second's scale.
            scale = (nxt.group("suffix") or nxt.group("scale")).lower()
            low *= self.vocabulary.scales[scale]
        kind = first.kind or second.kind
        unit = first.unit or second.unit
        if lead.endswith("from") and word == "to":
            return Quantity(
                first.start, second.end, second.num_start, second.num_end, high, None, low,
                second.qualifier, second.hedge, kind, unit, second.vague, second.word_number,
            )  # fmt: skip
        if word in ("and",) and not lead.endswith("between"):
            return None
        if word == "or" and not first.word_number:
            return None
        if high <= low:
            return None
        qualifier, hedge = first.qualifier, first.hedge
        start = first.start
        if lead.endswith("between"):
            qualifier, hedge = "between", None
            start = len(masked[: first.start].rstrip()) - len("between")
        return Quantity(
            start, second.end, first.num_start, first.num_end, low, high, None, qualifier, hedge,
            kind, unit, first.vague, first.word_number,
        )  # fmt: skip


_DOWN_FROM = re.compile(r"\b(?:down|up)\s+from\s+$", re.IGNORECASE)
_FROM = re.compile(r"\bfrom\s+$", re.IGNORECASE)
_TO = re.compile(r"\bto\s+$", re.IGNORECASE)
_BARE_FROM = re.compile(r",?\s+(?:(?:down|up)\s+)?from\s+", re.IGNORECASE)


def _join_changes(masked: str, found: list[Quantity]) -> list[Quantity]:
    """A change written apart keeps its start as value_from, not as a figure of its own:
    "dropped to $9.1 billion in 2018, down from $19.5 billion", "from around 20% now to 24%".
    Money and percentages of one unit; bare numbers only right against each other ("the toll
    rose to 21 from 15"), where nothing between says they count different things."""
    out = list(found)
    live = [i for i, q in enumerate(out) if q.rejected is None and q.kind in ("money", "percent")]
    for b in live:
        start = out[b]
        lead = masked[: start.start]
        same = [
            i for i in live if i != b and out[i].kind == start.kind and out[i].unit == start.unit
        ]
        earlier = [i for i in same if out[i].end <= start.start]
        later = [i for i in same if out[i].start >= start.end]
        target = None
        if _DOWN_FROM.search(lead):  # "to $9.1 billion in 2018, down from $19.5 billion"
            target = earlier[-1] if earlier else None
        elif _FROM.search(lead):
            if later and _near(masked, start, out[later[0]]):  # "from 20% now to 24%"
                target = later[0]
            elif earlier and _near(masked, out[earlier[-1]], start):  # "fell to 6.6% from 6.9%"
                target = earlier[-1]
        if target is None or out[target].value_from is not None:
            continue
        out[target] = dataclasses.replace(out[target], value_from=start.value)
        out[b] = dataclasses.replace(start, rejected="start of a change")
    # bare numbers: only right against each other ("rose to 21 from 15", "to 40, up from 31")
    bare = [i for i, q in enumerate(out) if q.rejected is None and q.kind is None]
    for a, b in itertools.pairwise(bare):
        first, second = out[a], out[b]
        if (
            first.value_from is None
            and first.value_max is None
            and _TO.search(masked[: first.start])
            and _BARE_FROM.fullmatch(masked[first.end : second.start])
        ):
            out[a] = dataclasses.replace(first, value_from=second.value)
            out[b] = dataclasses.replace(second, rejected="start of a change")
    return out


def _near(masked: str, first: Quantity, second: Quantity) -> bool:
    """Two ends of one change: the later is the "to" end's neighbour, or the former is."""
    gap = second.start - first.end
    return 0 <= gap <= 40 and bool(
        _TO.search(masked[: second.start]) or _TO.search(masked[: first.start])
    )


def _rejected(start: int, end: int, reason: str) -> Quantity:
    return Quantity(
        start, end, start, end, 0.0, None, None, None, None, None, None, False, False, reason
    )


@cache
def word_value(words: str) -> float | None:
    """The value of a number written in words ("two hundred and fifty"), None if not one."""
    words = words.strip()
    if words.startswith("a "):
        words = "one " + words[2:]
    try:
        return float(text2num(words, "en"))
    except ValueError:
        return None


NEGATIVE_REASONS = _NEG_WORDS
