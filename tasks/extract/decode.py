"""Bytes to text with a real charset detector, refusing what is not text.

Order matters: BOMs are certain, strict UTF-8 is almost certain (and what most files are), and only
then is charset-normalizer asked to guess among legacy encodings (EUC-KR/cp949, Latin-1, ...).
"""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from tasks.records import DecodedText

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf_32_le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf_32_be"),
    (codecs.BOM_UTF8, "utf_8"),
    (codecs.BOM_UTF16_LE, "utf_16_le"),
    (codecs.BOM_UTF16_BE, "utf_16_be"),
)
# Most common legacy encodings first: the tie-break order for near-equal detector guesses.
_PREFERRED_LEGACY = ("cp1252", "iso8859_1", "cp949", "euc_kr", "shift_jis", "gb18030", "cp1251")
_SINGLE_BYTE_WESTERN = frozenset(
    {"cp1252", "iso8859_1", "cp1250", "cp1254", "cp1257", "cp850", "cp852", "cp775"}
)
_MULTIBYTE_CJK = frozenset({"cp949", "euc_kr", "shift_jis", "cp932", "gb18030", "big5", "euc_jp"})
# C0 control characters other than tab, newline, CR, form feed and vertical tab: counted by the
# regex engine, not character by character in Python.
_BAD_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f]")
# Share of characters that may be control characters before the input counts as binary.
_MAX_CONTROL_SHARE = 0.01


class DecodeError(ValueError):
    """The bytes are not text we can ingest; the message is the reject reason."""


def decode_bytes(data: bytes) -> DecodedText:
    """Decode input bytes, or raise DecodeError with a reason a person understands."""
    if not data.strip():
        raise DecodeError("empty file" if not data else "file contains only whitespace")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _checked(_strict(data[len(bom) :], codec), codec, had_bom=True)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(_strict(data, utf16), utf16, had_bom=False)
    if b"\x00" in data:
        raise DecodeError(f"binary file: contains NUL bytes (first at byte {data.index(0)})")
    try:
        return _checked(data.decode("utf_8"), "utf_8", had_bom=False)
    except UnicodeDecodeError:
        pass
    codec = _detect_legacy_encoding(data)
    return _checked(_strict(data, codec), codec, had_bom=False)


def _detect_legacy_encoding(data: bytes) -> str:
    """charset-normalizer's best guess, with near-ties broken towards the common encodings.

    Single-byte Western code pages often decode a short text equally well; the detector then
    reports them in arbitrary order (cp1250 before cp1252), which would turn "à" into "ŕ".
    """
    matches = from_bytes(data)
    best = matches.best()
    if best is None:
        raise DecodeError("binary file: no text encoding fits its bytes")
    tied: set[str] = set()
    for match in matches:
        if abs(match.chaos - best.chaos) < 0.001 and abs(match.coherence - best.coherence) < 0.01:
            tied.update(_codec_name(name) for name in match.could_be_from_charset)
    codec = next((c for c in _PREFERRED_LEGACY if c in tied), _codec_name(best.encoding))
    if codec in _SINGLE_BYTE_WESTERN and _looks_like_misread_multibyte(str(best)):
        for match in matches:
            candidate = _codec_name(match.encoding)
            if candidate in _MULTIBYTE_CJK:
                return candidate
    return codec


def _looks_like_misread_multibyte(text: str) -> bool:
    """Mostly-ASCII text with a little Korean (say) fools the detector into cp1252.

    Real Western text has its accented letters inside words ("Café"); CJK bytes read as cp1252
    give runs of accented letters and symbols standing apart from ASCII words ("ÀÔ·Â").
    """
    non_ascii = [i for i, ch in enumerate(text) if ord(ch) > 127]
    if len(non_ascii) < 4:
        return False
    inside_words = sum(
        1
        for i in non_ascii
        if (i > 0 and text[i - 1].isascii() and text[i - 1].isalpha())
        or (i + 1 < len(text) and text[i + 1].isascii() and text[i + 1].isalpha())
    )
    return inside_words / len(non_ascii) < 0.3


def _codec_name(name: str) -> str:
    return codecs.lookup(name).name.replace("-", "_")


def _strict(data: bytes, codec: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"invalid {codec} text at byte {exc.start}") from exc


def _utf16_without_bom(data: bytes) -> str | None:
    """BOM-less UTF-16 shows as NUL in every other byte of mostly-ASCII text."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even_nuls = sample[0::2].count(0) / (len(sample) // 2)
    odd_nuls = sample[1::2].count(0) / (len(sample) // 2)
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf_16_le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf_16_be"
    return None


def _checked(text: str, encoding: str, *, had_bom: bool) -> DecodedText:
    controls = len(_BAD_CONTROLS.findall(text))
    if "\x00" in text or controls > _MAX_CONTROL_SHARE * len(text):
        raise DecodeError(f"binary file: {controls} control characters in {len(text)} decoded")
    if not text.strip():
        raise DecodeError("file contains only whitespace")
    return DecodedText(text=text, encoding=encoding, had_bom=had_bom)
