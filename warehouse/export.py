"""Every table and view to Parquet or CSV files, for pandas, polars, R or a BI tool."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import duckdb

from warehouse.db import sql

ExportFormat = Literal["parquet", "csv"]


@dataclass(frozen=True, slots=True)
class ExportedRelation:
    name: str
    kind: str  # BASE TABLE | VIEW
    rows: int
    path: Path


def export_warehouse(
    con: duckdb.DuckDBPyConnection, folder: Path, *, file_format: ExportFormat
) -> list[ExportedRelation]:
    """One file per table and view in `folder` (created), written whole or not at all.

    Each file is written under a temporary name and renamed, so a reader never opens half a
    file and an interrupted export leaves the previous one intact.
    """
    folder.mkdir(parents=True, exist_ok=True)
    options = (
        "FORMAT parquet, COMPRESSION zstd" if file_format == "parquet" else "FORMAT csv, HEADER"
    )
    exported = []
    for name, kind in con.execute(sql("exportable_relations")).fetchall():
        target = folder / f"{name}.{file_format}"
        partial = folder / f".{name}.{file_format}.partial"
        quoted = '"' + name.replace('"', '""') + '"'
        path_literal = "'" + str(partial).replace("'", "''") + "'"
        con.execute(f"COPY (SELECT * FROM {quoted}) TO {path_literal} ({options})")
        partial.replace(target)
        (count,) = con.execute(f"SELECT count(*) FROM {quoted}").fetchone() or (0,)
        exported.append(ExportedRelation(name=name, kind=kind, rows=int(count), path=target))
    return exported
