"""Arrow schemas generated from the typed records, so a table's row is defined once.

The loaders hand DuckDB Arrow tables; building their schema from the record's type hints means a
new column is a new field on the record plus the migration that adds it, never a third list here.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from typing import Any, Literal

import pyarrow as pa

# Python type -> Arrow type, chosen to match the migrations' SQL types: str VARCHAR, float
# DOUBLE, int INTEGER (offsets and counters fit 32 bits), bool BOOLEAN.
_SCALARS: dict[Any, pa.DataType] = {
    str: pa.string(),
    float: pa.float64(),
    int: pa.int32(),
    bool: pa.bool_(),
}


def arrow_type(hint: Any) -> pa.DataType:
    """The Arrow type of one field's type hint; `X | None` is X (Arrow columns are nullable)."""
    origin = typing.get_origin(hint)
    if origin in (types.UnionType, typing.Union):
        present = [arg for arg in typing.get_args(hint) if arg is not type(None)]
        if len(present) != 1:
            raise TypeError(f"no Arrow type for a union of {present}")
        return arrow_type(present[0])
    if origin is Literal:
        kinds = {type(value) for value in typing.get_args(hint)}
        if len(kinds) != 1:
            raise TypeError(f"no Arrow type for a Literal mixing {kinds}")
        return arrow_type(kinds.pop())
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) != 2 or args[1] is not Ellipsis:
            raise TypeError(f"no Arrow type for {hint} (only tuple[X, ...] is a list)")
        return pa.list_(arrow_type(args[0]))
    if hint in _SCALARS:
        return _SCALARS[hint]
    raise TypeError(f"no Arrow type for {hint!r}")


def record_schema(record: type, *, keys: tuple[str, ...] = ()) -> pa.Schema:
    """`keys` (string columns the loader adds, such as the row's id), then every field of the
    dataclass `record` in declaration order, typed from its hints."""
    hints = typing.get_type_hints(record)
    return pa.schema(
        [
            *((key, pa.string()) for key in keys),
            *((f.name, arrow_type(hints[f.name])) for f in dataclasses.fields(record)),
        ]
    )
