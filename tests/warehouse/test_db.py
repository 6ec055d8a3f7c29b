"""Migrations apply once, in order; views come back on every migrate; writes are all or nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from warehouse.db import (
    MIGRATIONS_DIR,
    WarehouseMissingError,
    connect,
    migrate,
    open_writer,
    transaction,
)

CONTRACT = {
    "runs": {"run_id", "flow_run_id", "started_at", "finished_at", "status", "files_seen",
             "articles_new", "duplicates", "rejected"},
    "articles": {"article_id", "content_hash", "title", "publisher", "author", "published_at",
                 "language", "body", "word_count", "first_seen_at", "run_id"},
    "sightings": {"content_hash", "origin", "run_id", "seen_at"},
    "rejects": {"run_id", "origin", "stage", "reason", "seen_at"},
}  # fmt: skip


def test_a_new_file_gets_every_migration_and_the_contract_columns(tmp_path: Path) -> None:
    with open_writer(tmp_path / "w.duckdb") as con:
        applied = migrate(con)
        assert applied == sorted(p.name for p in MIGRATIONS_DIR.glob("*.sql"))
        for table, columns in CONTRACT.items():
            names = {
                row[0]
                for row in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    [table],
                ).fetchall()
            }
            assert columns <= names, f"{table} lacks {columns - names}"


def test_migrating_again_applies_nothing_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        migrate(con)
        con.execute("INSERT INTO runs (started_at, status) VALUES (now(), 'completed')")
    with open_writer(path) as con:
        assert migrate(con) == []
        assert con.execute("SELECT count(*) FROM runs").fetchone() == (1,)
        views = {r[0] for r in con.execute("SELECT view_name FROM duckdb_views()").fetchall()}
    assert {"article_sightings", "latest_rejects"} <= views


def test_reading_a_warehouse_that_does_not_exist_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(WarehouseMissingError, match="newsfacts run"):
        connect(tmp_path / "missing.duckdb", read_only=True)


def test_a_transaction_keeps_its_writes_when_the_block_ends(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        con.execute("CREATE TABLE t (n INTEGER)")
        with transaction(con):
            con.execute("INSERT INTO t VALUES (1), (2)")
    with open_writer(path) as con:
        assert con.execute("SELECT count(*) FROM t").fetchone() == (2,)


def test_a_transaction_leaves_nothing_behind_when_the_block_raises(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        con.execute("CREATE TABLE t (n INTEGER)")
        with pytest.raises(KeyboardInterrupt), transaction(con):
            con.execute("INSERT INTO t VALUES (1)")
            raise KeyboardInterrupt
        # The connection is usable again: the failed transaction was rolled back, not left open.
        with transaction(con):
            con.execute("INSERT INTO t VALUES (3)")
    with open_writer(path) as con:
        assert con.execute("SELECT n FROM t").fetchall() == [(3,)]
