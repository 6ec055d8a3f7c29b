"""SIGTERM, Ctrl-C and kill -9 of `newsfacts run`: real processes, real signals.

A stop request ends the run at a batch boundary, marked interrupted in the warehouse and in
Prefect, with one line and the shell's exit code; the next run resumes with nothing lost or
doubled. kill -9 of the run leaves no process behind, and a run with no configured Prefect API
starts exactly one server, which every pool worker uses.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from testing.corpus import write_dispatches
from testing.processes import process_tree
from tests.flows.test_crash_recovery import committed_inputs
from tests.flows.test_ingest import rows

pytestmark = pytest.mark.prefect

FILES = 24


def start_run(
    corpus: Path, db: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "run", "--seeds", str(corpus), "--db", str(db),
         "--batch-size", "1", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
        env=env,
    )  # fmt: skip


def wait_for_inputs(proc: subprocess.Popen[str], db: Path, count: int) -> None:
    deadline = time.monotonic() + 240
    while committed_inputs(db) < count:
        assert proc.poll() is None, f"run ended before the signal:\n{proc.communicate()}"
        assert time.monotonic() < deadline, "run made no progress"
        time.sleep(0.05)


def descendants(pid: int) -> list[int]:
    """Every live process below `pid` (children, their children, ...)."""
    return sorted(process_tree(pid) - {pid})


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


@pytest.mark.parametrize(
    ("signum", "to_group", "runner"),
    [
        (signal.SIGTERM, False, "threads"),  # a supervisor stopping the process
        (signal.SIGINT, True, "processes"),  # Ctrl-C: the terminal signals the whole group
    ],
    ids=["sigterm", "ctrl-c"],
)
def test_a_signal_stops_the_run_at_a_batch_boundary_and_the_next_run_resumes(
    prefect_api: str, tmp_path: Path, signum: int, to_group: bool, runner: str
) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "w.duckdb"
    write_dispatches(corpus, FILES)
    victim = start_run(corpus, db, "--task-runner", runner)
    wait_for_inputs(victim, db, 3)
    children = descendants(victim.pid)
    if to_group:
        os.killpg(victim.pid, signum)
    else:
        os.kill(victim.pid, signum)
    # A supervisor waiting on the pipes must not hang: everything holding them is gone.
    stdout, stderr = victim.communicate(timeout=60)
    assert victim.returncode == 128 + signum, stderr
    lines = (stdout + stderr).strip().splitlines()
    assert len(lines) == 1, lines
    assert f"interrupted by {signal.Signals(signum).name}" in lines[0]
    assert "the next run resumes" in lines[0]
    time.sleep(0.5)
    assert [command(pid) for pid in children if alive(pid)] == []

    ((run_id, status, loaded, flow_run_id),) = rows(
        db, "SELECT run_id, status, articles_new, flow_run_id FROM runs"
    )
    assert status == "interrupted" and 3 <= loaded < FILES
    flow_run = httpx.get(f"{prefect_api}/flow_runs/{flow_run_id}", timeout=10).json()
    assert (flow_run["state"]["type"], flow_run["state"]["name"]) == ("CANCELLED", "Interrupted")

    survivor = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--seeds", str(corpus), "--db", str(db)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert survivor.returncode == 0, survivor.stdout + survivor.stderr
    counts = rows(
        db,
        "SELECT (SELECT count(*) FROM articles), (SELECT count(DISTINCT content_hash) FROM"
        " articles), (SELECT count(*) FROM sightings), (SELECT count(*) FROM inputs)",
    )
    assert counts == [(FILES, FILES, FILES, FILES)]
    statuses = rows(db, "SELECT status, articles_new FROM runs ORDER BY run_id")
    assert statuses == [("interrupted", loaded), ("completed", FILES - loaded)]
    assert run_id == 1


def test_kill_9_leaves_no_process_behind_and_a_run_has_one_prefect_server(
    tmp_path: Path,
) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "w.duckdb"
    write_dispatches(corpus, FILES)
    env = {key: value for key, value in os.environ.items() if key != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(tmp_path / "prefect-home")
    victim = start_run(corpus, db, "--task-runner", "processes", env=env)
    wait_for_inputs(victim, db, 5)
    children = descendants(victim.pid)
    servers = [pid for pid in children if "uvicorn" in command(pid)]
    workers = [pid for pid in children if "multiprocessing.spawn" in command(pid)]
    assert len(servers) == 1, [command(pid) for pid in children]
    assert len(workers) == 2
    server_url = _environ(servers[0]).get("PREFECT_API_URL")
    assert server_url is None  # the server is the API; it is not told to use another
    urls = {_environ(pid).get("PREFECT_API_URL") for pid in workers}
    assert len(urls) == 1 and urls.pop().startswith("http://127.0.0.1:")

    os.kill(victim.pid, signal.SIGKILL)
    victim.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [command(pid) for pid in children if alive(pid)] == []


def _environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(item.decode().split("=", 1) for item in raw if b"=" in item)


def test_a_full_disk_fails_the_run_in_one_line_and_a_rerun_with_room_completes(
    prefect_api: str, tmp_path: Path
) -> None:
    import resource

    corpus, db = tmp_path / "corpus", tmp_path / "w.duckdb"
    write_dispatches(corpus, FILES)

    def small_disk() -> None:  # writes past 400 kB fail with EFBIG, as on a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (400_000, 400_000))

    full = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--seeds", str(corpus), "--db", str(db)],
        capture_output=True, text=True, timeout=300, preexec_fn=small_disk,
    )  # fmt: skip
    assert full.returncode == 1
    output = (full.stdout + full.stderr).strip()
    assert "Traceback" not in output
    assert output.startswith("error: run failed:") and "File too large" in output, output
    assert len(output.splitlines()) == 1, output

    again = subprocess.run(
        [sys.executable, "-m", "flows.cli", "run", "--seeds", str(corpus), "--db", str(db)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert again.returncode == 0, again.stdout + again.stderr
    assert rows(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [
        (FILES, FILES)
    ]
