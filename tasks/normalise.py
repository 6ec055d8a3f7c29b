"""Text normalisation and the content hash that dedupe is keyed on.

The hash must not change with page chrome, line endings, encoding or a BOM, so it is taken over the
cleaned body after Unicode NFC and whitespace folding, never over raw bytes.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WORD = re.compile(r"\w+")


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
    """Whitespace-separated tokens with a letter or digit in them ("1,000" and "Kim's" are one)."""
    # \w is isalnum() or "_" on every code point: the common all-letters token skips the regex.
    return sum(1 for token in body.split() if token.isalnum() or _WORD.search(token))


def bytes_sha256(data: bytes) -> str:
    """Fingerprint of raw input bytes: lets an unchanged file be skipped without decoding it."""
    return hashlib.sha256(data).hexdigest()
