"""`newsfacts export`: every table and view to files other tools read back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tasks.records import BatchResult, Reject
from tests.warehouse.test_store import make_article
from warehouse import store
from warehouse.db import migrate, open_writer

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    with open_writer(path) as con:
        migrate(con)
        run_id = store.start_run(con, flow_run_id="f-1", source="seeds")
        store.load_batch(
            con,
            BatchResult(
                articles=(make_article("seeds/a.txt"),),
                rejects=(Reject("seeds/empty.txt", "decode", "empty file"),),
            ),
            run_id=run_id,
        )
        store.finish_run(con, run_id=run_id, status="completed", files_seen=2)
    return path


def relations(db: Path) -> set[str]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            name
            for (name,) in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        } - {"schema_migrations"}
    finally:
        con.close()


def test_parquet_export_has_every_table_and_view_with_their_rows(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "export"
    result = runner.invoke(app, ["export", str(out), "--db", str(db)])
    assert result.exit_code == 0, result.output
    names = relations(db)
    assert {"articles", "facts", "claims", "latest_rejects", "runs"} <= names
    assert {p.stem for p in out.glob("*.parquet")} == names
    assert not list(out.glob(".*partial"))
    articles = pq.read_table(out / "articles.parquet")
    assert articles.num_rows == 1
    assert articles.column("origin").to_pylist() == ["seeds/a.txt"]
    assert pq.read_table(out / "latest_rejects.parquet").column("reason").to_pylist() == [
        "empty file"
    ]


def test_csv_export_with_headers(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    result = runner.invoke(app, ["export", str(out), "--db", str(db), "--format", "csv"])
    assert result.exit_code == 0, result.output
    with (out / "rejects.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["origin"], r["stage"], r["reason"]) for r in rows] == [
        ("seeds/empty.txt", "decode", "empty file")
    ]
    with (out / "claims.csv").open(newline="") as handle:
        header = next(csv.reader(handle))
    assert {"kind", "predicate", "subject", "value", "corroboration"} <= set(header)


def test_export_without_a_warehouse_is_a_clear_error(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["export", str(tmp_path / "o"), "--db", str(tmp_path / "no.duckdb")]
    )
    assert result.exit_code == 1
    assert "no warehouse" in result.output
