"""Arrow schemas come from the records' type hints, field by field, in declaration order."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pyarrow as pa
import pytest

from warehouse.arrow import record_schema


@dataclass(frozen=True, slots=True, kw_only=True)
class _Row:
    label: str
    kind: Literal["a", "b"]
    score: float | None = None
    offset: int = 0
    flagged: bool = False
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Odd:
    when: bytes


def test_every_field_becomes_a_column_of_its_type_after_the_keys() -> None:
    schema = record_schema(_Row, keys=("row_id",))
    assert list(zip(schema.names, schema.types, strict=True)) == [
        ("row_id", pa.string()),
        ("label", pa.string()),
        ("kind", pa.string()),
        ("score", pa.float64()),
        ("offset", pa.int32()),
        ("flagged", pa.bool_()),
        ("aliases", pa.list_(pa.string())),
    ]


def test_a_field_type_with_no_column_type_is_refused_by_name() -> None:
    with pytest.raises(TypeError, match="bytes"):
        record_schema(_Odd)
