"""The extractor's shortcuts give exactly what the plain regex scans they replace give.

Each shortcut (trying a pattern only where a match can start, a cheap test before a costly
search, a cached scan) must never change a fact. These tests run the shortcut and the plain
form side by side over random text built to hit the corners: every case, the non-ASCII letters
that IGNORECASE folds onto ASCII ones, digits, hyphens, odd spacing and truncated windows.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest

from tasks.facts import attribution, counts, dates, numbers, quotes, sentences
from tasks.facts.attribution import Resolver
from tasks.facts.entities import load_entity_catalog
from tasks.facts.quotes import QuoteSpan

_VOCABULARY = (
    "a A an few couple of dozen half tens thousands Hundreds hundred some SOME many several and "
    "one twenty Twenty five FIVE fivefold million billion scores dozens ninety-nine Ten often "
    "someone 1,000 3.5 2024 1990s 12 5th 1st 0100 +82 (02) 123-4567 US$ $ 300 3:30 p.m. No. "
    "the The this This last Last next past day Monday today Today ago week month year years "
    "fall autumn spring March May Mar. Sept. Sep Jan. mid-March early late end beginning start "
    "in In since until till by before after as during from between to or Between "
    "killed sent deployed dispatched agreed send supplied Ukraine with lost number count tally "
    "toll death total troops soldiers engineers were have been more additional said says told "
    "also reportedly on statement speech had who officials he they it , . ; : - – — ’ ' \" “ ” "
    "§ _ _one one_ x"
)
_WORDS = _VOCABULARY.split()
_ODD = (
    "\u017f",
    "\u212a",
    "\u0131",
    "\u0130",
    "\u0661\u0662",
    "\uff12\uff10",
)  # IGNORECASE folds onto s, k, i; non-ASCII digits
_GAPS = ("", " ", " ", " ", "  ", "-", "\n", "\t")


def _texts(seed: int, count: int) -> Iterator[str]:
    rng = random.Random(seed)
    for _ in range(count):
        words = []
        for _ in range(rng.randint(1, 30)):
            word = rng.choice(_WORDS)
            roll = rng.random()
            if roll < 0.1:
                word = word.upper()
            elif roll < 0.2:
                word = word.capitalize()
            elif roll < 0.25:
                at = rng.randrange(len(word) + 1)
                word = word[:at] + rng.choice(_ODD) + word[at:]
            words.append(word + rng.choice(_GAPS))
        yield "".join(words)


def test_numbers_are_tried_only_where_one_can_start() -> None:
    rng = random.Random(3)
    for text in _texts(1, 4000):
        windows = numbers._windows(text)
        if rng.random() < 0.5:  # arbitrary windows too, cutting words anywhere
            cuts = sorted(rng.sample(range(len(text) + 1), min(len(text) + 1, 4)))
            windows = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        expected = [
            (m.span(), m.lastgroup)
            for lo, hi in windows
            for m in numbers.NUMBER_RE.finditer(text, lo, hi)
        ]
        got = [(m.span(), m.lastgroup) for m in numbers._number_matches(text, windows)]
        assert got == expected, text


def test_number_windows_are_those_built_anchor_by_anchor() -> None:
    for text in _texts(14, 3000):
        windows: list[list[int]] = []
        for anchor in numbers._ANCHOR.finditer(text):
            lo = anchor.start() - 16
            lo = 0 if lo <= 0 else text.rfind(" ", 0, lo) + 1
            hi = min(len(text), anchor.end() + 24)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], hi)
            else:
                windows.append([lo, hi])
        assert numbers._windows(text) == [(lo, hi) for lo, hi in windows], text


def test_skipping_numbers_drops_exactly_those_numbers() -> None:
    for text in _texts(2, 1500):

        def skip(start: int, end: int, text: str = text) -> bool:
            return (start * 7 + end) % 3 == 0

        expected = [n for n in numbers.find_numbers(text) if not skip(n.start, n.end)]
        assert numbers.numbers_outside(text, skip) == expected, text


def test_predicate_before_tries_the_patterns_only_at_their_leading_words() -> None:
    assert counts._LEADING_WORD is not None, "a PREDICATE_BEFORE pattern is no longer read"
    for text in _texts(4, 4000):
        expected = next(
            (predicate for pattern, predicate in counts._BEFORE_RES if pattern.search(text)),
            None,
        )
        assert counts._predicate_before(text) == expected, text


@pytest.mark.parametrize(
    ("pattern", "words"),
    [(counts._TOLL, ("toll",)), (counts._NUMBER_OF, ("number", "count", "tally"))],
)
def test_word_checks_before_case_blind_patterns_never_miss(
    pattern: re.Pattern[str], words: tuple[str, ...]
) -> None:
    for text in _texts(5, 3000):
        text = f"the {words[0].upper()} {text} at "
        if pattern.search(text):
            assert counts._mentions(text, len(text), *words), text


def _plain_scan(text: str) -> list[tuple[str | None, int, int]]:
    """dates._scan as first written: every word start before an anchor, whole _DATE_RE."""
    found = []
    covered = 0
    tried: set[int] = set()
    word_start = re.compile(r"(?<![\w’'.,-])[\w]")
    anchor = re.compile(r"[0-9][0-9,.:/-]*|" + "|".join(sorted(dates._ANCHOR_WORDS, key=len)[::-1]))
    for hit in anchor.finditer(text):
        if hit.start() < covered:
            continue
        for word in word_start.finditer(
            text, max(covered, hit.start() - dates._BACK), hit.start() + 1
        ):
            if word.start() in tried:
                continue
            tried.add(word.start())
            match = dates._DATE_RE.match(text, word.start())
            if match is not None and match.end() > hit.start():
                found.append((match.lastgroup, match.start(), match.end()))
                covered = match.end()
                break
    return found


def test_date_anchors_and_patterns_cut_by_word_find_what_the_full_scan_finds() -> None:
    for text in _texts(6, 4000):
        got = [(m.lastgroup, m.start(), m.end()) for m in dates._scan(text)]
        assert got == _plain_scan(text), text


def test_date_anchor_trie_matches_the_plain_alternation() -> None:
    plain = re.compile(r"[0-9][0-9,.:/-]*|" + "|".join(sorted(dates._ANCHOR_WORDS, key=len)[::-1]))
    for text in _texts(7, 3000):
        assert [m.span() for m in dates._ANCHOR.finditer(text)] == [
            m.span() for m in plain.finditer(text)
        ]


def test_date_prefix_check_never_hides_a_qualifier() -> None:
    for text in _texts(8, 3000):
        for start in range(len(text) + 1):
            lo = max(0, start - 30)
            prefix = dates._PREFIX_RE.search(text, lo, start)
            if prefix is not None and prefix.group(0).strip():
                assert dates._may_have_prefix(text, lo, start), (text, start)


def test_abbreviation_check_reads_only_the_end_of_a_piece() -> None:
    for text in [*_texts(9, 2000), "Gen.", " No. ", "vs.\n", "approx.  ", "The est."]:
        for piece in (text, text + " Gen. ", text + "No.", text + "Capt.\n"):
            assert sentences._no_break_after(piece) == bool(
                sentences._NO_BREAK_AFTER.search(piece)
            ), piece


def test_words_skipped_before_a_verb_are_only_looked_for_when_one_ends_the_text() -> None:
    for text in _texts(10, 3000):
        for tail in ("", " also", " on Monday", " last week ", " in a statement", " has"):
            chunk = text + tail
            if attribution._SKIP_BEFORE_VERB.search(chunk):
                assert chunk.rstrip().endswith(attribution._SKIP_ENDINGS), chunk


def test_masking_replaces_exactly_the_quoted_characters() -> None:
    rng = random.Random(11)
    for body in _texts(12, 500):
        spans = []
        for _ in range(rng.randint(0, 4)):
            a, b = sorted(rng.sample(range(len(body) + 1), 2)) if len(body) > 1 else (0, 0)
            spans.append(QuoteSpan(a, b, a, b, 0))
        chars = list(body)
        for q in spans:
            for i in range(q.open_at, q.close_at):
                chars[i] = attribution.MASK
        assert quotes.mask_quotes(body, spans) == "".join(chars)


def test_speeches_found_again_are_the_speeches_found_first() -> None:
    catalog = load_entity_catalog()
    for body in _texts(13, 300):
        resolver = Resolver(body, catalog.find_mentions(body), catalog.by_name)
        _, found = sentences.split_sentences(body)
        first = [resolver.speeches_in(s.start, s.end) for s in found]
        fresh = Resolver(body, catalog.find_mentions(body), catalog.by_name)
        assert [fresh.speeches_in(s.start, s.end) for s in found] == first


def test_only_i_k_and_s_match_non_ascii_letters_case_blind() -> None:
    """tasks.facts.counts._mentions relies on this property of the running Python's re."""
    every = "".join(chr(c) for c in range(0x80, 0x110000) if not 0xD800 <= c < 0xE000)
    folded = {
        letter
        for char in re.findall(r"(?i)[a-z]", every)
        for letter in "abcdefghijklmnopqrstuvwxyz"
        if re.fullmatch(letter, char, re.IGNORECASE)
    }
    assert folded <= {"i", "k", "s"}, folded


def test_subject_after_a_number_needs_only_the_first_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(15)
    cases = []
    for text in _texts(16, 2000):
        text = " ".join([text] + ["more"] * rng.randint(0, 9) + [text, text])
        pos = rng.randrange(len(text) + 1)
        cases.append((text, pos, rng.random() < 0.3))
    got = [counts._subject_after(text, pos, vague) for text, pos, vague in cases]
    monkeypatch.setattr(counts, "_SUBJECT_TOKENS", 10**9)  # read every token
    assert got == [counts._subject_after(text, pos, vague) for text, pos, vague in cases]
