"""The fact stage's writes in a real DuckDB file: replaced whole, never duplicated, re-extracted
when the extractor changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.facts import extractor_id, load_entity_catalog
from tasks.facts.articles import FactBatch, extract_batch
from tasks.records import BatchResult
from tests.warehouse.test_store import make_article
from warehouse import facts as fact_store
from warehouse import store
from warehouse.db import migrate, open_writer

BODY = (
    "South Korea's spy agency said about 600 North Korean soldiers had been killed, and "
    "Kim Jong Un said in a speech that the troops were heroes. Pyongyang has sent up to "
    "15,000 troops to Russia."
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        migrate(con)
        run_id = store.start_run(con, flow_run_id=None, source="test")
        store.load_batch(con, BatchResult(articles=(make_article("a.txt", BODY),)), run_id=run_id)
    return path


def extract_all(path: Path, extractor: str | None = None) -> FactBatch:
    catalog = load_entity_catalog()
    with open_writer(path) as con:
        ids = fact_store.stale_article_ids(con, extractor=extractor or extractor_id(catalog))
        batch = extract_batch(fact_store.articles_by_id(con, ids), catalog)
        fact_store.replace_entities(con, catalog.entity_rows())
        fact_store.replace_facts(con, batch, run_id=1)
    return batch


def count(path: Path, table: str) -> int:
    with open_writer(path) as con:
        row = con.execute(f"SELECT count(*) FROM {table}").fetchone()
    assert row is not None
    return int(row[0])


def test_new_articles_are_stale_until_their_facts_are_written(db: Path) -> None:
    batch = extract_all(db)
    assert len(batch.extractions) == 1 and batch.facts
    with open_writer(db) as con:
        assert fact_store.stale_article_ids(con, extractor=batch.extractor) == []
    assert count(db, "facts") == len(batch.facts)
    assert count(db, "entities") == len(load_entity_catalog().entities)


def test_writing_the_same_batch_twice_never_duplicates_a_fact_or_mention(db: Path) -> None:
    batch = extract_all(db)
    with open_writer(db) as con:
        fact_store.replace_facts(con, batch, run_id=1)
    assert count(db, "facts") == len(batch.facts)
    assert count(db, "mentions") == len(batch.mentions)
    assert count(db, "fact_extractions") == 1


def test_another_extractor_id_makes_every_article_stale_and_replaces_its_facts(db: Path) -> None:
    extract_all(db)
    with open_writer(db) as con:
        con.execute("UPDATE facts SET extractor = 'old'")
        con.execute("UPDATE fact_extractions SET extractor = 'old'")
        assert len(fact_store.stale_article_ids(con, extractor="new")) == 1
    batch = extract_all(db)
    with open_writer(db) as con:
        extractors = con.execute("SELECT DISTINCT extractor FROM facts").fetchall()
    assert extractors == [(batch.extractor,)]
    assert count(db, "facts") == len(batch.facts)


def test_the_run_counts_the_facts_it_wrote(db: Path) -> None:
    batch = extract_all(db)
    with open_writer(db) as con:
        row = con.execute("SELECT facts FROM runs WHERE run_id = 1").fetchone()
    assert row == (len(batch.facts),)


def test_the_generated_fact_schema_is_the_facts_table_the_migrations_create(tmp_path: Path) -> None:
    # A field added to Fact without its migration (or the reverse) fails here, by name or type.
    with open_writer(tmp_path / "w.duckdb") as con:
        migrate(con)
        table = [(row[0], row[1]) for row in con.execute("DESCRIBE facts").fetchall()]
        con.register("generated", fact_store.FACT_SCHEMA.empty_table())
        generated = [(row[0], row[1]) for row in con.execute("DESCRIBE generated").fetchall()]
        con.unregister("generated")
    assert generated == table
