"""Do two warehouses hold the same table? For checking one engine against another.

Rows are compared as multisets (engines do not promise an order), integers of different widths
as equal values, and doubles to a relative tolerance: Spark and DuckDB add floating-point
numbers in different orders, so sums can differ in the last bits.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from atr.warehouse.base import Warehouse


@dataclass
class TableDifference:
    """How one table differs between two warehouses (empty lists: identical)."""

    table: str
    rows_left: int
    rows_right: int
    only_left: list[dict[str, Any]] = field(default_factory=list)  # a few examples
    only_right: list[dict[str, Any]] = field(default_factory=list)
    count_only_left: int = 0
    count_only_right: int = 0
    columns_differ: list[str] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not (self.only_left or self.only_right or self.columns_differ)


def _normalised(value: Any, digits: int) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return float(f"{value:.{digits}g}")
    if isinstance(value, list):
        return tuple(_normalised(v, digits) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _normalised(v, digits)) for k, v in value.items()))
    return value


def _rows(table: pa.Table, columns: list[str], digits: int) -> Counter[tuple[Any, ...]]:
    data = table.select(columns).to_pylist()
    return Counter(tuple(_normalised(r[c], digits) for c in columns) for r in data)


def compare_table(
    left: Warehouse,
    right: Warehouse,
    table: str,
    *,
    ignore: tuple[str, ...] = (),
    significant_digits: int = 9,
    examples: int = 5,
) -> TableDifference:
    """Compare ``table`` in both warehouses, row for row, ignoring the ``ignore`` columns."""
    a, b = left.query(f"SELECT * FROM {table}"), right.query(f"SELECT * FROM {table}")
    diff = TableDifference(table, a.num_rows, b.num_rows)
    diff.columns_differ = sorted(set(a.column_names) ^ set(b.column_names))
    columns = [c for c in a.column_names if c in b.column_names and c not in ignore]
    ra, rb = _rows(a, columns, significant_digits), _rows(b, columns, significant_digits)
    left_extra, right_extra = list((ra - rb).elements()), list((rb - ra).elements())
    diff.count_only_left, diff.count_only_right = len(left_extra), len(right_extra)
    diff.only_left = [dict(zip(columns, r, strict=True)) for r in left_extra[:examples]]
    diff.only_right = [dict(zip(columns, r, strict=True)) for r in right_extra[:examples]]
    return diff
