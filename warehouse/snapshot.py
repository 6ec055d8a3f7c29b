"""A read copy of the warehouse for long-lived readers (DuckDB CLI sessions, notebooks).

DuckDB lets one process hold a file for writing, and while any process holds it open, even
read-only, no other process can write it. A reader that keeps the live file open would therefore
make a scheduled run fail. The read copy is never opened by a writer: a run replaces it whole,
by an atomic rename, after it has committed. A session holding the old copy keeps reading the
old copy (its inode lives on) and blocks nothing.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from warehouse.db import open_writer


def read_copy_path(db_path: Path) -> Path:
    """warehouse/newsfacts.duckdb -> warehouse/newsfacts.read.duckdb"""
    return db_path.with_name(f"{db_path.stem}.read{db_path.suffix or '.duckdb'}")


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
