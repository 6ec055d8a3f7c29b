"""The Dask task runner gives the same warehouse as the default one.

Batches are computed on a local Dask cluster of two worker processes; this process stays the
single writer. Same inputs, same articles, sightings, rejects, facts and mentions, row for row.
"""

from __future__ import annotations

import asyncio
import codecs
from pathlib import Path
from typing import Any

import duckdb
import pytest

from flows.ingest import ingest

pytestmark = pytest.mark.prefect

TABLES = {
    "articles": "SELECT content_hash, title, publisher, published_at, language, body, word_count,"
    " origin, source_kind, encoding FROM articles ORDER BY content_hash",
    "sightings": "SELECT content_hash, origin, encoding FROM sightings ORDER BY ALL",
    "rejects": "SELECT origin, stage, reason FROM rejects ORDER BY ALL",
    "facts": "SELECT * EXCLUDE (extractor) FROM facts ORDER BY fact_id",
    "mentions": "SELECT * FROM mentions ORDER BY ALL",
    "fact_extractions": "SELECT article_id, facts, mentions, error FROM fact_extractions"
    " ORDER BY ALL",
}


def snapshot(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.execute(sql).fetchall() for name, sql in TABLES.items()}
    finally:
        con.close()


def test_a_dask_run_loads_exactly_what_a_threaded_run_loads(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    first = sorted(seeds_copy.glob("*.txt"))[0]
    text = first.read_text(encoding="utf-8")
    (seeds_copy / "copy-with-bom.txt").write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    (seeds_copy / "empty.txt").write_bytes(b"")
    (seeds_copy / "notes.pdf").write_bytes(b"%PDF-1.4")

    results = {}
    for runner in ("threads", "dask"):
        db = tmp_path / f"{runner}.duckdb"
        state = asyncio.run(
            ingest(
                seeds_dir=str(seeds_copy),
                db_path=str(db),
                batch_size=2,
                task_runner=runner,
                return_state=True,
            )
        )
        assert state.is_completed(), state.message
        summary = state.result()
        assert (summary.articles_new, summary.duplicates, summary.rejected) == (5, 1, 2)
        results[runner] = snapshot(db)

    assert results["threads"]["facts"], "the comparison needs facts to compare"
    for table in TABLES:
        assert results["dask"][table] == results["threads"][table], table
