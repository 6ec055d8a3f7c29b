"""Quotations in a body: straight, curly and single marks, across paragraphs.

A quotation opens with “ " ‘ or ' at a word start and closes with the matching mark at a word
end ("don’t" and "workers’" never close one). By the English convention a quotation that runs
over several paragraphs opens each paragraph again and closes only at its end; such a run is one
quote. Marked stretches of fewer than three words, or every word capitalised (titles, scare
quotes, names), are not quotations. Speakers come from the parse (tasks/facts/quotes.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tasks.facts.sentences import Paragraph

_PAIRS = {"“": "”", '"': '"', "‘": "’", "'": "'", "«": "»", "„": "“"}
_MARKS = {
    "“": "curly",
    "”": "curly",
    '"': "double",
    "‘": "single",
    "'": "single",
    "«": "curly",
    "„": "curly",
}
_OPEN_BEFORE = set(" \t([{—–-/:") | {""}
WORD = re.compile(r"[\w’'-]+")
MIN_WORDS = 3


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """body[start:end] is the quotation without its marks; open_at/close_at index the marks."""

    start: int
    end: int
    open_at: int
    close_at: int
    marks: str  # double | curly | single


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    return (before in _OPEN_BEFORE or before in "“‘\"'") and after not in " \t" and after != ""


def _closes(text: str, i: int, mark: str) -> bool:
    before = text[i - 1] if i > 0 else ""
    after = text[i + 1] if i + 1 < len(text) else ""
    if before in " \t" or before == "":
        return False
    if mark in "’'":
        # an apostrophe inside or ending a word ("don’t", "workers’ union") closes nothing
        return not after.isalnum() and (after == "" or after in ' \t,.;:!?)—–-"”')
    return not after.isalnum()


def _close_in(text: str, start: int, opener: str) -> int | None:
    closer = _PAIRS[opener]
    plain = _close_plain(text, start, closer)
    if opener == "“":
        # some pages close a curly quotation with two single marks: “…,’’ (the second is the
        # closing mark; _make drops the first)
        doubled = text.find("’’", start)
        if doubled >= 0 and (plain is None or doubled < plain) and _closes(text, doubled + 1, "’"):
            return doubled + 1
    return plain


def _close_plain(text: str, start: int, closer: str) -> int | None:
    i = start
    while True:
        i = text.find(closer, i)
        if i < 0:
            return None
        if _closes(text, i, closer):
            if closer in "’'" and i + 1 < len(text) and text[i - 1] == "s" and text[i + 1] == " ":
                # "the workers' union": a plural possessive, unless punctuation ends the quote
                nxt = text[i + 1 : i + 3]
                if nxt[1:2].islower():
                    i += 1
                    continue
            return i
        i += 1


def _is_quotation(text: str) -> bool:
    words = WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    return not all(w[0].isupper() or not w[0].isalpha() for w in words)


def find_quotes(body: str, paragraphs: list[Paragraph]) -> list[QuoteSpan]:
    """Every quotation, in body order."""
    found: list[QuoteSpan] = []
    p = 0
    while p < len(paragraphs):
        para = paragraphs[p]
        text = para.text
        i = 0
        next_p = p + 1
        while i < len(text):
            ch = text[i]
            if ch not in _PAIRS or not _opens(text, i):
                i += 1
                continue
            close = _close_in(text, i + 1, ch)
            if close is not None:
                quote = _make(body, para.start + i, para.start + close, ch)
                if quote is not None:
                    found.append(quote)
                    i = close + 1
                else:
                    i += 1
                continue
            # unclosed: a quotation running on into paragraphs that reopen with the same mark
            q = p + 1
            end_at = None
            while q < len(paragraphs) and paragraphs[q].text[:1] == ch:
                inner = _close_in(paragraphs[q].text, 1, ch)
                if inner is not None:
                    end_at = (q, inner)
                    break
                q += 1
            if end_at is None and q > p + 1 and ch not in "'‘":
                # paragraphs that each reopen the quotation and none closes it (a statement
                # cut off by an embedded post): it runs to the end of the last of them
                last = paragraphs[q - 1]
                end_at = (q - 1, len(last.text.rstrip()))
            if end_at is not None and ch not in "'‘":
                q, inner = end_at
                quote = _make(body, para.start + i, paragraphs[q].start + inner, ch)
                if quote is not None:
                    found.append(quote)
                    next_p = q + 1
                    break
            i += 1
        p = next_p
    return found


def _make(body: str, open_at: int, close_at: int, mark: str) -> QuoteSpan | None:
    start, end = open_at + 1, close_at
    if mark == "“" and body[end - 1 : end] == "’" and body[end : end + 1] == "’":
        end -= 1
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1] in " \t,;:":
        end -= 1
    if not _is_quotation(body[start:end]):
        return None
    return QuoteSpan(start, end, open_at, close_at, _MARKS[mark])


def inside(quotes: list[QuoteSpan], start: int, end: int) -> QuoteSpan | None:
    """The quotation holding body[start:end], if any."""
    for q in quotes:
        if q.open_at <= start and end <= q.close_at + 1:
            return q
    return None


def quote_text(body: str, quote: QuoteSpan) -> str:
    return body[quote.open_at : quote.close_at + 1]
