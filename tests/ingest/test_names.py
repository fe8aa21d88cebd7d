"""Name normalisation (SQL): examples, and properties over arbitrary text."""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atr.ingest.normalise import sql_name
from atr.warehouse import Warehouse
from atr.warehouse.duckdb_engine import DuckDBWarehouse


@pytest.fixture(scope="module")
def mem() -> Iterator[Warehouse]:
    wh = DuckDBWarehouse(":memory:")
    yield wh
    wh.close()


def normalise(wh: Warehouse, values: list[str | None]) -> list[str | None]:
    rows = wh.rows(
        f"SELECT i, {sql_name('v')} AS n FROM (SELECT unnest(?::VARCHAR[]) AS v, "
        "generate_subscripts(?::VARCHAR[], 1) AS i) ORDER BY i",
        [values, values],
    )
    return [r["n"] for r in rows]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Zoë-Ann ", "zoe ann"),
        ("O'Neill", "oneill"),
        ("O’BRIEN", "obrien"),
        ("St. John", "st john"),
        ("Mary  Jo", "mary jo"),
        ("ØSTER-STRASSE", "oster strasse"),
        ("Łukasz", "lukasz"),
        ("Straße", "strasse"),
        ("Anne-Marie\tSmith", "anne marie smith"),
        ("smith", "smith"),
        ("--", None),
        ("", None),
        (None, None),
    ],
)
def test_examples(mem: Warehouse, raw: str | None, expected: str | None) -> None:
    assert normalise(mem, [raw]) == [expected]


@settings(max_examples=40, deadline=None)
@given(values=st.lists(st.text(max_size=20), min_size=1, max_size=30))
def test_result_is_clean_and_normalising_twice_changes_nothing(mem: Warehouse, values: list[str]) -> None:
    once = normalise(mem, list(values))
    for result in once:
        if result is not None:
            assert result == result.strip() and "  " not in result
            # no punctuation or other whitespace left (letters are judged by RE2's Unicode
            # tables, which may be newer than Python's, so only the removed classes are checked)
            assert not any(c in string.punctuation or (c.isspace() and c != " ") for c in result), result
    assert normalise(mem, list(once)) == once
