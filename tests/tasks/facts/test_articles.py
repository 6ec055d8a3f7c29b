"""Facts for a batch of stored articles: rows for three tables, and failures kept per article."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tasks.clean.text import clean_text
from tasks.facts import extractor_id, load_entity_catalog
from tasks.facts.articles import ArticleText, extract_batch

SEED = Path(__file__).resolve().parents[3] / "seeds" / "004_ad42f186b11cc35e.txt"


def test_a_batch_yields_fact_mention_and_extraction_rows_under_one_extractor_id() -> None:
    catalog = load_entity_catalog()
    body = clean_text(SEED.read_text(encoding="utf-8"), source="text").body
    batch = extract_batch([ArticleText("a" * 16, body, datetime(2025, 12, 13))], catalog)
    assert batch.extractor == extractor_id(catalog)
    assert {row["article_id"] for row in batch.facts} == {"a" * 16}
    assert any(r["predicate"] == "killed" and r["value"] == 9.0 for r in batch.facts)
    assert batch.mentions and all(row["article_id"] == "a" * 16 for row in batch.mentions)
    (extraction,) = batch.extractions
    assert extraction["facts"] == len(batch.facts) and extraction["error"] is None
    assert batch.failures == []


def test_an_article_the_extractor_fails_on_is_recorded_and_the_rest_still_get_facts() -> None:
    catalog = load_entity_catalog()
    good = ArticleText("g" * 16, "Kim Jong Un said 600 soldiers were killed.", None)
    broken = ArticleText("b" * 16, None, None)  # type: ignore[arg-type]  # not text at all
    batch = extract_batch([broken, good], catalog)
    (failure,) = batch.failures
    assert failure["article_id"] == "b" * 16
    assert failure["error"].startswith(("TypeError", "AttributeError"))
    assert {row["article_id"] for row in batch.facts} == {"g" * 16}


def test_an_article_in_another_language_is_skipped_with_its_reason() -> None:
    catalog = load_entity_catalog()
    german = ArticleText(
        "d" * 16,
        "Die Feuerwehr hat am Montag 40 Menschen aus den Trümmern gerettet, teilte die Polizei "
        "mit. Nach Angaben der Behörden wurden mehr als 300 Häuser zerstört.",
        None,
    )
    batch = extract_batch([german], catalog)
    (row,) = batch.extractions
    assert row["error"] is None and row["skipped"].startswith("language: de")
    assert batch.facts == [] and batch.skipped == [row]
