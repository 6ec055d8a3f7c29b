"""A run republishes a read copy that fell behind, and a copy it cannot write fails nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.records import BatchResult
from tests.flows.test_ingest import rows, run_ingest
from tests.warehouse.test_store import make_article
from warehouse import store
from warehouse.db import open_writer
from warehouse.snapshot import read_copy_path

pytestmark = pytest.mark.prefect


def test_a_run_that_finds_nothing_new_still_republishes_a_copy_behind_a_crash(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    run_ingest(seeds_copy, db)
    assert rows(read_copy_path(db), "SELECT count(*) FROM articles") == [(5,)]
    with open_writer(db) as con:  # a run killed after its load, before it published
        run_id = store.start_run(con, flow_run_id=None, source="elsewhere")
        store.load_batch(
            con, BatchResult(articles=(make_article("x.txt", "Words of a sixth report."),)),
            run_id=run_id,
        )  # fmt: skip

    _, summary = run_ingest(seeds_copy, db)
    assert summary.articles_new == 0 and summary.message.startswith("nothing new")
    assert rows(read_copy_path(db), "SELECT count(*) FROM articles") == [(6,)]
    assert rows(read_copy_path(db), "SELECT status FROM runs ORDER BY run_id") == [
        ("completed",), ("abandoned",), ("completed",)
    ]  # fmt: skip


def test_a_read_copy_that_cannot_be_written_is_a_warning_and_the_run_completes(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    db = tmp_path / "w.duckdb"
    read_copy_path(db).mkdir(parents=True)  # the copy cannot replace a directory
    _, summary = run_ingest(seeds_copy, db)
    assert summary.articles_new == 5
    assert "read copy not published" in summary.message
    assert rows(db, "SELECT status FROM runs") == [("completed",)]
