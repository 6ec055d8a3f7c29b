"""Counts: a number, what it counts, what happened to them, and how sure the text is.

A number becomes a count only when a predicate ties it to an event, found in one of these shapes:
- the counted noun carries it: "600 casualties", "nine deaths";
- a verb takes it as object: "dispatched several thousand troops", "agreed to send 1,000 ...",
  "the loss of nine lives";
- it follows the counted phrase: "600 soldiers have been killed", "nine killed in action",
  "15,000 troops fought" (not when the verb has an object of its own: "200 troops killed 50");
- "the number of troops involved could be as high as 15,000", "the death toll rose to 600";
- a duration of a deployment: "the 120-day deployment", "deployed for six months";
- a number joined by "and" to a count just before it shares that count's predicate.
Numbers with any other role (year, ordinal, time, price, ...) are never counts, and neither are
numbers of things that are neither people nor materiel ("26 cases", "lost 24-17", "1.85 points").
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from tasks.facts.lexicon import (
    AUX_FILLER,
    DURATION_NOUNS,
    NOUN_PREDICATES,
    OBJECT_FILLER,
    PERSON_HEADS,
    PREDICATE_AFTER,
    PREDICATE_BEFORE,
    SUBJECT_NOISE,
    THING_HEADS,
    UNIT_NOUNS,
)
from tasks.facts.numbers import NumberSpan, numbers_outside, plain
from tasks.facts.trie import trie_pattern

_HEDGES: list[tuple[str, str]] = [
    (r"up\s+to|as\s+many\s+as|as\s+high\s+as|as\s+much\s+as|at\s+most|no\s+more\s+than"
     r"|a\s+maximum\s+of", "up to"),
    (r"at\s+least|no\s+fewer\s+than|no\s+less\s+than|a\s+minimum\s+of"
     r"|at\s+a\s+minimum", "at least"),
    (r"more\s+than|well\s+over|just\s+over|over|upwards\s+of|in\s+excess\s+of|above|exceeding"
     r"|greater\s+than", "more than"),
    (r"fewer\s+than|less\s+than|under|below|just\s+under", "fewer than"),
    (r"nearly|almost|close\s+to|just\s+shy\s+of", "nearly"),
    (r"approximately|approx\.|about|around|roughly|some|circa|an\s+estimated|estimated"
     r"|an\s+approximate|an\s+approximately|an\s+around", "approximately"),
]  # fmt: skip
_HEDGE_RE = re.compile(
    r"(?<![\w])(?:" + "|".join(f"(?P<h{i}>{p})" for i, (p, _) in enumerate(_HEDGES)) + r")\s+$",
    re.IGNORECASE,
)
_BEFORE_RES = [
    (re.compile(rf"\b(?:{pattern})\s+{OBJECT_FILLER}$", re.IGNORECASE), predicate)
    for pattern, predicate in PREDICATE_BEFORE
]
_ALTERNATIVE = re.compile(r"([a-z]+?)(s\?)?(?:\\s\+[a-z]+)*")


def _leading_words(pattern: str) -> frozenset[str] | None:
    """The words a PREDICATE_BEFORE pattern can start with, or None when it is not of the plain
    shapes "word\\s+..." or "(?:word|words?|word\\s+word)\\s+..." this reads."""
    if pattern.startswith("(?:"):
        close = pattern.find(")")
        group, rest = pattern[3:close], pattern[close + 1 :]
        if close < 0 or "(" in group:
            return None
        alternatives = group.split("|")
    else:
        word = re.match(r"[a-z]+", pattern)
        if word is None:
            return None
        alternatives, rest = [word.group()], pattern[word.end() :]
    if rest and not rest.startswith("\\s"):
        return None  # the first word must end at a space
    words: set[str] = set()
    for alternative in alternatives:
        parts = _ALTERNATIVE.fullmatch(alternative)
        if parts is None:
            return None
        words.add(parts.group(1))
        if parts.group(2):
            words.add(parts.group(1) + "s")
    return frozenset(words)


# A _BEFORE_RES match starts at a word start with one of its pattern's leading words followed
# by a space: finding those (rarely any) and trying the patterns there alone is far cheaper than
# running every pattern from every position. None: a pattern this cannot read; run them all.
_LEADING = [_leading_words(pattern) for pattern, _ in PREDICATE_BEFORE]
_LEADING_WORD = (
    re.compile(
        rf"(?<!\w){trie_pattern(sorted(frozenset().union(*_LEADING)))}(?=\s)",  # type: ignore[arg-type]
        re.IGNORECASE,
    )
    if None not in _LEADING
    else None
)
_AFTER_KEYS = sorted(PREDICATE_AFTER, key=lambda k: -len(k))
_AFTER_RE = re.compile(r"(?:" + "|".join(re.escape(k) for k in _AFTER_KEYS) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][\w’'\-]*|\d[\d,.]*|\S")
_NUMBER_OF = re.compile(
    r"\b(?:the\s+)?(?:total\s+)?(?:number|count|tally)\s+of\s+(?P<np>[^,;:]{1,60}?)\s+"
    r"(?:(?:could|may|might|would|will|is|was|has|have|had|stands?|stood|reached|rose|climbed|"
    r"exceeded|exceeds|totals?|totaled|totalled|be|been|at|to|now|likely|estimated|put|puts|"
    r"placed|places)\s+)+$",
    re.IGNORECASE,
)
_TOLL = re.compile(
    r"\b(?:death\s+toll|toll)\b[^,;:]{0,40}?\s+(?:of|at|to|is|was|stands\s+at|stood\s+at|"
    r"reached|rose\s+to|has\s+risen\s+to|climbed\s+to|hit)\s+$",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"[-\s](?P<unit>day|week|month|year)s?(?:[-\s]long)?\s+(?:[a-z-]+\s+){0,2}?(?P<noun>[a-z]+)\b",
    re.IGNORECASE,
)
_DURATION_HEDGE = r"(?:(?:about|around|nearly|almost|more\s+than|over|roughly|some)\s+)?"
_DURATION_FOR = re.compile(
    r"\b(?:(?P<verb>deployed|stationed|served|serving|fought|fighting|deployment|dispatched|sent)"
    r"\s+(?:there\s+|abroad\s+|in\s+\w+\s+)?(?:for|over)"
    r"|(?P<spent>spent|spending|spend)"
    r"|(?P<noun>deployment|mission|tour|operation|dispatch|rotation)(?:,[^,]{1,80},)?\s+"
    r"(?:lasted|lasting|lasts|will\s+last|would\s+last|ran|runs))\s+" + _DURATION_HEDGE + "$",
    re.IGNORECASE,
)
_MILITARY = re.compile(
    r"\b(?:unit|units|troops|soldiers|regiment|brigade|battalion|division|corps|army|forces"
    r"|sappers|engineers|front|combat|mines|mine-clearing|demining)\b",
    re.IGNORECASE,
)
_DURATION_UNIT_AFTER = re.compile(r"\s+(?P<unit>day|week|month|year)s?\b", re.IGNORECASE)
_COORDINATION = re.compile(
    r"^\s*(?:,\s*)?(?:and|or|as\s+well\s+as|plus|along\s+with|together\s+with|including)?\s*$"
)
_LOOSE_COORDINATION = re.compile(r"(?:^|[\s,])(?:along\s+with|together\s+with|as\s+well\s+as)\s*$")
_PP = re.compile(r"\s+(?:in|from|of|with|at)\s+(?:his|her|their|its|the|a)\s+[a-z]+")
# "bringing the total to about 14,000", "up from 3,000 in January": the same count again.
_TOTAL = re.compile(
    r"\btotal\b(?:\s+[\w-]+){0,4}?\s+(?:to|at|of)\s+$|\b(?:up|down)\s+from\s+$"
    r"|\b(?:figure|number|toll|estimate|tally|count)\s+at\s+$",
    re.IGNORECASE,
)
_DISPATCH_OF = re.compile(r"\b(?:dispatch|deployment)\s+of\s+$")
_AGREED_AFTER = re.compile(r"\s+(?:was|were|has\s+been|had\s+been|is|are)\s+(?:\w+\s+)?agreed\b")
_BETWEEN_BEFORE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_AND = re.compile(r"\s+(?:and|to)\s+")
_RANGE_DASH = re.compile(r"\s*(?:-|–|to)\s*")
_SUBJECT_WORD = re.compile(r"[\w’'.-]+")
_SUBJECT_PARTS = re.compile(r"\band\b|,|\bor\b")
_ACTIVE_OBJECT = re.compile(
    r"\s+(?:at\s+least\s+|more\s+than\s+|about\s+|some\s+)?(?:\d|a\b|an\b|the\b|their\b|its\b|"
    r"dozens\b|hundreds\b|thousands\b|[a-z]+s\b(?<!\bforces)(?<!\bsoldiers))",
)


@dataclass(frozen=True, slots=True)
class CountSpan:
    """A count found in one sentence; offsets are body offsets."""

    start: int
    end: int
    value: str
    value_max: str | None
    qualifier: str | None
    predicate: str
    unit: str | None
    subject: str | None
    subject_key: str | None


def _tail(text: str, size: int) -> tuple[str, int]:
    """The last `size` characters of `text`, starting at a word, and where they start.

    Patterns anchored at the end ("...$") are searched in this tail only: searching the whole
    sentence would try every start position.
    """
    if len(text) <= size:
        return text, 0
    cut = len(text) - size
    space = text.find(" ", cut)
    cut = space + 1 if space >= 0 else cut
    return text[cut:], cut


def _mentions(text: str, size: int, *words: str) -> bool:
    """Whether the last `size` characters of `text` hold one of `words` in any case.

    A cheap test before a case-blind pattern that needs one of them. Exact for words without
    "i", "k" or "s": those are the only ASCII letters IGNORECASE also matches outside ASCII (the
    dotted and dotless i, the Kelvin sign, the long s), so any match lowercases to the word.
    """
    low = text[-size:].lower()
    return any(word in low for word in words)


def _hedge(before: str) -> tuple[str | None, int]:
    """The hedge that ends `before` and where it starts (len(before) when none)."""
    tail, cut = _tail(before, 40)
    match = _HEDGE_RE.search(tail)
    if not match:
        return None, len(before)
    index = int((match.lastgroup or "h0")[1:])
    return _HEDGES[index][1], cut + match.start()


def _tokens(text: str, start: int) -> list[re.Match[str]]:
    return list(_WORD.finditer(text, start))


def _head_class(word: str) -> str | None:
    low = word.lower()
    return PERSON_HEADS.get(low) or THING_HEADS.get(low)


def subject_key(subject: str | None) -> str | None:
    """The subject folded so reports compare: "600 North Korean soldiers" and "troops" match."""
    if not subject:
        return None
    words = [w for w in _SUBJECT_WORD.findall(subject.lower()) if w not in ("the", "a", "an")]
    if "of" in words:
        cut = words.index("of")
        head, tail = words[:cut], words[cut + 1 :]
        if head and any(t in UNIT_NOUNS for t in tail):
            return "troops"
        words = head
    classes: list[str] = []
    for part in _SUBJECT_PARTS.split(" ".join(words)):
        tokens = [t for t in part.split() if t not in SUBJECT_NOISE]
        if not tokens:
            continue
        head = tokens[-1]
        cls = _head_class(head) or (head[:-1] if head.endswith("s") and len(head) > 3 else head)
        if cls not in classes:
            classes.append(cls)
    return " and ".join(classes) if classes else None


@dataclass(frozen=True, slots=True)
class _Phrase:
    """What follows a number: the counted phrase, if any."""

    text: str | None  # the counted noun phrase as written
    end: int  # sentence offset after the phrase (or after the number when there is none)
    adjective: str | None  # a predicate used as a modifier: "1,500 wounded soldiers"
    partitive: bool  # "100 of them", "27 of the 30 men": part of a group named elsewhere
    more: bool  # "3,000 more", "another 1,000": continues an earlier count


_MORE = ("more", "additional", "other", "others", "extra", "further")
# _subject_after reads at most 16 tokens past the leading _MORE words, and compares no index
# beyond that with the number of tokens, so the first _SUBJECT_TOKENS tokens give the same
# phrase as all of them unless that many _MORE words lead (then it reads them all).
_SUBJECT_TOKENS = 24
_MOST_MORE = _SUBJECT_TOKENS - 19


def _subject_after(text: str, pos: int, vague: bool) -> _Phrase:
    """The counted noun phrase starting at `pos` (sentence-relative)."""
    tokens = list(itertools.islice(_WORD.finditer(text, pos), _SUBJECT_TOKENS))
    if len(tokens) == _SUBJECT_TOKENS:
        leading = 0
        while leading < len(tokens) and tokens[leading].group().lower() in _MORE:
            leading += 1
        if leading > _MOST_MORE:
            tokens = _tokens(text, pos)
    i = 0

    def low(k: int) -> str:
        return tokens[k].group().lower() if k < len(tokens) else ""

    more = False
    while low(i) in _MORE:
        more = True
        i += 1
    partitive = False
    if low(i) == "of" and (vague or low(i + 1) in _PARTITIVE_DETERMINERS):
        partitive = not vague
        i += 1
        if low(i) in ("them", "those", "whom", "these"):
            return _Phrase(None, tokens[i].end(), None, True, more)
        if low(i) in _PARTITIVE_DETERMINERS:
            i += 1
        if i < len(tokens) and tokens[i].group()[0].isdigit():
            i += 1  # "27 of the 30 men"
    words: list[re.Match[str]] = []
    adjective: str | None = None
    scanned = 0
    while i < len(tokens) and scanned < 7:
        tok = tokens[i].group()
        lw = tok.lower()
        if not tok[0].isalpha() or lw in _NP_STOP:
            break
        is_head = _head_class(lw) is not None
        if lw in PREDICATE_AFTER and not is_head:
            if not _modifies(tokens, i):
                break
            adjective = adjective or PREDICATE_AFTER[lw]
        elif tok[0].islower() and lw.endswith(("ed", "ing")) and not _modifies(tokens, i):
            break
        words.append(tokens[i])
        scanned += 1
        if is_head and _head_class(low(i + 1)) is not None and low(i + 1) not in PREDICATE_AFTER:
            i += 1  # "artillery shells": the last noun is the head
            continue
        if is_head:
            head_end = tokens[i].end()
            # "members of the regiment", "soldiers of the 11th Corps"
            if low(i + 1) == "of" and low(i + 2) in ("the", "its", "their", "his", "north", "a"):
                j = i + 3 if low(i + 2) in ("the", "its", "their", "his", "a") else i + 2
                for k in range(j, min(j + 4, len(tokens))):
                    if not tokens[k].group()[0].isalnum():
                        break
                    if tokens[k].group().lower() in UNIT_NOUNS:
                        head_end = tokens[k].end()
                        break
            # "engineers and construction workers": one number, two nouns
            elif low(i + 1) in ("and", "or") and lw in PERSON_HEADS:
                for k in range(i + 2, min(i + 6, len(tokens))):
                    other = tokens[k].group().lower()
                    if not tokens[k].group()[0].isalpha() or other in _NP_STOP or other == "of":
                        break
                    if other in PERSON_HEADS:
                        head_end = tokens[k].end()
                        break
                    if _head_class(other) is not None:
                        break
            return _Phrase(text[words[0].start() : head_end], head_end, adjective, partitive, more)
        i += 1
    # An unknown plural noun right after the number ("600 sappers") still counts as a subject.
    last_word = words[-1].group() if words else ""
    if (
        last_word.endswith("s")
        and len(words) <= 3
        and (last_word.islower() or _PEOPLE.match(last_word))
    ):
        last = words[-1].group().lower()
        if last not in PREDICATE_AFTER:
            return _Phrase(
                text[words[0].start() : words[-1].end()], words[-1].end(), None, partitive, more
            )
    end = tokens[i - 1].end() if (more or partitive) and i > 0 else pos
    return _Phrase(None, end, adjective, partitive, more)


def _modifies(tokens: list[re.Match[str]], i: int) -> bool:
    """An -ed/-ing word that is a modifier: a counted noun follows within two words."""
    for k in (i + 1, i + 2):
        if k < len(tokens) and _head_class(tokens[k].group()) is not None:
            return True
    return False


_PEOPLE = re.compile(r"[A-Z][a-z]+ans$")  # "Ukrainians", "Russians"
_LOST = re.compile(r"\b(?:lost|losing|lose|loses)\s+" + OBJECT_FILLER + "$", re.IGNORECASE)


def _countable(subject: str) -> bool:
    """A subject counts people or materiel: its head noun is known, or a people ("Ukrainians")."""
    last = subject.split()[-1]
    low = last.lower()
    return bool(
        low in PERSON_HEADS
        or low in THING_HEADS
        or low in NOUN_PREDICATES
        or low in UNIT_NOUNS
        or _PEOPLE.match(last)
    )


_PARTITIVE_DETERMINERS = frozenset(
    ["the", "its", "their", "his", "her", "them", "those", "these", "whom", "our"]
)


_NP_STOP = frozenset(
    (
        "have", "has", "had", "were", "was", "are", "is", "been", "be", "will", "would", "could",
        "may", "might", "who", "that", "which", "to", "in", "on", "at", "by", "with", "from", "for",
        "while", "during", "after", "before", "since", "into", "alongside", "across", "as", "and",
        "or", "but", "than", "near", "through", "under", "over", "including", "like", "according",
        "where", "when", "whose", "whom", "what", "why", "how", "if", "because", "although",
        "though", "so", "then", "there", "here", "not",
    )
)  # fmt: skip


def _predicate_after(text: str, pos: int) -> tuple[str | None, int]:
    """A predicate following the counted phrase (auxiliaries allowed between)."""
    rest = text[pos:]
    aux = AUX_FILLER.match(rest)
    offset = aux.end() if aux else len(rest) - len(rest.lstrip())
    auxiliary = bool(aux and aux.group().strip())  # "were killed", not just "killed"
    match = _AFTER_RE.match(rest, offset)
    if match is None:
        # "27 of the 30 men in his unit were killed": one short phrase may come between.
        pp = _PP.match(rest)
        aux = AUX_FILLER.match(rest[pp.end() :]) if pp else None
        if pp is None or aux is None:
            return None, pos
        auxiliary = bool(aux.group().strip())
        match = _AFTER_RE.match(rest, pp.end() + aux.end())
        if match is None:
            return None, pos
    word = match.group().lower()
    if (
        word in ("killed", "captured", "wounded", "injured")
        and not auxiliary
        and _ACTIVE_OBJECT.match(rest, match.end())
    ):
        return None, pos  # "200 soldiers killed 50 ...": they did the killing
    predicate = PREDICATE_AFTER.get(word)
    if predicate is None:  # matched case-insensitively through a letter like 'ſ' or 'K' (Kelvin)
        return None, pos
    return predicate, pos + match.end()


def _predicate_before(before: str) -> str | None:
    tail, _ = _tail(before, 90)
    if _LEADING_WORD is None:
        for pattern, predicate in _BEFORE_RES:
            if pattern.search(tail):
                return predicate
        return None
    starts = [word.start() for word in _LEADING_WORD.finditer(tail)]
    for pattern, predicate in _BEFORE_RES:
        for start in starts:
            if pattern.match(tail, start):
                return predicate
    return None


def _last_person_phrase(text: str, end: int) -> str | None:
    """The last counted-noun phrase before `end`: the subject of "..., honoring nine killed"."""
    tokens = _tokens(text[:end], 0)
    for k in range(len(tokens) - 1, -1, -1):
        tok = tokens[k].group()
        if tok.lower() in PERSON_HEADS and tok.lower() not in ("lives", "dead", "casualties"):
            first = k
            while first > 0 and first > k - 3:
                prev = tokens[first - 1].group()
                if (
                    not prev[0].isalpha()
                    or prev.lower() in _NP_STOP
                    or prev.lower()
                    in (
                        "the",
                        "a",
                        "an",
                        "home",
                        "his",
                        "her",
                        "its",
                        "their",
                    )
                    or (
                        prev[0].islower()
                        and prev.lower().endswith("ed")
                        and prev.lower() not in ("specialized", "specialised")
                    )
                ):
                    break
                first -= 1
            return text[tokens[first].start() : tokens[k].end()]
    return None


@dataclass(slots=True)
class _Candidate:
    start: int  # sentence offsets
    end: int
    hedge_start: int
    value: float
    value_max: float | None
    qualifier: str | None
    predicate: str | None
    subject: str | None
    phrase: _Phrase
    form: str
    is_object: bool  # its predicate is a verb before it ("killed 70"): no agent is its subject
    from_noun: bool  # "26 cases and 11 deaths": a noun's predicate is not shared with a neighbour
    unknown: bool  # counts something that is neither a person nor materiel ("jobs", "points")


def find_counts(
    text: str,
    offset: int,
    blocked: list[tuple[int, int]],
    *,
    earlier_subject: str | None = None,
) -> list[CountSpan]:
    """Counts in one sentence `text` that starts at body offset `offset`.

    `earlier_subject` is the subject of the article's last count before this sentence: what
    "3,000 more" or "100 of them" count when the sentence does not say.
    """

    def is_blocked(start: int, end: int) -> bool:
        return any(s < end + offset and start + offset < e for s, e in blocked)

    numbers = [
        n
        for n in numbers_outside(text, is_blocked if blocked else None)
        if n.role in ("quantity", "duration")
    ]
    if not numbers:
        return []
    found: list[CountSpan] = []
    candidates: list[_Candidate] = []
    skip_next = False
    for idx, num in enumerate(numbers):
        if skip_next:
            skip_next = False
            continue
        if num.role == "duration":
            count = _duration(text, num, offset)
            if count is not None:
                found.append(count)
            continue
        if (
            candidates
            and candidates[-1].phrase.adjective is None
            and candidates[-1].phrase.partitive
            and candidates[-1].end > num.start >= candidates[-1].start
        ):
            continue  # the 30 in "27 of the 30 men"
        nxt = numbers[idx + 1] if idx + 1 < len(numbers) else None
        candidate, skip_next = _candidate(text, num, nxt)
        candidates.append(candidate)

    # A number joined by "and" to a count shares its predicate, in either direction.
    for _ in range(2):
        for a, b in itertools.pairwise(candidates):
            if b.hedge_start <= a.end or a.from_noun or b.from_noun:
                continue  # "120 of the 300 wounded soldiers"; "26 cases and 11 deaths"
            gap = text[a.end : b.hedge_start]
            if _COORDINATION.match(gap) or (
                _LOOSE_COORDINATION.search(gap) and len(gap.split()) <= 8
            ):
                if b.predicate is None and a.predicate is not None:
                    b.predicate = a.predicate
                elif a.predicate is None and b.predicate is not None:
                    a.predicate = b.predicate
    # "bringing the total to about 14,000": the total of what the count before it counted.
    for a, b in itertools.pairwise(candidates):
        if b.predicate is None and _TOTAL.search(_tail(text[: b.hedge_start], 80)[0]):
            b.predicate = a.predicate

    previous: _Candidate | None = None
    for c in candidates:
        if c.predicate is None or c.unknown:
            continue
        if c.form == "words" and c.value == 1 and c.subject is None:
            continue
        if c.subject is None:
            if previous is not None:
                c.subject = previous.subject
            elif c.phrase.more or c.phrase.partitive:
                c.subject = earlier_subject
            elif not c.is_object:
                c.subject = _last_person_phrase(text, c.hedge_start) or (
                    earlier_subject if c.phrase.partitive else None
                )
        head = c.subject.split()[-1].lower() if c.subject else None
        if head in THING_HEADS and c.predicate == "deployed":
            c.predicate = "supplied"
        if c.predicate == "supplied" and (head is None or head in PERSON_HEADS):
            c.predicate = "deployed"
        found.append(
            CountSpan(
                c.start + offset,
                c.end + offset,
                plain(c.value),
                plain(c.value_max) if c.value_max is not None else None,
                c.qualifier,
                c.predicate,
                None,
                c.subject,
                subject_key(c.subject),
            )
        )
        previous = c
    found.sort(key=lambda c: c.start)
    return found


def _candidate(text: str, num: NumberSpan, nxt: NumberSpan | None) -> tuple[_Candidate, bool]:
    """One number read as a count (its predicate may still be None); True if it ate `nxt`."""
    value, value_max = num.value, num.value_max
    end_num = num.end
    qualifier: str | None = "indefinite" if num.indefinite else None
    hedge, hedge_start = _hedge(text[: num.start])
    ate_next = False
    # Ranges: "between 10,000 and 12,000", "10,000 to 12,000", "10,000-12,000".
    if nxt is not None and nxt.role == "quantity" and nxt.value > value and not nxt.indefinite:
        gap = text[num.end : nxt.start]
        between = _BETWEEN_BEFORE.search(text, 0, num.start)
        if (between and _RANGE_AND.fullmatch(gap)) or _RANGE_DASH.fullmatch(gap):
            value_max, end_num, ate_next = nxt.value, nxt.end, True
            hedge, hedge_start = "between", between.start() if between else num.start
    if hedge is not None:
        qualifier = hedge
        if hedge == "up to" and value_max is None:
            value_max = value
        if hedge in ("at least", "more than"):
            value_max = None
    phrase = _subject_after(text, end_num, num.indefinite)
    subject = phrase.text
    head = subject.split()[-1].lower() if subject else None
    before = text[:hedge_start]
    predicate: str | None = NOUN_PREDICATES.get(head or "")
    from_noun = predicate is not None
    is_object = False
    unknown = bool(subject) and not _countable(subject or "")
    if predicate is None:
        predicate = _predicate_before(before)
        is_object = predicate is not None
        if (
            predicate == "killed"
            and _LOST.search(_tail(before, 60)[0])
            and (head not in PERSON_HEADS or head in ("dead", "casualties", "losses"))
        ):
            predicate = None  # "lost 24-17", "lost five straight": losses of people only
        if predicate in ("deployed", "supplied") and subject is None and not phrase.more:
            predicate = None  # "sent 12 of the best ones": sending what?
        if (
            predicate == "deployed"
            and _DISPATCH_OF.search(_tail(before, 30)[0])
            and _AGREED_AFTER.match(text, phrase.end)
        ):
            predicate = "agreed_to_send"  # "the dispatch of 6,000 ... was agreed"
    if predicate is None:
        predicate, _ = _predicate_after(text, phrase.end)
    if predicate is None and phrase.adjective is not None and not phrase.partitive:
        predicate = phrase.adjective  # "1,500 wounded soldiers"; not "120 of the 300 wounded"
    if predicate is None:
        counted = _number_of(before)
        if counted is not None:
            predicate, subject = counted
    if predicate is None and _mentions(before, 80, "toll") and _TOLL.search(_tail(before, 80)[0]):
        predicate = "killed"
    start = hedge_start if hedge is not None else num.start
    end = max(phrase.end if subject else end_num, end_num)
    candidate = _Candidate(
        start,
        end,
        hedge_start,
        value,
        value_max,
        qualifier,
        predicate,
        subject,
        phrase,
        num.form,
        is_object,
        from_noun,
        unknown,
    )
    return candidate, ate_next


def _number_of(before: str) -> tuple[str, str | None] | None:
    """(predicate, subject) from "the number of troops involved could be ..."."""
    tail = _tail(before, 140)[0]
    if not _mentions(tail, len(tail), "number", "count", "tally"):
        return None
    match = _NUMBER_OF.search(tail)
    if match is None:
        return None
    words = match.group("np").split()
    predicate = None
    if words and words[-1].lower() in PREDICATE_AFTER:
        predicate = PREDICATE_AFTER[words.pop().lower()]
    subject = " ".join(words) or None
    head = words[-1].lower() if words else ""
    if predicate is None:
        predicate = NOUN_PREDICATES.get(head)
    if predicate is None and PERSON_HEADS.get(head) == "troops":
        predicate = "deployed"
    return (predicate, subject) if predicate else None


def _duration(text: str, num: NumberSpan, offset: int) -> CountSpan | None:
    """ "a 120-day deployment", "deployed for six months": a deployment's length."""
    after = _DURATION.match(text, num.end)
    if after is not None and after.group("noun").lower() in DURATION_NOUNS:
        return CountSpan(
            num.start + offset,
            after.end() + offset,
            plain(num.value),
            None,
            None,
            "deployed",
            after.group("unit").lower(),
            None,
            None,
        )
    verb = _DURATION_FOR.search(_tail(text[: num.start], 140)[0])
    unit = _DURATION_UNIT_AFTER.match(text, num.end)
    if verb is not None and verb.group("spent") and not _MILITARY.search(text):
        verb = None  # "spending three days at a mansion" is no deployment
    if verb is not None and unit is not None:
        hedge, hedge_start = _hedge(text[: num.start])
        fought = (verb.group("verb") or "").lower() in ("fought", "fighting")
        predicate = "fought" if fought else "deployed"
        return CountSpan(
            (hedge_start if hedge else num.start) + offset,
            unit.end() + offset,
            plain(num.value),
            plain(num.value) if hedge == "up to" else None,
            hedge,
            predicate,
            unit.group("unit").lower(),
            None,
            None,
        )
    return None
