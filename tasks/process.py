"""One input's bytes to an Article, or a Reject saying why not.

Shared by seed files and fetched pages, so both get the same decoding, cleaning, normalisation and
content hash, and therefore dedupe against each other.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from tasks.clean.locate import locate_article
from tasks.clean.text import clean_text
from tasks.extract.decode import DecodeError, decode_bytes
from tasks.extract.html import declared_charset, extract_html
from tasks.extract.language import detect_language
from tasks.normalise import content_hash, word_count
from tasks.records import Article, CleanedText, DecodedText, InputKind, Reject

# A text with no stretch of prose in it: a home page, an index, a login wall, a 404 page.
NO_ARTICLE_TEXT = "no article text"


def read_input(path: Path, *, origin: str, max_bytes: int) -> bytes | Reject:
    """File bytes, refusing oversize files before reading them whole."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        return Reject(origin=origin, stage="read", reason=f"cannot read file: {exc.strerror}")
    if len(data) > max_bytes:  # grew since it was listed
        return Reject(origin=origin, stage="read", reason=oversize_reason(max_bytes))
    return data


def oversize_reason(max_bytes: int) -> str:
    return f"file larger than the {max_bytes:,}-byte cap (max_file_bytes)"


def build_article(
    data: bytes,
    *,
    origin: str,
    kind: InputKind,
    min_words: int,
    url: str | None = None,
    charset_hint: str | None = None,
) -> Article | Reject:
    """Decode, extract or clean, normalise and hash one input.

    `charset_hint` is what the transport declared (an HTTP Content-Type charset); for HTML a
    <meta charset> is honoured next, unless the bytes are clean UTF-8 that contradicts it; the
    detector decides otherwise.
    """
    try:
        decoded = _decode(data, kind=kind, charset_hint=charset_hint)
    except DecodeError as exc:
        return Reject(origin=origin, stage="decode", reason=str(exc))
    declared_language: str | None = None
    if kind == "html":
        cleaned, declared_language = extract_html(decoded.text, url=url)
        if not cleaned.body:
            return Reject(origin=origin, stage="extract", reason="no article text found in page")
    else:
        located = locate_article(decoded.text)
        if located is None:
            return Reject(origin=origin, stage="clean", reason=NO_ARTICLE_TEXT)
        cleaned = clean_text(located.text, source="text")
        declared_language = located.language
    return finish_article(
        cleaned,
        origin=origin,
        kind=kind,
        min_words=min_words,
        encoding=decoded.encoding,
        declared_language=declared_language,
        url=url,
    )


def finish_article(
    cleaned: CleanedText,
    *,
    origin: str,
    kind: InputKind,
    min_words: int,
    encoding: str | None,
    declared_language: str | None = None,
    url: str | None = None,
) -> Article | Reject:
    """Cleaned text to an Article (hash, words, language), or a Reject when too short.

    Shared by every input format, so a report counts, hashes and dedupes the same whichever
    container it came in.
    """
    words = word_count(cleaned.body)
    if words < min_words:
        return Reject(
            origin=origin,
            stage="clean",
            reason=_too_short_reason(cleaned, words=words, min_words=min_words),
        )
    return Article(
        origin=origin,
        content_hash=content_hash(cleaned.body),
        body=cleaned.body,
        title=cleaned.title,
        publisher=cleaned.publisher,
        author=cleaned.author,
        published_at=cleaned.published_at,
        language=language_code(declared_language) or detect_language(cleaned.body),
        word_count=words,
        source_kind=kind,
        encoding=encoding,
        url=url,
    )


def _decode(data: bytes, *, kind: InputKind, charset_hint: str | None) -> DecodedText:
    declared = None if charset_hint else (declared_charset(data) if kind == "html" else None)
    if declared and _utf8_contradicts(data, declared):
        return DecodedText(text=data.decode("utf_8"), encoding="utf_8")
    hint = charset_hint or declared
    if hint and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            codec = codecs.lookup(hint).name.replace("-", "_")
            text = data.decode(codec)
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; let the detector decide
        else:
            if "\x00" not in text and text.strip():
                return DecodedText(text=text, encoding=codec)
    return decode_bytes(data)


def _utf8_contradicts(data: bytes, declared: str) -> bool:
    """Whether the bytes are valid UTF-8 with non-ASCII text although the page says otherwise.

    A <meta charset> outlives re-encodings (a CMS moves to UTF-8, the template keeps its old
    iso-8859-15 tag). Legacy single-byte text almost never happens to form valid multi-byte
    UTF-8 sequences, so clean UTF-8 outweighs the tag; an ASCII-only page is the same either
    way and keeps its declaration.
    """
    try:
        codec = codecs.lookup(declared).name
    except LookupError:
        return False
    if codec == "utf-8" or data.isascii():
        return False
    try:
        data.decode("utf_8")
    except UnicodeDecodeError:
        return False
    return True


def _too_short_reason(cleaned: CleanedText, *, words: int, min_words: int) -> str:
    if words == 0:
        dropped = len(cleaned.dropped)
        return f"nothing left after cleaning ({dropped} line(s) removed as page chrome)"
    return f"only {words} word(s) of article text after cleaning (min_words is {min_words})"


def language_code(value: str | None) -> str | None:
    """'en-US' / 'EN' → 'en'; anything that is not a plain language tag → None."""
    if not value:
        return None
    code = value.strip().split("-")[0].split("_")[0].lower()
    return code if code.isalpha() and 2 <= len(code) <= 3 else None
