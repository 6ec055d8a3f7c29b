"""Read connections cannot write or reach outside the warehouse: the engine refuses, then the gate.

Every statement here is tried on a real connection from `open_reader`, with no statement filter in
between: DuckDB itself must refuse it. What DuckDB still allows (writing its own database and WAL
files) is refused by `check_read_only_sql`, tested below through the same connection.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest

from tests.warehouse.test_snapshot import load
from warehouse.db import ReadOnlyQueryError, check_read_only_sql, open_reader, open_writer


@pytest.fixture
def place(tmp_path: Path) -> Path:
    """A warehouse, another warehouse beside it, a hard link to the first, files to read."""
    load(tmp_path / "w.duckdb", "a.txt", "Kim said nine soldiers were killed in Kursk.")
    load(tmp_path / "other.duckdb", "b.txt", "Seoul said 600 soldiers were killed.")
    os.link(tmp_path / "w.duckdb", tmp_path / "hard-link.duckdb")
    (tmp_path / "secret.csv").write_text("user,password\nkim,hunter2\n", encoding="utf-8")
    return tmp_path


def _escapes(place: Path) -> list[str]:
    p = str(place)
    return [
        f"ATTACH '{p}/other.duckdb' AS other (READ_ONLY false)",
        f"ATTACH '{p}/other.duckdb' AS other (READ_ONLY)",
        f"ATTACH '{p}/hard-link.duckdb' AS live",
        f"ATTACH '{p}/new.duckdb' AS fresh",
        "ATTACH ':memory:' AS scratch",
        f"COPY (SELECT * FROM articles) TO '{p}/out.csv'",
        f"COPY articles TO '{p}/out.parquet' (FORMAT parquet)",
        f"COPY articles FROM '{p}/secret.csv'",
        f"EXPORT DATABASE '{p}/exported'",
        f"IMPORT DATABASE '{p}/exported'",
        "INSTALL httpfs",
        "LOAD httpfs",
        f"SELECT * FROM read_csv('{p}/secret.csv')",
        f"SELECT * FROM '{p}/secret.csv'",
        f"SELECT * FROM read_text('{p}/secret.csv')",
        f"SELECT * FROM read_blob('{p}/secret.csv')",
        f"SELECT * FROM read_json('{p}/secret.csv')",
        f"SELECT * FROM read_parquet('{p}/x.parquet')",
        f"SELECT * FROM glob('{p}/*')",
        "SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')",
        f"SELECT * FROM '{p}/other.duckdb'",
        "SET enable_external_access = true",
        "RESET enable_external_access",
        "PRAGMA enable_external_access = true",
        "SET lock_configuration = false",
        f"SET allowed_directories = ['{p}']",
        f"SET temp_directory = '{p}/spill'",
        "CREATE SECRET s (TYPE s3, KEY_ID 'k', SECRET 's')",
        "DELETE FROM runs",
        "DROP TABLE articles",
        "UPDATE articles SET title = 'x'",
        "INSERT INTO runs (started_at, status) VALUES (now(), 'x')",
        "CREATE TABLE t (i INTEGER)",
        "CREATE VIEW v AS SELECT 1",
    ]


def _state(place: Path) -> tuple[object, ...]:
    """Everything an escape could change: both warehouses' rows and the folder's files."""
    counts = []
    for name in ("w.duckdb", "other.duckdb"):
        with open_writer(place / name) as con:
            counts.append(
                con.execute(
                    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM runs)"
                ).fetchall()
            )
    files = sorted((path.name, path.stat().st_size) for path in place.iterdir() if path.is_file())
    return (counts, files)


def test_the_engine_refuses_every_write_and_every_way_out(place: Path) -> None:
    before = _state(place)
    refused = []
    with open_reader(place / "w.duckdb") as con:
        for statement in _escapes(place):
            try:
                con.execute(statement).fetchall()
            except duckdb.Error as exc:
                refused.append(statement)
                assert not isinstance(exc, duckdb.ParserException), (statement, exc)
        # ... and the connection still reads its own warehouse.
        assert con.execute("SELECT count(*) FROM articles").fetchone() == (1,)
    assert refused == _escapes(place)
    assert _state(place) == before
    assert not (place / "exported").exists()


def test_the_engine_reports_a_permission_error_for_files_and_a_lock_for_settings(
    place: Path,
) -> None:
    with open_reader(place / "w.duckdb") as con:
        with pytest.raises(duckdb.PermissionException):
            con.execute(f"SELECT * FROM read_csv('{place}/secret.csv')")
        with pytest.raises(duckdb.InvalidInputException, match="locked"):
            con.execute("SET enable_external_access = true")


@pytest.mark.parametrize(
    "template",
    [
        "COPY (SELECT 1) TO '{db}.wal'",
        "COPY (SELECT 1) TO '{db}' (USE_TMP_FILE false)",
        "EXPLAIN ANALYZE COPY (SELECT 1) TO '{db}.wal'",
        "explain analyse (format json) copy (select 1) to '{db}.wal'",
        "/* a comment */ EXPLAIN ANALYZE COPY (SELECT 1) TO '{db}.wal'",
        "SELECT 1; COPY (SELECT 1) TO '{db}.wal'",
        "USE memory",
        "CREATE TEMP TABLE t AS SELECT 1",
        "PIVOT articles ON language",
    ],
)
def test_the_gate_refuses_what_the_engine_lets_through_to_its_own_files(
    place: Path, template: str
) -> None:
    db = place / "w.duckdb"
    before = _state(place)
    with open_reader(db) as con, pytest.raises(ReadOnlyQueryError, match="read-only"):
        check_read_only_sql(con, template.format(db=db))
    assert _state(place) == before
    assert not (place / "w.duckdb.wal").exists()


@pytest.mark.parametrize(
    "statement",
    [
        "SELECT count(*) FROM articles",
        "FROM articles",
        "WITH x AS (SELECT 1 AS i) SELECT * FROM x",
        "SHOW TABLES",
        "DESCRIBE articles",
        "SUMMARIZE articles",
        "PRAGMA table_info('articles')",
        "EXPLAIN SELECT * FROM articles",
        "EXPLAIN ANALYZE SELECT * FROM articles",
        "CALL pragma_version()",
        "SELECT * FROM (PIVOT articles ON language IN ('en', 'ko') USING count(*))",
        "SELECT 1; SELECT 2",
    ],
)
def test_the_gate_lets_every_kind_of_read_through(place: Path, statement: str) -> None:
    with open_reader(place / "w.duckdb") as con:
        check_read_only_sql(con, statement)
        con.execute(statement).fetchall()


@pytest.mark.parametrize("statement", ["", "  ;  ", "-- nothing but a comment"])
def test_an_empty_query_is_refused_by_name(place: Path, statement: str) -> None:
    with open_reader(place / "w.duckdb") as con, pytest.raises(ReadOnlyQueryError, match="empty"):
        check_read_only_sql(con, statement)


def test_an_export_connection_writes_under_its_folder_only(place: Path) -> None:
    """`export` gets one folder to write in; everything else stays refused by the engine."""
    out = place / "export"
    out.mkdir()
    with open_reader(place / "w.duckdb", writable_dir=out) as con:
        con.execute(f"COPY articles TO '{out}/articles.parquet' (FORMAT parquet)")
        assert (out / "articles.parquet").stat().st_size > 0
        for statement in _escapes(place):
            with pytest.raises(duckdb.Error):
                con.execute(statement)
        with pytest.raises(duckdb.Error):
            con.execute(f"SET allowed_directories = ['{place}']")
    assert not (place / "out.csv").exists()
    assert not (place / "new.duckdb").exists()
