"""Text normalisation and the content hash that dedupe is keyed on.

The hash must not change with page chrome, line endings, encoding or a BOM, so it is taken over the
cleaned body after Unicode NFC and whitespace folding, never over raw bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")
# Chinese and Japanese are written without spaces between words: a whitespace token there is
# a clause or a sentence. Han ideographs, hiragana and katakana are counted instead, two
# characters to a word (the length of a typical word in both languages).
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_UNSPACED_CHARS_PER_WORD = 2


def fold_whitespace(text: str) -> str:
    """NFC, every run of whitespace (newlines included) to one space, trimmed.

    str.split() and the regex class \\s agree on every code point, so this is the regex
    substitution ``\\s+`` -> " " plus strip(), at half its cost.
    """
    return " ".join(unicodedata.normalize("NFC", text).split())


def content_hash(body: str) -> str:
    """sha256 hex of the normalised body: equal for the same report however it was delivered."""
    return hashlib.sha256(fold_whitespace(body).encode("utf-8")).hexdigest()


def word_count(body: str) -> int:
    """Whitespace-separated tokens with a letter or digit in them ("1,000" and "Kim's" are one).

    A token written in Chinese or Japanese script counts as its characters in that script
    halved (at least one word), plus one for any other run of letters or digits in it
    ("iPhoneを" is two words), so a Japanese report is not too short for lack of spaces.
    """
    count = 0
    for token in body.split():
        if token.isascii() or not _UNSPACED.search(token):
            # \w is isalnum() or "_" on every code point: the common all-letters token skips
            # the regex.
            count += 1 if token.isalnum() or _WORD.search(token) else 0
            continue
        count += max(1, len(_UNSPACED.findall(token)) // _UNSPACED_CHARS_PER_WORD)
        count += len(_WORD.findall(_UNSPACED.sub(" ", token)))
    return count


def bytes_sha256(data: bytes) -> str:
    """Fingerprint of raw input bytes: lets an unchanged file be skipped without decoding it."""
    return hashlib.sha256(data).hexdigest()
