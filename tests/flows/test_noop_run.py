"""A second `newsfacts run` on unchanged input against a real Prefect server: it stores nothing
new, is still a completed flow run with its summary artifact in the UI, and never loads the heavy
libraries (spaCy, trafilatura, datasketch, Dask) that only a stage with work needs.

How fast that is goes in bench/noop_run.py, not here: wall time on a shared machine is noise.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.summary import SUMMARY_ARTIFACT_KEY
from testing.articles import article_html
from testing.corpus import write_dispatches
from tests.flows.test_ingest import rows

pytestmark = pytest.mark.prefect

REPO_ROOT = Path(__file__).resolve().parents[2]
HEAVY = (
    "spacy",
    "trafilatura",
    "datasketch",
    "dask",
    "prefect_dask",
    "tasks.facts.extract",
    "sentencex",
)
# Runs the real CLI in a fresh interpreter, then records which heavy libraries that run loaded.
DRIVER = """
import json, os, sys
from flows.cli import app
try:
    app(sys.argv[1:], prog_name="newsfacts")
    code = 0
except SystemExit as exc:
    code = exc.code
heavy = os.environ["NOOP_HEAVY"].split(",")
with open(os.environ["NOOP_REPORT"], "w") as report:
    json.dump({"exit": code, "loaded": [m for m in heavy if m in sys.modules]}, report)
"""
STORED = (
    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM sightings),"
    " (SELECT count(*) FROM inputs), (SELECT count(*) FROM facts),"
    " (SELECT count(*) FROM rejects), (SELECT count(*) FROM article_stories)"
)


def _run_cli(seeds: Path, db: Path, report: Path) -> tuple[dict[str, Any], str]:
    env = {**os.environ, "NOOP_HEAVY": ",".join(HEAVY), "NOOP_REPORT": str(report)}
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, "run", "--seeds", str(seeds), "--db", str(db)],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert report.exists(), done.stdout + done.stderr
    return json.loads(report.read_text()), done.stdout


def test_a_second_run_on_unchanged_input_stores_nothing_and_loads_no_heavy_library(
    prefect_api: str, tmp_path: Path
) -> None:
    seeds = tmp_path / "corpus"
    write_dispatches(seeds, 2)
    (seeds / "page.html").write_bytes(article_html(1))
    db = tmp_path / "w.duckdb"

    first, _ = _run_cli(seeds, db, tmp_path / "first.json")
    assert first["exit"] == 0
    # the check sees these libraries when a run does need them (new text, facts, clusters)
    assert {"spacy", "trafilatura", "datasketch", "tasks.facts.extract"} <= set(first["loaded"])
    stored = rows(db, STORED)
    assert stored[0][0] == 3 and stored[0][3] > 0

    second, output = _run_cli(seeds, db, tmp_path / "second.json")
    assert second == {"exit": 0, "loaded": []}
    assert "nothing new" in output
    assert rows(db, STORED) == stored

    runs = rows(db, "SELECT status, articles_new, flow_run_id FROM runs ORDER BY run_id")
    assert [(status, new) for status, new, _ in runs] == [("completed", 3), ("completed", 0)]
    flow_run_id = runs[1][2]
    flow_run = httpx.get(f"{prefect_api}/flow_runs/{flow_run_id}", timeout=10).json()
    assert flow_run["state_type"] == "COMPLETED"
    artifacts = httpx.post(
        f"{prefect_api}/artifacts/filter",
        json={"artifacts": {"flow_run_id": {"any_": [flow_run_id]}}},
        timeout=10,
    ).json()
    (summary,) = [a for a in artifacts if a["key"] == SUMMARY_ARTIFACT_KEY]
    data = summary["data"]
    (row,) = json.loads(data) if isinstance(data, str) else data
    assert (row["status"], row["articles_new"], row["unchanged"]) == ("completed", 0, 3)
