"""The read copy: a consistent copy for long-lived readers that never blocks the writer."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tasks.records import BatchResult
from tests.warehouse.test_store import make_article
from warehouse import store
from warehouse.db import migrate, open_writer
from warehouse.snapshot import publish_read_copy, read_copy_path


def load(db: Path, origin: str, body: str) -> None:
    with open_writer(db) as con:
        migrate(con)
        run_id = store.start_run(con, flow_run_id=None, source="t")
        store.load_batch(con, BatchResult(articles=(make_article(origin, body),)), run_id=run_id)


def test_the_read_copy_sits_next_to_the_warehouse() -> None:
    assert read_copy_path(Path("w/newsfacts.duckdb")) == Path("w/newsfacts.read.duckdb")


def test_a_reader_holding_the_read_copy_open_blocks_neither_writes_nor_the_next_copy(
    tmp_path: Path,
) -> None:
    db = tmp_path / "newsfacts.duckdb"
    load(db, "a.txt", "Kim said nine soldiers were killed in Kursk.")
    copy = publish_read_copy(db)

    session = duckdb.connect(str(copy), read_only=True)  # an analyst's open session
    try:
        load(db, "b.txt", "Seoul said 600 North Korean soldiers were killed.")
        publish_read_copy(db)
        # The open session keeps its consistent, older view ...
        assert session.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    finally:
        session.close()
    # ... and a new one sees the latest published state.
    fresh = duckdb.connect(str(copy), read_only=True)
    try:
        assert fresh.execute("SELECT count(*) FROM articles").fetchone() == (2,)
    finally:
        fresh.close()
    assert not list(tmp_path.glob(".*.partial"))
