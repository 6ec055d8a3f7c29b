"""Stopping `newsfacts serve`: real processes, real signals, a real Prefect server.

Prefect's own shutdown paused the deployment and then let a run whose process it had already
spawned begin anyway ("one more scheduled run starts after 'Pausing all deployments'"). Here,
once the serving process is signalled, no run begins its work, the run in progress stops at its
next batch boundary marked `interrupted` (in the warehouse and in Prefect), the deployment is
paused with nothing left scheduled, and every run process is gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from testing.corpus import write_dispatches
from tests.flows.test_crash_recovery import committed_inputs
from tests.flows.test_ingest import rows
from tests.flows.test_serve import REPO_ROOT, _deployment, api, wait_for
from tests.flows.test_signals import alive, command, descendants

pytestmark = pytest.mark.prefect

FILES = 40


def start_serve(
    prefect_api: str, corpus: Path, db: Path, name: str, log: Path
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PREFECT_API_URL": prefect_api,
        "PREFECT_RUNNER_POLL_FREQUENCY": "1",
        "NEWSFACTS_BATCH_SIZE": "1",  # many batch boundaries
        "NEWSFACTS_TASK_RUNNER": "threads",
    }
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "serve", "--interval", "2", "--name", name,
             "--seeds", str(corpus), "--db", str(db)],
            env=env, stdout=out, stderr=subprocess.STDOUT, cwd=REPO_ROOT,
            start_new_session=True,
        )  # fmt: skip


def deployment_runs(prefect_api: str, deployment_id: str) -> list[dict[str, Any]]:
    return api(  # type: ignore[no-any-return]
        prefect_api,
        "POST",
        "/flow_runs/filter",
        {"deployments": {"id": {"any_": [deployment_id]}}, "sort": "START_TIME_ASC"},
    )


def stamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@pytest.mark.parametrize(
    ("signum", "to_group"),
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["sigterm-to-serve", "ctrl-c-to-group"],
)
def test_a_signal_to_serve_starts_no_run_and_stops_the_one_in_progress_at_a_batch_boundary(
    prefect_api: str, tmp_path: Path, signum: int, to_group: bool
) -> None:
    corpus, db, log = tmp_path / "corpus", tmp_path / "w.duckdb", tmp_path / "serve.log"
    write_dispatches(corpus, FILES)
    name = f"stop-{uuid.uuid4().hex[:8]}"
    served = start_serve(prefect_api, corpus, db, name, log)
    try:
        deployment = wait_for(
            lambda: _deployment(prefect_api, name),
            timeout=90,
            what="deployment",
            log=log,
        )
        deadline = time.monotonic() + 240
        while committed_inputs(db) < 3:  # the first scheduled run is part-way through
            assert served.poll() is None, log.read_text()[-4000:]
            assert time.monotonic() < deadline, log.read_text()[-4000:]
            time.sleep(0.05)
        run_processes = descendants(served.pid)
        signalled_at = datetime.now(UTC)
        if to_group:
            os.killpg(served.pid, signum)
        else:
            os.kill(served.pid, signum)
        code = served.wait(timeout=180)
    finally:
        if served.poll() is None:
            os.killpg(served.pid, signal.SIGKILL)
            served.wait()
    output = log.read_text()
    assert code == 0, output[-4000:]
    assert "Traceback" not in output, output[-4000:]
    assert f"{signal.Signals(signum).name}: no new runs start; pausing ingest/{name}" in output
    assert "stopped: no run in progress, the schedule is paused" in output
    time.sleep(0.5)
    assert [command(pid) for pid in run_processes if alive(pid)] == []

    # The warehouse: one run, stopped at a batch boundary; none began after the signal.
    ((status, loaded, flow_run_id, started_at),) = rows(
        db, "SELECT status, articles_new, flow_run_id, started_at FROM runs"
    )
    assert status == "interrupted" and 3 <= loaded < FILES
    assert started_at < signalled_at
    assert rows(db, "SELECT count(*) FROM inputs") == [(loaded,)]

    # Prefect: that run is Cancelled/Interrupted; no flow run began after the signal, none is
    # left pending, running or scheduled, and the deployment is paused.
    flow_runs = deployment_runs(prefect_api, deployment["id"])
    by_id = {run["id"]: run for run in flow_runs}
    stopped = by_id[str(flow_run_id)]["state"]
    assert (stopped["type"], stopped["name"]) == ("CANCELLED", "Interrupted")
    late = [  # a Running state entered after the signal is a run that began after it
        run["name"]
        for run in flow_runs
        for state in api(prefect_api, "GET", f"/flow_run_states/?flow_run_id={run['id']}")
        if state["type"] == "RUNNING"
        and (stamp(state["timestamp"]) or signalled_at) >= signalled_at
    ]
    assert late == [], output[-4000:]
    final = {"COMPLETED", "CANCELLED", "FAILED", "CRASHED"}
    assert [run["state"]["type"] for run in flow_runs if run["state"]["type"] not in final] == []
    assert api(prefect_api, "GET", f"/deployments/{deployment['id']}")["paused"] is True
