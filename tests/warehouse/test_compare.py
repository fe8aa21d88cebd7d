"""compare_table: multiset equality, doubles to a tolerance, integer widths as values."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from atr.warehouse import open_warehouse
from atr.warehouse.compare import compare_table


def test_same_rows_in_another_order_and_width_are_the_same(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "a.duckdb") as a, open_warehouse(tmp_path / "b.duckdb") as b:
        a.write_arrow("t", pa.table({"k": pa.array([1, 2, 2], pa.int32()), "x": [0.1 + 0.2, 1.0, 1.0]}))
        b.write_arrow("t", pa.table({"k": pa.array([2, 1, 2], pa.int64()), "x": [1.0, 0.3, 1.0]}))
        diff = compare_table(a, b, "t")
        assert diff.same and diff.rows_left == diff.rows_right == 3


def test_differences_are_counted_with_examples(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "a.duckdb") as a, open_warehouse(tmp_path / "b.duckdb") as b:
        a.write_arrow("t", pa.table({"k": [1, 2, 2], "x": [1.0, 2.0, 2.0], "when": ["x", "y", "z"]}))
        b.write_arrow("t", pa.table({"k": [1, 2, 3], "x": [1.0, 2.0001, 2.0], "when": ["p", "q", "r"]}))
        diff = compare_table(a, b, "t", ignore=("when",))
        assert not diff.same
        assert (diff.count_only_left, diff.count_only_right) == (2, 2)  # a duplicate row counts twice
        assert {"k": 3, "x": 2.0} in diff.only_right
        assert compare_table(a, b, "t", ignore=("when", "x", "k")).same  # nothing left to differ on


def test_a_column_on_one_side_only_is_a_difference(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "a.duckdb") as a, open_warehouse(tmp_path / "b.duckdb") as b:
        a.write_arrow("t", pa.table({"k": [1]}))
        b.write_arrow("t", pa.table({"k": [1], "extra": ["e"]}))
        diff = compare_table(a, b, "t")
        assert diff.columns_differ == ["extra"] and not diff.same
