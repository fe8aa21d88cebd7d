"""Postcode normalisation: reference examples, properties, and Python/SQL agreement."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atr.ingest.postcodes import (
    normalise_postcode,
    postcode_key,
    sql_outward_from_key,
    sql_postcode_from_key,
    sql_postcode_key,
    sql_sector_from_key,
)
from atr.warehouse import Warehouse
from atr.warehouse.duckdb_engine import DuckDBWarehouse

AREA1 = "ABCDEFGHIJKLMNOPRSTUWYZ"  # not Q V X
AREA2 = "ABCDEFGHKLMNOPQRSTUVWXY"  # not I J Z
DIGIT = "0123456789"
UNIT = "ABDEFGHJLNPQRSTUWXYZ"  # not C I K M O V


@pytest.fixture(scope="module")
def mem() -> Iterator[Warehouse]:
    wh = DuckDBWarehouse(":memory:")
    yield wh
    wh.close()


def outward_codes() -> st.SearchStrategy[str]:
    a, b, d = st.sampled_from(AREA1), st.sampled_from(AREA2), st.sampled_from(DIGIT)
    return st.one_of(
        st.tuples(a, d).map("".join),
        st.tuples(a, d, d).map("".join),
        st.tuples(a, b, d).map("".join),
        st.tuples(a, b, d, d).map("".join),
        st.tuples(a, d, st.sampled_from("ABCDEFGHJKPSTUW")).map("".join),
        st.tuples(a, b, d, st.sampled_from("ABEHMNPRVWXY")).map("".join),
    )


inward_codes = st.tuples(st.sampled_from(DIGIT), st.sampled_from(UNIT), st.sampled_from(UNIT)).map("".join)
valid_postcodes = st.tuples(outward_codes(), inward_codes)


def messy(outward: str, inward: str, spaces: list[int], lower: list[bool]) -> str:
    """The same postcode with random case and whitespace, as partners send it."""
    chars = [c.lower() if lower[i % len(lower)] else c for i, c in enumerate(outward + inward)]
    for at in sorted(spaces, reverse=True):
        chars.insert(min(at, len(chars)), " ")
    return " " + "".join(chars) + "\t"


# national-returns-reference.md §4.1 examples
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("bd1  1hy", "BD1 1HY"),
        ("HX11UJ", "HX1 1UJ"),
        (" hd1 2ta ", "HD1 2TA"),
        ("EC1A 1BB", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("ls6\u00a01ab", "LS6 1AB"),
        ("GIR 0AA", "GIR 0AA"),
        ("LS1 4D", None),
        ("QS1 1AA", None),
        ("LS1 1CI", None),
        ("LS1 1AV", None),
        ("LS123 1AA", None),
        ("BFPO 123", None),
        ("", None),
    ],
)
def test_reference_examples(raw: str, expected: str | None) -> None:
    result = normalise_postcode(raw)
    assert (result.postcode if result else None) == expected


def test_parts() -> None:
    parsed = normalise_postcode("ls61ab")
    assert parsed is not None
    assert (parsed.key, parsed.postcode, parsed.outward, parsed.sector) == (
        "LS61AB",
        "LS6 1AB",
        "LS6",
        "LS6 1",
    )


@given(
    code=valid_postcodes,
    spaces=st.lists(st.integers(0, 8), max_size=3),
    lower=st.lists(st.booleans(), min_size=1, max_size=7),
)
def test_case_and_whitespace_do_not_matter(
    code: tuple[str, str], spaces: list[int], lower: list[bool]
) -> None:
    outward, inward = code
    parsed = normalise_postcode(messy(outward, inward, spaces, lower))
    assert parsed is not None
    assert parsed.postcode == f"{outward} {inward}"
    assert parsed.outward == outward
    assert parsed.sector == f"{outward} {inward[0]}"


@given(raw=st.text(max_size=10))
def test_normalising_is_idempotent(raw: str) -> None:
    parsed = normalise_postcode(raw)
    if parsed is not None:
        assert normalise_postcode(parsed.postcode) == parsed
        assert postcode_key(parsed.postcode) == parsed.key


@given(code=valid_postcodes, bad=st.sampled_from("CIKMOV"), slot=st.integers(1, 2))
def test_forbidden_unit_letters_are_rejected(code: tuple[str, str], bad: str, slot: int) -> None:
    outward, inward = code
    broken = inward[:slot] + bad + inward[slot + 1 :]
    assert normalise_postcode(outward + broken) is None


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            st.builds(
                messy,
                outward_codes(),
                inward_codes,
                st.lists(st.integers(0, 8), max_size=2),
                st.lists(st.booleans(), min_size=1, max_size=3),
            ),
            st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ls\u00a0ß", max_size=9),
            st.text(max_size=8),
        ),
        min_size=1,
        max_size=25,
    )
)
def test_sql_agrees_with_python(mem: Warehouse, values: list[str]) -> None:
    key = sql_postcode_key("v")
    rows = mem.rows(
        f"SELECT v, k, {sql_postcode_from_key('k')} AS postcode, "
        f"CASE WHEN k IS NOT NULL THEN {sql_outward_from_key('k')} END AS outward, "
        f"CASE WHEN k IS NOT NULL THEN {sql_sector_from_key('k')} END AS sector "
        f"FROM (SELECT v, {key} AS k FROM (SELECT unnest(?::VARCHAR[]) AS v))",
        [values],
    )
    for row in rows:
        parsed = normalise_postcode(row["v"])
        expected = (parsed.key, parsed.postcode, parsed.outward, parsed.sector) if parsed else (None,) * 4
        assert (row["k"], row["postcode"], row["outward"], row["sector"]) == expected, row
