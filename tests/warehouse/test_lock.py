"""The run lock: one ingestion run per warehouse at a time, across processes."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from warehouse.lock import RunLockTimeout, lock_path_for, run_lock

HOLD_LOCK = """
import sys, time
from pathlib import Path
from warehouse.lock import run_lock
with run_lock(Path(sys.argv[1]), wait_seconds=0):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def hold_in_subprocess(db: Path, seconds: float) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(db), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_second_run_is_refused_naming_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_in_subprocess(db, 30)
    try:
        with pytest.raises(RunLockTimeout, match=f"pid {holder.pid}"), run_lock(db, wait_seconds=0):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_a_waiting_run_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_in_subprocess(db, 0.5)
    started = time.monotonic()
    with run_lock(db, wait_seconds=20):
        waited = time.monotonic() - started
    holder.wait()
    assert waited > 0.2


def test_a_killed_holder_does_not_leave_the_lock_stuck(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    holder = hold_in_subprocess(db, 30)
    holder.kill()
    holder.wait()
    with run_lock(db, wait_seconds=0):
        assert lock_path_for(db).exists()
