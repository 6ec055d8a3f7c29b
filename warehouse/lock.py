"""One ingestion run at a time per warehouse file, across processes.

DuckDB would refuse a second writer with a raw lock error mid-run; an advisory lock taken for the
whole run turns that into a clear choice made up front: wait up to a timeout, else skip the run.
The lock is released by the OS when the process dies, so a crash never leaves it stuck.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class RunLockTimeout(TimeoutError):
    """Another run held the writer lock for longer than this run would wait."""


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


@contextmanager
def run_lock(db_path: Path, *, wait_seconds: float) -> Iterator[None]:
    """Hold the warehouse's run lock; raise RunLockTimeout naming the holder if it stays taken."""
    path = lock_path_for(db_path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
                    raise RunLockTimeout(
                        f"another newsfacts run (pid {holder}) is writing to {db_path}"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
