"""Kill `newsfacts run` mid-run, run it again: no article lost, none doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from testing.corpus import write_dispatches
from warehouse.db import WarehouseBusyError, connect

pytestmark = pytest.mark.prefect

FILES = 60


def committed_inputs(db: Path) -> int:
    """Inputs committed so far, or -1 while the writer holds the file."""
    if not db.exists():
        return 0
    try:
        con = connect(db, read_only=True, wait_seconds=0)
    except (WarehouseBusyError, duckdb.Error):
        return -1
    try:
        return int(con.execute("SELECT count(*) FROM inputs").fetchall()[0][0])
    except duckdb.CatalogException:
        return 0
    finally:
        con.close()


def newsfacts_run(corpus: Path, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--seeds", str(corpus), "--db", str(db),
         "--batch-size", "1"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
    )  # fmt: skip


def test_a_run_killed_midway_and_run_again_loads_every_article_exactly_once(
    prefect_api: str, tmp_path: Path
) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "w.duckdb"
    write_dispatches(corpus, FILES)

    victim = newsfacts_run(corpus, db)
    deadline = time.monotonic() + 120
    while committed_inputs(db) < 10:
        assert victim.poll() is None, (
            f"run ended before it could be killed:\n{victim.stdout.read()}"
        )  # type: ignore[union-attr]
        assert time.monotonic() < deadline, "run made no progress"
        time.sleep(0.05)
    os.killpg(victim.pid, signal.SIGKILL)
    victim.wait()

    survivor = newsfacts_run(corpus, db)
    output, _ = survivor.communicate(timeout=300)
    assert survivor.returncode == 0, output
    assert "Traceback" not in output

    con = duckdb.connect(str(db), read_only=True)
    try:
        (articles, distinct, sightings, inputs) = con.execute(
            "SELECT (SELECT count(*) FROM articles),"
            " (SELECT count(DISTINCT content_hash) FROM articles),"
            " (SELECT count(*) FROM sightings), (SELECT count(*) FROM inputs)"
        ).fetchall()[0]
        runs = con.execute("SELECT status, articles_new FROM runs ORDER BY run_id").fetchall()
    finally:
        con.close()
    assert (articles, distinct, sightings, inputs) == (FILES, FILES, FILES, FILES)
    (first_status, loaded_before_kill), (second_status, loaded_after) = runs
    assert (first_status, second_status) == ("abandoned", "completed")
    assert 10 <= loaded_before_kill < FILES
    assert loaded_before_kill + loaded_after == FILES
