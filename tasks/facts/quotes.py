"""Direct quotations and who said them.

Two shapes: text between quotation marks (curly, straight or guillemets; a quotation left open
runs to the end of its paragraph, as multi-paragraph quotes do), and broadcast transcripts, where
a short speaker line ("Hong Min / Korea Institute for Nat'l Unification", "N. Korean Central TV")
stands before an unquoted soundbite paragraph.

Speakers, in order of preference: the attribution right after a quotation that opens its
sentence ("...," Kim said); otherwise the nearest verb of saying before it in the sentence
("Kim said the soldiers had written "..."") or after it; a participle's clause subject ("...,
referring to them as "heroes""); the speaker of the previous quotation when the sentence is
nothing but a quotation; the attribution of a sentence ending in a colon before it; a short
attribution sentence right after it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from tasks.facts.attribution import MASK, Resolver
from tasks.facts.records import Mention
from tasks.facts.sentences import Paragraph, Sentence

_OPENERS = '“«„"'
_CLOSERS = '”»"“'
_SPEAKER_SLASH = re.compile(r"^(?P<name>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s*/\s*\S")
_TRAILING = " \t,;:."
# "That was the message from Choe Son Hui": the next sentence names the speaker.
_WORDS_FROM = re.compile(
    r"(?:That|This|Those|These|Such)\s+(?:was|were|is|are)\s+(?:the\s+)?(?:\w+\s+)?"
    r"(?:message|words|remarks|statement|warning|verdict|response|reply|comment|view)\s+"
    r"(?:from|of|by)\s+"
)


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    start: int  # first character of the quotation (inside the marks)
    end: int  # after its last character (trailing , ; : . dropped)
    open_at: int  # the opening mark (== start for a broadcast soundbite)
    close_at: int  # after the closing mark (or the paragraph end)
    paragraph: int
    speaker_line: tuple[int, int] | None = None  # broadcast speaker line, body offsets


def _trim(body: str, start: int, end: int) -> tuple[int, int]:
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1] in _TRAILING:
        end -= 1
    return start, end


_MARK = re.compile('[“”«»„"]')


def _marked_quotes(body: str, para: Paragraph) -> list[QuoteSpan]:
    found: list[QuoteSpan] = []
    open_at: int | None = None
    for mark in _MARK.finditer(body, para.start, para.end):
        pos = mark.start()
        char = mark.group()
        prev = body[pos - 1] if pos > para.start else " "
        nxt = body[pos + 1] if pos + 1 < para.end else " "
        if open_at is None:
            opening = char in _OPENERS or (char == "”" and not prev.isalnum())
            if opening and not (char == '"' and prev.isalnum()) and not nxt.isspace():
                open_at = pos
            continue
        if char in _CLOSERS and not (char == "“" and nxt.isalnum()):
            start, end = _trim(body, open_at + 1, pos)
            if any(c.isalpha() for c in body[start:end]):
                found.append(QuoteSpan(start, end, open_at, pos + 1, para.index))
            open_at = None
    if open_at is not None:
        start, end = _trim(body, open_at + 1, para.end)
        if any(c.isalpha() for c in body[start:end]):
            found.append(QuoteSpan(start, end, open_at, para.end, para.index))
    return found


def _speaker_line(para: Paragraph, mentions: list[Mention]) -> bool:
    """A short unpunctuated line naming a person or organisation (broadcast transcripts)."""
    text = para.text
    if len(text.split()) > 8 or text[-1] in ".!?:;,”\"'’" or text.startswith("["):
        return False
    if any(c.isdigit() for c in text) or any(c in text for c in _OPENERS):
        return False
    if _SPEAKER_SLASH.match(text):
        return True
    inside = [m for m in mentions if para.start <= m.start_char and m.end_char <= para.end]
    return (
        len(inside) == 1 and inside[0].start_char == para.start and inside[0].end_char == para.end
    )


def find_quotes(body: str, paragraphs: list[Paragraph], mentions: list[Mention]) -> list[QuoteSpan]:
    """Every quotation in the body, in order."""
    found: list[QuoteSpan] = []
    marks = [mark.start() for mark in _MARK.finditer(body)]  # one scan; most lines have none
    for para in paragraphs:
        first = bisect.bisect_left(marks, para.start)
        if first < len(marks) and marks[first] < para.end:
            found.extend(_marked_quotes(body, para))
    first_prose = next(
        (p.index for p in paragraphs if p.text[-1] in '.!?”"' and len(p.text.split()) > 5), None
    )
    if first_prose is None:
        return found
    for i, para in enumerate(paragraphs[:-1]):
        if i <= first_prose or not _speaker_line(para, mentions):
            continue
        nxt = paragraphs[i + 1]
        if _speaker_line(nxt, mentions) or any(c in nxt.text for c in _OPENERS + "”"):
            continue
        if len(nxt.text.split()) < 4:
            continue
        start, end = _trim(body, nxt.start, nxt.end)
        found.append(QuoteSpan(start, end, nxt.start, nxt.end, nxt.index, (para.start, para.end)))
    found.sort(key=lambda q: q.start)
    return found


def mask_quotes(body: str, quotes: list[QuoteSpan]) -> str:
    """The body with every quotation (marks included) replaced by MASK characters."""
    parts: list[str] = []
    done = 0  # body[:done] is in parts
    for open_at, close_at in sorted((q.open_at, q.close_at) for q in quotes):
        open_at = max(open_at, done)
        if open_at < close_at:
            parts.append(body[done:open_at])
            parts.append(MASK * (close_at - open_at))
            done = close_at
    parts.append(body[done:])
    return "".join(parts)


def _broadcast_speaker(body: str, line: tuple[int, int], resolver: Resolver) -> str:
    text = body[line[0] : line[1]]
    slash = _SPEAKER_SLASH.match(text)
    if slash:
        name_end = line[0] + len(slash.group("name"))
        return resolver.resolve(line[0], name_end) or slash.group("name")
    return resolver.resolve(line[0], line[1]) or text


def _sentences_over(sentences: list[Sentence], start: int, end: int) -> list[Sentence]:
    return [s for s in sentences if s.start < end and start < s.end]


def _only_quote(masked: str, sentence: Sentence) -> bool:
    return not re.search(r"[A-Za-z]", masked[sentence.start : sentence.end])


def attribute_quotes(
    body: str,
    quotes: list[QuoteSpan],
    sentences: list[Sentence],
    resolver: Resolver,
) -> list[tuple[QuoteSpan, str | None, list[Sentence]]]:
    """Each quotation with its speaker (None when the text names nobody) and its sentences."""
    masked = resolver.text
    result: list[tuple[QuoteSpan, str | None, list[Sentence]]] = []
    last_speaker: dict[int, str | None] = {}  # sentence index -> speaker of its last quote
    for q in quotes:
        sents = _sentences_over(sentences, q.open_at, q.close_at)
        if not sents:
            continue
        if q.speaker_line is not None:
            speaker = _broadcast_speaker(body, q.speaker_line, resolver)
            result.append((q, speaker, sents))
            continue
        first, last = sents[0], sents[-1]
        speaker = _in_sentences(masked, q, first, last, resolver)
        if speaker is None and _only_quote(masked, first):
            prev = sentences[first.index - 1] if first.index > 0 else None
            if prev is not None and prev.index in last_speaker:
                speaker = last_speaker[prev.index]
            elif prev is not None and masked[prev.start : prev.end].rstrip().endswith(":"):
                spoken = [
                    s
                    for s in resolver.speeches_in(prev.start, prev.end, quote_verbs=True)
                    if s.source
                ]
                speaker = spoken[-1].source if spoken else None
            if speaker is None and last.index + 1 < len(sentences):
                nxt = sentences[last.index + 1]
                words_from = _WORDS_FROM.match(masked, nxt.start, nxt.end)
                if words_from is not None:
                    span = resolver.np_after(words_from.end(), nxt.end)
                    speaker = resolver.resolve(*span) if span else None
                elif len(nxt.text.split()) <= 12 and MASK not in masked[nxt.start : nxt.end]:
                    spoken = [s for s in resolver.speeches_in(nxt.start, nxt.end) if s.source]
                    speaker = spoken[0].source if spoken else None
        for s in sents:
            last_speaker[s.index] = speaker
        result.append((q, speaker, sents))
    return result


def _in_sentences(
    masked: str, q: QuoteSpan, first: Sentence, last: Sentence, resolver: Resolver
) -> str | None:
    speeches = [
        s for s in resolver.speeches_in(first.start, last.end, quote_verbs=True) if s.source
    ]
    if not speeches:
        return None
    lead = masked[first.start : q.open_at]
    standalone = not re.search(r"[A-Za-z]", lead) or lead.rstrip().endswith(":")
    after = [s for s in speeches if s.verb_start >= q.close_at]
    before = [s for s in speeches if s.verb_end <= q.open_at]
    if standalone and after:
        gap = masked[q.close_at : after[0].verb_start]
        if len(gap.split()) <= 6 and MASK not in gap:
            return after[0].source
    if standalone and lead.rstrip().endswith(":") and before:
        return before[-1].source
    if before:
        return before[-1].source
    return after[0].source if after else None
