"""`newsfacts serve` against a real Prefect server: scheduled runs complete, with artifacts.

The served process registers the deployment and runs what the server schedules; this test only
talks to the Prefect API over loopback, as the UI does.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from flows.summary import SUMMARY_ARTIFACT_KEY

pytestmark = pytest.mark.prefect

REPO_ROOT = Path(__file__).resolve().parents[2]


def api(url: str, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
    response = httpx.request(method, f"{url}{path}", json=body, timeout=10)
    response.raise_for_status()
    return response.json()


def wait_for(predicate: Any, *, timeout: float, what: str, log: Path) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(1)
    raise AssertionError(
        f"{what} not seen within {timeout} s; serve log:\n{log.read_text()[-4000:]}"
    )


def test_serve_runs_the_deployment_on_its_schedule_and_ctrl_c_pauses_it(
    prefect_api: str, seeds_copy: Path, tmp_path: Path
) -> None:
    name = f"test-{uuid.uuid4().hex[:8]}"
    db = tmp_path / "w.duckdb"
    log = tmp_path / "serve.log"
    env = {**os.environ, "PREFECT_API_URL": prefect_api, "PREFECT_RUNNER_POLL_FREQUENCY": "1"}
    with log.open("w") as out:
        served = subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--interval", "3", "--name", name,
             "--seeds", str(seeds_copy), "--db", str(db)],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
            start_new_session=True,
        )  # fmt: skip
    try:
        deployment = wait_for(
            lambda: _deployment(prefect_api, name), timeout=90, what="deployment", log=log
        )
        assert deployment["parameters"]["seeds_dir"] == str(seeds_copy)
        assert deployment["parameters"]["db_path"] == str(db)
        assert "fetch" in deployment["parameter_openapi_schema"]["properties"]
        assert deployment["schedules"][0]["schedule"]["interval"] == 3

        completed = wait_for(
            lambda: api(
                prefect_api,
                "POST",
                "/flow_runs/filter",
                {
                    "deployments": {"id": {"any_": [deployment["id"]]}},
                    "flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}},
                    "sort": "START_TIME_ASC",
                },
            ),
            timeout=180,
            what="a completed scheduled run",
            log=log,
        )
        first = completed[0]
        assert first["auto_scheduled"] is True
        artifacts = api(
            prefect_api,
            "POST",
            "/artifacts/filter",
            {"artifacts": {"flow_run_id": {"any_": [first["id"]]}}},
        )
        summary = next(a for a in artifacts if a["key"] == SUMMARY_ARTIFACT_KEY)
        (row,) = (
            json.loads(summary["data"]) if isinstance(summary["data"], str) else summary["data"]
        )
        assert (row["status"], row["files_seen"], row["articles_new"]) == ("completed", 5, 5)
        assert row["facts"] > 0
    finally:
        os.killpg(served.pid, signal.SIGINT)
        try:
            code = served.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(served.pid, signal.SIGKILL)
            raise
    assert code == 0, log.read_text()[-3000:]
    paused = _deployment(prefect_api, name)
    assert paused is not None and paused["paused"] is True


def _deployment(api_url: str, name: str) -> dict[str, Any] | None:
    try:
        return api(api_url, "GET", f"/deployments/name/ingest/{name}")  # type: ignore[no-any-return]
    except httpx.HTTPStatusError:
        return None
