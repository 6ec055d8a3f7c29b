"""Nexis / LexisNexis text exports: split into documents, fields mapped, recognised by content."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from tasks.batch import process_files
from tasks.inputs.files import discover_files
from tasks.inputs.nexis import export_articles, looks_like_export, parse_export_date
from tasks.records import InputFile

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "nexis" / "harbour-export.txt"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def test_each_document_is_an_article_with_the_exports_fields_as_columns() -> None:
    articles, _ = export_articles(FIXTURE.read_bytes(), origin="e.txt", min_words=25)
    assert [a.origin for a in articles] == ["e.txt#doc=1", "e.txt#doc=2", "e.txt#doc=4"]
    first = articles[0]
    assert (first.publisher, first.title, first.author) == (
        "The Example Gazette",
        "Storm closes the harbour for a second day",
        "Maria Lopez",
    )
    assert first.published_at == datetime(2024, 3, 3)
    assert (first.section, first.declared_words, first.load_date) == (
        "NEWS; Pg. 4",
        92,
        date(2024, 3, 4),
    )
    assert first.copyright == "Copyright 2024 Example Gazette Ltd All Rights Reserved"
    assert first.language == "en" and first.source_kind == "text"
    # Wrapped lines are joined; paragraphs stay; no field or header line leaks into the body.
    assert first.body.startswith("The harbour authority kept the port closed on Saturday")
    assert first.body.count("\n\n") == 2
    assert "LOAD-DATE" not in first.body and "BYLINE" not in first.body
    assert first.body.endswith("the harbour master told reporters at the quay.")


def test_headlines_bylines_and_dates_in_their_other_shapes() -> None:
    articles, _ = export_articles(FIXTURE.read_bytes(), origin="e.txt", min_words=25)
    second, fourth = articles[1], articles[2]
    assert second.title == "Ferry crews count the cost as the port stays shut"  # two lines
    assert second.author == "Jane Roe"  # "By Jane Roe"
    assert second.published_at == datetime(2024, 3, 4)  # "4 March 2024", then edition lines
    assert "PHOTO" not in second.body and "A ferry waits" not in second.body  # GRAPHIC field
    # A field-shaped line inside the body is body text.
    assert "UPDATE: The port reopened its western basin at noon on Monday" in second.body
    assert fourth.published_at == datetime(2024, 3, 5, 18, 13)
    assert (fourth.author, fourth.copyright) == (None, None)


def test_a_document_without_a_body_is_rejected_by_number_and_the_others_land() -> None:
    _, rejects = export_articles(FIXTURE.read_bytes(), origin="e.txt", min_words=25)
    assert [(r.origin, r.stage, r.reason) for r in rejects] == [
        ("e.txt#doc=3", "extract", "document 3 has no body, only its fields")
    ]


def test_recognised_by_content_not_by_name(tmp_path: Path) -> None:
    assert looks_like_export(FIXTURE.read_bytes())
    assert not any(looks_like_export(p.read_bytes()) for p in SEEDS.iterdir())
    renamed = tmp_path / "download (3).TXT"
    renamed.write_bytes(FIXTURE.read_bytes())
    (item,) = discover_files(renamed)
    assert isinstance(item, InputFile)
    batch = process_files([item], known={}, max_file_bytes=10**6, min_words=25)
    assert len(batch.articles) == 3 and len(batch.rejects) == 1
    (outcome,) = batch.outcomes
    assert (outcome.origin, outcome.outcome) == (str(renamed), "article")


def test_an_export_none_of_whose_documents_load_is_one_rejected_input(tmp_path: Path) -> None:
    path = tmp_path / "empty-export.txt"
    path.write_text(
        "                1 of 1 DOCUMENTS\n\n            The Example Gazette\n\n"
        "            March 5, 2024\n\nHeadline only\n\nLENGTH: 0 words\n\n"
        "LOAD-DATE: March 6, 2024\n"
    )
    (item,) = discover_files(path)
    batch = process_files([item], known={}, max_file_bytes=10**6, min_words=25)
    assert batch.articles == ()
    assert batch.outcomes[0].outcome == "rejected"
    assert batch.outcomes[0].reason == "document 1 has no body, only its fields"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("January 11, 2010 Monday", datetime(2010, 1, 11)),
        ("Sept. 3, 2021 Friday 12:05 AM EST", datetime(2021, 9, 3, 0, 5)),
        ("11 January 2010", datetime(2010, 1, 11)),
        ("Edition 1;", None),
        ("February 30, 2010", None),
    ],
)
def test_export_dates(text: str, expected: datetime | None) -> None:
    assert parse_export_date(text) == expected
