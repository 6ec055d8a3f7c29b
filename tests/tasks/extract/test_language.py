"""detect_language: a confident ISO 639-1 code, or None."""

from __future__ import annotations

import pytest

from tasks.extract.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        (
            "North Korea sent troops to conduct mine-clearing operations in Russia's Kursk region.",
            "en",
        ),
        ("국정원은 북한군 600명이 사망했다고 국회에 보고했다.", "ko"),
        ("Москва заявила, что северокорейские войска прибыли в Курскую область.", "ru"),
    ],
)
def test_news_sentences_get_their_language(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "   ", "ok", "12345"])
def test_too_little_text_gets_no_guess(text: str) -> None:
    assert detect_language(text) is None
