"""Connections, migrations and views.

DuckDB lets one process write a file at a time, and while it does, other processes cannot even
open it read-only. So writers open, write one short transaction, and close; readers retry briefly.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import duckdb

SQL_DIR = Path(__file__).resolve().parent
MIGRATIONS_DIR = SQL_DIR / "migrations"
VIEWS_DIR = SQL_DIR / "views"
QUERIES_DIR = SQL_DIR / "queries"

_LOCK_MARKERS = ("could not set lock", "conflicting lock", "lock on file")

# Every read connection the project hands out: the engine itself refuses to write or to reach
# outside the one file it opened. With external access off, ATTACH, COPY ... TO/FROM, EXPORT and
# IMPORT DATABASE, INSTALL/LOAD and every file or URL reader fail with a PermissionException;
# the locked configuration means no SET/RESET/PRAGMA can turn that back on. DuckDB would still
# allow writes under the warehouse's temp directory (it is in allowed_directories for spilling),
# so spilling is off too: an empty temp_directory leaves allowed_directories empty.
READ_ONLY_CONFIG: dict[str, str | bool | list[str]] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "temp_directory": "",
    "lock_configuration": True,
}

# Applied last, in this order, when a read connection may write under one folder (export).
_LOCKDOWN_SETTINGS = ("enable_external_access", "lock_configuration")

# Statements a read query may be made of. The engine refuses the rest anyway (read-only, no
# external access); this gate exists for what it does not refuse: DuckDB always lets a connection
# write the files of its own database, so `COPY ... TO '<warehouse>.wal'` (or the warehouse file
# itself, with USE_TMP_FILE false) would overwrite them even on a read-only connection.
_READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN", "PRAGMA", "CALL"})
# EXPLAIN ANALYZE runs its statement: what follows EXPLAIN [ANALYZE] [(options)] must be a read.
_EXPLAIN_PREFIX = re.compile(r"\s*EXPLAIN\s+(?:ANALY[SZ]E\s+)?(?:\([^)]*\)\s*)?", re.IGNORECASE)


class ReadOnlyQueryError(ValueError):
    """SQL handed to a read connection that is not a read: refused before it runs."""


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse file for longer than we were willing to wait."""


class WarehouseMissingError(FileNotFoundError):
    """A read was asked of a warehouse file that does not exist yet."""


@cache
def sql(name: str) -> str:
    """The text of warehouse/queries/<name>.sql."""
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def is_lock_error(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and any(
        marker in str(exc).lower() for marker in _LOCK_MARKERS
    )


def connect(
    db_path: Path,
    *,
    read_only: bool = False,
    wait_seconds: float = 10.0,
    writable_dir: Path | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the file, retrying while another process holds it, up to `wait_seconds`.

    A read-only connection is also locked down (READ_ONLY_CONFIG): it can read this file only,
    and write files only under `writable_dir` when one is given (what `export` writes to).
    """
    config = dict(READ_ONLY_CONFIG)
    if writable_dir is not None:
        # DuckDB takes allowed_directories only once the database is open and only while
        # external access is on: open unlocked, allow the one folder, then lock down as usual.
        config = {k: v for k, v in config.items() if k not in _LOCKDOWN_SETTINGS}
    if read_only and not db_path.exists():
        raise WarehouseMissingError(
            f"no warehouse at {db_path}: run `newsfacts run` first (or pass --db)"
        )
    if not read_only:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            if read_only:
                con = duckdb.connect(str(db_path), read_only=True, config=config)
                if writable_dir is not None:
                    con.execute(
                        "SET allowed_directories = $dirs", {"dirs": [str(writable_dir.resolve())]}
                    )
                    for setting in _LOCKDOWN_SETTINGS:
                        con.execute(f"SET {setting} = {str(READ_ONLY_CONFIG[setting]).lower()}")
                return con
            return duckdb.connect(str(db_path))
        except duckdb.IOException as exc:
            if not is_lock_error(exc) or time.monotonic() >= deadline:
                if is_lock_error(exc):
                    raise WarehouseBusyError(
                        f"warehouse {db_path} is held by another process "
                        f"(waited {wait_seconds:.0f} s); try again shortly"
                    ) from exc
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def check_read_only_sql(con: duckdb.DuckDBPyConnection, sql_text: str) -> None:
    """Refuse `sql_text` unless every statement in it, as DuckDB parses it, only reads.

    Raises duckdb.ParserException for SQL that does not parse, ReadOnlyQueryError for no
    statement at all or for a statement that is not a read.
    """
    statements = con.extract_statements(sql_text)
    if not statements:
        raise ReadOnlyQueryError("no SQL statement given (the query is empty)")
    for statement in statements:
        kind = statement.type.name
        if kind == "EXPLAIN":
            prefix = _EXPLAIN_PREFIX.match(statement.query)
            inner = con.extract_statements(statement.query[prefix.end() :]) if prefix else []
            reads = _READ_STATEMENTS - {"EXPLAIN"}
            if not inner or any(s.type.name not in reads for s in inner):
                raise ReadOnlyQueryError("the query is read-only: EXPLAIN only of a SELECT")
        elif kind == "MULTI":  # a PIVOT that first creates an ENUM of the values it finds
            raise ReadOnlyQueryError(
                "the query is read-only: PIVOT needs its values listed (PIVOT t ON c IN ('a', 'b'))"
            )
        elif kind not in _READ_STATEMENTS:
            raise ReadOnlyQueryError(
                f"the query is read-only: {kind} statements are refused "
                "(SELECT, EXPLAIN, PRAGMA and CALL are allowed)"
            )


@contextmanager
def open_writer(
    db_path: Path, *, wait_seconds: float = 60.0
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection, closed on exit so readers get a turn between writes."""
    con = connect(db_path, wait_seconds=wait_seconds)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def open_reader(
    db_path: Path, *, wait_seconds: float = 10.0, writable_dir: Path | None = None
) -> Iterator[duckdb.DuckDBPyConnection]:
    con = connect(db_path, read_only=True, wait_seconds=wait_seconds, writable_dir=writable_dir)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """One transaction around the block: COMMIT when it ends, ROLLBACK when anything escapes it.

    Every multi-statement write goes through here so a crash (or Ctrl-C, hence BaseException)
    leaves either all of a batch in the warehouse or none of it. A COMMIT that fails has already
    ended the transaction in DuckDB (nothing of it is kept), so its own error is the one raised.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def migrate(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply pending migrations in filename order, each in its own transaction; re-create views.

    Returns the names of migrations applied now (empty when the schema was current).
    """
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " name VARCHAR PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    done = {row[0] for row in con.execute("SELECT name FROM schema_migrations").fetchall()}
    applied = []
    for path in sorted(MIGRATIONS_DIR.glob("*.sql")):
        if path.name in done:
            continue
        with transaction(con):
            con.execute(path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (name) VALUES (?)", [path.name])
        applied.append(path.name)
    apply_views(con)
    return applied


def apply_views(con: duckdb.DuckDBPyConnection) -> None:
    """Views are CREATE OR REPLACE, so re-applying them all is how a view edit ships."""
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
