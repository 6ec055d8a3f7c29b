"""The CLI's read side: `query` never writes, `status` shows runs and open rejects."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.cli import app
from tasks.records import BatchResult, InputOutcome, Reject
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
        article = make_article("seeds/a.txt")
        store.load_batch(
            con,
            BatchResult(
                articles=(article, make_article("seeds/copy.txt")),
                rejects=(Reject("seeds/empty.txt", "decode", "empty file"),),
                outcomes=(
                    InputOutcome("seeds/a.txt", 1, 1, "a" * 64, "article", article.content_hash),
                    InputOutcome(
                        "seeds/empty.txt", 0, 1, "e" * 64, "rejected", reason="empty file"
                    ),
                ),
            ),
            run_id=run_id,
        )
        store.finish_run(con, run_id=run_id, status="completed", files_seen=3)
    return path


def test_query_prints_json_with_iso_dates(db: Path) -> None:
    result = runner.invoke(
        app, ["query", "select title, published_at from articles", "--db", str(db), "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"title": "Title", "published_at": "2025-07-02T15:33:11"}]


def test_query_prints_csv_with_a_header(db: Path) -> None:
    result = runner.invoke(
        app, ["query", "select origin from sightings order by origin", "--db", str(db), "-f", "csv"]
    )
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.stdout))) == [
        ["origin"],
        ["seeds/a.txt"],
        ["seeds/copy.txt"],
    ]


def test_query_prints_a_table_by_default(db: Path) -> None:
    result = runner.invoke(app, ["query", "select count(*) as n from articles", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "(1 row)" in result.stdout


@pytest.mark.parametrize(
    "sql", ["delete from articles", "drop table articles", "create table x (i int)"]
)
def test_query_refuses_to_modify_the_warehouse(db: Path, sql: str) -> None:
    result = runner.invoke(app, ["query", sql, "--db", str(db)])
    assert result.exit_code == 1
    assert "read-only" in result.output.lower()
    check = runner.invoke(
        app, ["query", "select count(*) from articles", "--db", str(db), "-f", "csv"]
    )
    assert check.stdout.splitlines()[1] == "1"


def test_query_reports_sql_errors_without_a_traceback(db: Path) -> None:
    result = runner.invoke(app, ["query", "select nope from articles", "--db", str(db)])
    assert result.exit_code == 1
    assert "query failed" in result.output
    assert "Traceback" not in result.output


def test_query_on_a_missing_warehouse_says_how_to_create_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["query", "select 1", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1
    assert "newsfacts run" in result.output


def test_status_shows_recent_runs_and_inputs_still_rejected(db: Path) -> None:
    result = runner.invoke(app, ["status", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "1 articles, 2 sightings" in result.stdout
    assert "completed" in result.stdout
    assert "empty.txt" in result.stdout and "empty file" in result.stdout


def test_run_refuses_a_missing_seeds_folder_before_starting_prefect(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["run", "--seeds", str(tmp_path / "nope"), "--db", str(tmp_path / "w.duckdb")]
    )
    assert result.exit_code == 1
    assert "does not exist" in result.output
    assert not (tmp_path / "w.duckdb").exists()


def test_invalid_settings_are_reported_by_field(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", "--batch-size", "0", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "batch_size" in result.output


def test_serve_without_a_prefect_server_says_how_to_start_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from testing.prefect_server import free_port

    monkeypatch.setenv("PREFECT_API_URL", f"http://127.0.0.1:{free_port()}/api")
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "prefect server start" in result.output


@pytest.mark.parametrize("cron", ["hourly", "99 * * * *", "0 0 31 2 *"])
def test_serve_refuses_a_schedule_that_is_not_cron(tmp_path: Path, cron: str) -> None:
    result = runner.invoke(app, ["serve", "--cron", cron, "--db", str(tmp_path / "w.duckdb")])
    assert result.exit_code == 1
    assert "cron" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def test_eval_facts_prints_precision_and_recall_per_kind_and_passes_its_floors() -> None:
    result = runner.invoke(app, ["eval-facts"])
    assert result.exit_code == 0, result.output
    for word in ("== dev", "== seeds", "count", "money", "measure", "percent", "quotes found"):
        assert word in result.output
    for word in ("recall", "precision", "attribution", "right speaker", "wrong speaker"):
        assert word in result.output.lower()


def test_query_answers_from_the_read_copy_while_the_warehouse_is_held(db: Path) -> None:
    import multiprocessing
    import time

    from warehouse.snapshot import publish_read_copy

    publish_read_copy(db)
    spawn = multiprocessing.get_context("spawn")
    holding, release = spawn.Event(), spawn.Event()
    holder = spawn.Process(target=_hold_writer, args=(str(db), holding, release))
    holder.start()
    try:
        assert holding.wait(timeout=60)
        started = time.monotonic()
        result = runner.invoke(
            app, ["query", "--db", str(db), "select count(*) AS n FROM articles"]
        )
        elapsed = time.monotonic() - started
    finally:
        release.set()
        holder.join(timeout=30)
    assert result.exit_code == 0, result.output
    assert "read copy" in result.stderr
    assert elapsed < 10


def _hold_writer(db: str, holding: Any, release: Any) -> None:
    """Another process writing: DuckDB then refuses every other opener of the file."""
    import duckdb as duck

    con = duck.connect(db)
    holding.set()
    release.wait(timeout=60)
    con.close()


def test_run_refuses_an_invalid_sources_file_before_starting_prefect(tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text('[[sources]]\nname = "x"\nkind = "carrier-pigeon"\n', encoding="utf-8")
    config = tmp_path / "c.toml"
    config.write_text(f'sources_file = "{sources.name}"\ndb_path = "w.duckdb"\n')
    result = runner.invoke(app, ["run", "--config", str(config)])
    assert result.exit_code == 1
    assert "sources.toml" in result.output and "kind" in result.output
    assert not (tmp_path / "w.duckdb").exists()


@pytest.mark.parametrize(
    "template",
    [
        "ATTACH '{dir}/other.duckdb' AS o (READ_ONLY false)",
        "COPY (SELECT * FROM runs) TO '{dir}/out.csv'",
        "COPY (SELECT 1) TO '{db}.wal'",
        "COPY (SELECT 1) TO '{db}' (USE_TMP_FILE false)",
        "EXPORT DATABASE '{dir}/exported'",
        "INSTALL httpfs",
        "SELECT * FROM read_text('{db}')",
        "SET enable_external_access = true",
    ],
)
def test_query_cannot_write_or_reach_outside_the_warehouse(db: Path, template: str) -> None:
    before = sorted(p.name for p in db.parent.iterdir())
    result = runner.invoke(app, ["query", template.format(db=db, dir=db.parent), "--db", str(db)])
    assert result.exit_code == 1
    assert "error:" in result.output and "Traceback" not in result.output
    assert sorted(p.name for p in db.parent.iterdir()) == before
    check = runner.invoke(app, ["query", "select count(*) from runs", "--db", str(db), "-f", "csv"])
    assert check.stdout.splitlines()[1] == "1"


@pytest.mark.parametrize("sql", ["", "   ", ";"])
def test_an_empty_query_says_so_in_one_line(db: Path, sql: str) -> None:
    result = runner.invoke(app, ["query", sql, "--db", str(db)])
    assert result.exit_code == 1
    assert "no SQL" in result.output and "Traceback" not in result.output


def test_status_republishes_a_read_copy_left_behind_by_a_crash_and_shows_its_age(
    db: Path,
) -> None:
    from warehouse.snapshot import publish_read_copy, read_copy_path

    publish_read_copy(db)
    first = runner.invoke(app, ["status", "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "read copy" in first.stdout and "ago), up to run 1; current" in first.stdout
    with open_writer(db) as con:  # a run killed after it loaded one more article
        run_id = store.start_run(con, flow_run_id="f-2", source="seeds")
        store.load_batch(
            con, BatchResult(articles=(make_article("seeds/b.txt", "Other words."),)), run_id=run_id
        )
    second = runner.invoke(app, ["status", "--db", str(db)])
    assert second.exit_code == 0, second.output
    assert "up to run 2; current (republished now" in second.stdout
    copy = runner.invoke(
        app,
        ["query", "select count(*) from articles", "--db", str(read_copy_path(db)), "-f", "csv"],
    )
    assert copy.stdout.splitlines()[1] == "2"
