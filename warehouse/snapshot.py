"""A read copy of the warehouse for long-lived readers (DuckDB CLI sessions, notebooks).

DuckDB lets one process hold a file for writing, and while any process holds it open, even
read-only, no other process can write it. A reader that keeps the live file open would therefore
make a scheduled run fail. The read copy is never opened by a writer: a run replaces it whole,
by an atomic rename, after it has committed. A session holding the old copy keeps reading the
old copy (its inode lives on) and blocks nothing.

A run killed before it publishes leaves the copy behind the warehouse. Staleness is therefore
decided from the data, not from the run that happens to come next: the copy is stale when the
warehouse holds a run newer than the copy's last run that changed something (or did not
complete). The next run, or `newsfacts status`, republishes it.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from warehouse.db import WarehouseBusyError, open_reader, open_writer, sql
from warehouse.lock import RunLockTimeout, run_lock


@dataclass(frozen=True, slots=True)
class ReadCopyState:
    """What the read copy holds next to what the warehouse holds."""

    path: Path
    published_at: datetime | None  # None: there is no read copy
    copy_run_id: int  # the last run in the copy (0 when none)
    last_change_run_id: int  # the last run in the warehouse that changed something

    @property
    def stale(self) -> bool:
        return self.published_at is None or self.last_change_run_id > self.copy_run_id

    def describe(self, now: datetime | None = None) -> str:
        if self.published_at is None:
            return f"read copy {self.path}: none published yet"
        age = ((now or datetime.now()) - self.published_at).total_seconds()
        freshness = (
            f"stale: the warehouse has run {self.last_change_run_id}" if self.stale else "current"
        )
        return (
            f"read copy {self.path}: published {self.published_at:%Y-%m-%d %H:%M:%S} "
            f"({_age(age)} ago), up to run {self.copy_run_id}; {freshness}"
        )


def read_copy_path(db_path: Path) -> Path:
    """warehouse/newsfacts.duckdb -> warehouse/newsfacts.read.duckdb"""
    return db_path.with_name(f"{db_path.stem}.read{db_path.suffix or '.duckdb'}")


def read_copy_state(live: duckdb.DuckDBPyConnection, db_path: Path) -> ReadCopyState:
    """Compare the read copy with the warehouse `live` is connected to."""
    (last_change,) = live.execute(sql("last_change_run")).fetchall()[0]
    target = read_copy_path(db_path)
    try:
        published = datetime.fromtimestamp(target.stat().st_mtime)
    except FileNotFoundError:
        return ReadCopyState(target, None, 0, int(last_change))
    try:
        with open_reader(target, wait_seconds=1.0) as copy:
            (copy_run,) = copy.execute("SELECT coalesce(max(run_id), 0) FROM runs").fetchall()[0]
    except (duckdb.Error, WarehouseBusyError):
        copy_run = -1  # unreadable (truncated, foreign): stale whatever the warehouse holds
    return ReadCopyState(target, published, int(copy_run), int(last_change))


def publish_read_copy(db_path: Path) -> Path:
    """Checkpoint the live file and replace the read copy with a copy of it.

    The caller holds the run lock, so no run writes while the file is copied.
    """
    with open_writer(db_path) as con:
        con.execute("CHECKPOINT")  # everything in the main file, nothing left in the WAL
    target = read_copy_path(db_path)
    partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        shutil.copyfile(db_path, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return target


def refresh_read_copy(
    db_path: Path, *, wait_seconds: float = 0.0
) -> tuple[ReadCopyState, bool] | None:
    """Republish a stale read copy if no run is writing: (state afterwards, republished now).

    For readers (`status`): a run that holds the lock publishes when it finishes, so a busy
    warehouse is left alone rather than waited for (None). Raises OSError when the copy cannot
    be written (no room, no permission): the warehouse itself is untouched by that.
    """
    try:
        with run_lock(db_path, wait_seconds=wait_seconds):
            with open_writer(db_path, wait_seconds=wait_seconds) as con:
                state = read_copy_state(con, db_path)
            if not state.stale:
                return state, False
            publish_read_copy(db_path)
            with open_writer(db_path, wait_seconds=wait_seconds) as con:
                return read_copy_state(con, db_path), True
    except (RunLockTimeout, WarehouseBusyError):
        return None


def _age(seconds: float) -> str:
    seconds = max(0.0, seconds)
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.0f} s"
