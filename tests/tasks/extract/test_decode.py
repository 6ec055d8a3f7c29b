"""decode_bytes: any common encoding in, text out; anything else refused with a reason."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from tasks.extract.decode import DecodeError, decode_bytes

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
KOREAN_SEED = (SEEDS / "000_dd9ffad1d557a184.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("data", "encoding", "had_bom"),
    [
        (KOREAN_SEED.encode("utf-8"), "utf_8", False),
        (codecs.BOM_UTF8 + KOREAN_SEED.encode("utf-8"), "utf_8", True),
        (KOREAN_SEED.encode("utf-16"), "utf_16_le", True),
        (KOREAN_SEED.encode("utf-16-be"), "utf_16_be", False),
        (KOREAN_SEED.encode("utf-16-le"), "utf_16_le", False),
        (KOREAN_SEED.encode("cp949"), "cp949", False),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16be-no-bom", "utf16le-no-bom", "cp949"],
)
def test_the_korean_seed_decodes_to_the_same_text_from_any_common_encoding(
    data: bytes, encoding: str, had_bom: bool
) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == KOREAN_SEED
    assert decoded.encoding == encoding
    assert decoded.had_bom is had_bom


def test_euc_kr_korean_headline_is_detected() -> None:
    text = "북한군 파병 소식입니다. 국정원은 북한군 600명이 사망했다고 국회에 보고했다."
    assert decode_bytes(text.encode("euc-kr")).text == text


@pytest.mark.parametrize(
    "text",
    [
        "Le président a déclaré que les soldats nord-coréens étaient arrivés à Koursk.",
        "Ein schöner Tag in München, sagte der Bürgermeister über die Straßen.",
        "Café à Zürich: the naïve señor's déjà vu résumé.",
    ],
)
def test_latin1_western_text_is_not_mistaken_for_another_code_page(text: str) -> None:
    assert decode_bytes(text.encode("latin-1")).text == text


def test_windows_1252_curly_quotes_survive() -> None:
    text = "“We are heroes,” Kim said — and the soldiers’ families wept in Pyongyang on Friday."
    assert decode_bytes(text.encode("cp1252")).text == text


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b" \n\t\r\n ", "only whitespace"),
        (b"GIF89a\x01\x00\x01\x00\x00\xff\x00,abc", "NUL bytes"),
        (b"report text\x00with a NUL byte in the middle of it", "NUL bytes"),
        (bytes(range(1, 32)) * 20, "control characters"),
    ],
    ids=["empty", "whitespace", "gif", "nul-in-text", "control-chars"],
)
def test_non_text_is_refused_with_a_reason(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_bytes(data)


def test_a_bom_followed_by_invalid_bytes_is_refused() -> None:
    with pytest.raises(DecodeError, match="invalid utf_8"):
        decode_bytes(codecs.BOM_UTF8 + b"ok \xff\xfe\xfa broken")
