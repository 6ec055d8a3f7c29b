"""Paragraphs and sentences keep exact offsets into the body."""

from __future__ import annotations

from tasks.data import read_list
from tasks.facts.sentences import paragraphs, split_sentences


def test_sentence_offsets_index_the_body_exactly() -> None:
    body = "Kim said 600 died. Mr. Kim left.\n\n  The U.S. said 5 p.m. was fine.  \nA caption line"
    _, sentences = split_sentences(body)
    assert [s.text for s in sentences] == [
        "Kim said 600 died.",
        "Mr. Kim left.",
        "The U.S. said 5 p.m. was fine.",
        "A caption line",
    ]
    for s in sentences:
        assert body[s.start : s.end] == s.text


def test_every_line_is_its_own_paragraph_so_captions_never_join_a_sentence() -> None:
    body = "Hong Min / Korea Institute\nThe regime needs heroes."
    paras, sentences = split_sentences(body)
    assert [p.text for p in paras] == ["Hong Min / Korea Institute", "The regime needs heroes."]
    assert [s.paragraph for s in sentences] == [0, 1]


def test_news_abbreviations_do_not_end_a_sentence() -> None:
    _, sentences = split_sentences("Gen. Kim and Col. Ri said approx. 600 died. Then they left.")
    assert len(sentences) == 2


def test_every_abbreviation_of_the_data_file_keeps_its_sentence_whole() -> None:
    listed = read_list("abbreviations.txt")
    assert "Gen" in listed and "approx" in listed
    for abbreviation in listed:
        body = f"The order came from {abbreviation}. Pak Jong Chol on Monday. Nobody replied."
        _, sentences = split_sentences(body)
        assert len(sentences) == 2, abbreviation


def test_blank_lines_are_not_paragraphs() -> None:
    assert [p.index for p in paragraphs("one\n\n\n\ntwo\n   \nthree")] == [0, 1, 2]
