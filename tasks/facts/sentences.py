"""Paragraphs and sentences with offsets into the body.

Every line is a paragraph: the cleaner joins paragraphs with blank lines, but captions, speaker
lines and headlines arrive as single lines and must never be glued to the next sentence.
Sentence boundaries come from sentencex (rule-based, compiled, lossless: its pieces concatenate
back to the input, so offsets are exact); a few news abbreviations it misses are re-joined here
(tasks/data/abbreviations.txt).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sentencex

from tasks.data import read_list

_LINE = re.compile(r"[^\n]+")
# Abbreviations after which sentencex may cut although the sentence goes on.
_ABBREVIATIONS = read_list("abbreviations.txt")
_NO_BREAK_AFTER = re.compile(r"(?:\b(?:" + "|".join(map(re.escape, _ABBREVIATIONS)) + r")\.)\s*$")
_LONGEST_ABBREVIATION = max(map(len, _ABBREVIATIONS)) + 2  # and its full stop, and one to spare


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int  # offset of the first non-space character in the body
    end: int  # offset after the last non-space character
    text: str  # body[start:end]
    paragraph: int  # index of the paragraph (line) it belongs to
    index: int  # index among all sentences of the body


@dataclass(frozen=True, slots=True)
class Paragraph:
    start: int
    end: int
    text: str
    index: int


def paragraphs(body: str) -> list[Paragraph]:
    """Non-blank lines, trimmed, with their offsets."""
    found: list[Paragraph] = []
    for match in _LINE.finditer(body):
        raw = match.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = match.start() + (len(raw) - len(raw.lstrip()))
        found.append(Paragraph(start, start + len(stripped), stripped, len(found)))
    return found


def _no_break_after(piece: str) -> bool:
    """_NO_BREAK_AFTER.search(piece): its match is a short word and a full stop ending the piece
    but for spaces, so it is looked for in the last few characters only."""
    return _NO_BREAK_AFTER.search(piece, len(piece.rstrip()) - _LONGEST_ABBREVIATION) is not None


def split_sentences(body: str) -> tuple[list[Paragraph], list[Sentence]]:
    """The body's paragraphs and its sentences in order."""
    paras = paragraphs(body)
    sentences: list[Sentence] = []
    for para in paras:
        pieces: list[tuple[int, int]] = []
        offset = para.start
        for piece in sentencex.segment("en", para.text):
            start, end = offset, offset + len(piece)
            offset = end
            if pieces and _no_break_after(body[pieces[-1][0] : pieces[-1][1]]):
                pieces[-1] = (pieces[-1][0], end)
            else:
                pieces.append((start, end))
        for start, end in pieces:
            text = body[start:end]
            stripped = text.strip()
            if stripped:
                s = start + (len(text) - len(text.lstrip()))
                sentences.append(
                    Sentence(s, s + len(stripped), stripped, para.index, len(sentences))
                )
    return paras, sentences
