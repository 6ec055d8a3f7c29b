"""The read copy: a consistent copy for long-lived readers that never blocks the writer."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tasks.records import BatchResult
from tests.warehouse.test_store import make_article
from warehouse import store
from warehouse.db import migrate, open_writer
from warehouse.lock import run_lock
from warehouse.snapshot import (
    publish_read_copy,
    read_copy_path,
    read_copy_state,
    refresh_read_copy,
)


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


def _copy_articles(db: Path) -> int:
    con = duckdb.connect(str(read_copy_path(db)), read_only=True)
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchall()[0][0])
    finally:
        con.close()


def _finish(db: Path, status: str = "completed") -> None:
    with open_writer(db) as con:
        (run_id,) = con.execute("SELECT max(run_id) FROM runs").fetchall()[0]
        store.finish_run(con, run_id=run_id, status=status, files_seen=1)


def test_a_copy_behind_a_crashed_run_is_stale_and_republished_once(tmp_path: Path) -> None:
    db = tmp_path / "newsfacts.duckdb"
    load(db, "a.txt", "Kim said nine soldiers were killed in Kursk.")
    _finish(db)
    publish_read_copy(db)
    # A run that loaded an article and was killed before it published: still 'running'.
    load(db, "b.txt", "Seoul said 600 North Korean soldiers were killed.")
    with open_writer(db) as con:
        state = read_copy_state(con, db)
    assert state.stale and (state.copy_run_id, state.last_change_run_id) == (1, 2)
    assert "stale" in state.describe()

    refreshed = refresh_read_copy(db)
    assert refreshed is not None
    after, republished = refreshed
    assert republished and not after.stale and after.copy_run_id == 2
    assert _copy_articles(db) == 2
    assert "current" in after.describe() and "ago" in after.describe()
    assert refresh_read_copy(db) == (after, False)


def test_a_completed_run_that_found_nothing_leaves_the_copy_current(tmp_path: Path) -> None:
    db = tmp_path / "newsfacts.duckdb"
    load(db, "a.txt", "Kim said nine soldiers were killed in Kursk.")
    _finish(db)
    publish_read_copy(db)
    with open_writer(db) as con:
        store.start_run(con, flow_run_id=None, source="t")
    _finish(db)  # a run with all-zero counts
    with open_writer(db) as con:
        assert not read_copy_state(con, db).stale


def test_no_copy_and_an_unreadable_copy_are_stale(tmp_path: Path) -> None:
    db = tmp_path / "newsfacts.duckdb"
    load(db, "a.txt", "Kim said nine soldiers were killed in Kursk.")
    with open_writer(db) as con:
        assert read_copy_state(con, db).stale
    read_copy_path(db).write_bytes(b"not a database")
    with open_writer(db) as con:
        assert read_copy_state(con, db).stale


def test_refresh_leaves_the_copy_alone_while_a_run_holds_the_lock(tmp_path: Path) -> None:
    db = tmp_path / "newsfacts.duckdb"
    load(db, "a.txt", "Kim said nine soldiers were killed in Kursk.")
    with run_lock(db, wait_seconds=0):
        assert refresh_read_copy(db) is None
    assert not read_copy_path(db).exists()
