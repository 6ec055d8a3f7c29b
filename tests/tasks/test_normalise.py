"""The content hash ignores how a report was delivered, and nothing else."""

from __future__ import annotations

import re
import sys
import unicodedata

from tasks.normalise import bytes_sha256, content_hash, fold_whitespace, word_count

BODY = "North Korea sent troops.\n\nKim said nine members were killed."


def test_line_endings_and_spacing_do_not_change_the_hash() -> None:
    variants = [
        BODY,
        BODY.replace("\n", "\r\n"),
        BODY.replace("\n\n", "\n"),
        "  " + BODY.replace(" ", "  \t") + "\n\n",
    ]
    assert {content_hash(v) for v in variants} == {content_hash(BODY)}


def test_unicode_composition_does_not_change_the_hash() -> None:
    composed = "Pyongyang’s café é"
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert content_hash(composed) == content_hash(decomposed)


def test_different_words_give_a_different_hash() -> None:
    assert content_hash(BODY) != content_hash(BODY.replace("nine", "ten"))


def test_hash_is_sha256_hex_of_the_folded_text() -> None:
    assert fold_whitespace(" a \n\n b ") == "a b"
    assert content_hash(" a \n\n b ") == bytes_sha256(b"a b")
    assert len(content_hash(BODY)) == 64


def test_word_count_counts_tokens_with_letters_or_digits() -> None:
    assert word_count("Kim's 1,000 engineers — all returned.") == 5


def test_every_unicode_space_folds_as_the_whitespace_regex_does() -> None:
    """The hash folds with str.split(); stored hashes were made with re's \\s+: they agree."""
    spaces = "".join(chr(cp) for cp in range(sys.maxunicode + 1) if re.match(r"\s", chr(cp)))
    text = f"{spaces}a{spaces}b\u200bc{spaces}"
    assert fold_whitespace(text) == re.sub(r"\s+", " ", text).strip() == "a b\u200bc"


def test_word_count_matches_a_word_character_search_on_any_token() -> None:
    tokens = ["_", "—", "...", "x", "٣", "Ⅻ", "½", "a-b", "²", "‿", "¶", "日本", "·", "ǅ"]
    body = " ".join(tokens)
    assert word_count(body) == sum(1 for token in tokens if re.search(r"\w", token))


def test_chinese_and_japanese_count_by_characters_not_spaces() -> None:
    # Written here: "The city opened a new library on Monday." in Japanese and Chinese.
    japanese = "市は月曜日に新しい図書館を開館した。"
    chinese = "该市周一开放了一座新图书馆。"
    assert word_count(japanese) == 8  # 17 kana and kanji, two to a word
    assert word_count(chinese) == 6  # 13 hanzi
    assert word_count("新型iPhoneを発表") == 1 + 2  # "iPhone" plus five kana and kanji
    assert word_count("市 は") == 2  # a lone character is still a word
    assert word_count("서울시는 새 도서관을 열었다") == 4  # Korean is written with spaces
