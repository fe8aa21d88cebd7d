"""NHS number and UPN checks: published examples, properties, and Python/SQL agreement."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from atr.ingest.checkdigits import (
    UPN_ALPHABET,
    nhs_check_digit,
    nhs_number_problem,
    nhs_number_status,
    sql_clean_nhs_number,
    sql_clean_upn,
    sql_nhs_problem_of_clean,
    sql_nhs_status_of_clean,
    sql_upn_problem_of_clean,
    sql_upn_status_of_clean,
    upn_check_letter,
    upn_problem,
    upn_status,
)
from atr.warehouse import Warehouse
from atr.warehouse.duckdb_engine import DuckDBWarehouse

digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@pytest.fixture(scope="module")
def mem() -> Iterator[Warehouse]:
    wh = DuckDBWarehouse(":memory:")
    yield wh
    wh.close()


# national-returns-reference.md §3.1 table
@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("943 476 5919", None),
        ("401 023 2137", None),
        ("999 000 0018", None),
        ("943 476 5918", "nhs_number.invalid_check_digit"),
        ("401 023 2138", "nhs_number.invalid_check_digit"),
        ("123 456 7890", "nhs_number.invalid_check_digit"),  # stem can never be valid
        ("123456789", "nhs_number.invalid_format"),
        ("111 111 1111", "nhs_number.placeholder"),
        ("943-476-5919", None),
        ("94347659l9", "nhs_number.invalid_format"),
    ],
)
def test_nhs_number_reference_examples(number: str, expected: str | None) -> None:
    assert nhs_number_problem(number) == expected


def test_nhs_number_status_values() -> None:
    assert nhs_number_status(None) == "missing"
    assert nhs_number_status(" \u00a0") == "missing"
    assert nhs_number_status("12") == "invalid"
    assert nhs_number_status("9434765919") == "valid"
    assert nhs_number_status("9434765918") == "invalid"


# national-returns-reference.md §3.2 table, including the corrected vendor example (§0 item 4)
@pytest.mark.parametrize(
    ("upn", "problem", "status"),
    [
        ("B801200005001", None, "valid"),
        ("P207000016049", None, "valid"),
        ("Y383201512345", None, "valid"),
        ("U38420151200A", None, "temporary"),
        ("A801200005001", "upn.invalid_check_letter", "invalid"),
        ("B207000016049", "upn.invalid_check_letter", "invalid"),
        ("Q207000016049", "upn.invalid_check_letter", "invalid"),
        ("X80120000A001", "upn.invalid_format", "invalid"),
        ("p207 0000 16049", None, "valid"),
        ("I207000016049", "upn.invalid_format", "invalid"),
    ],
)
def test_upn_reference_examples(upn: str, problem: str | None, status: str) -> None:
    assert upn_problem(upn) == problem
    assert upn_status(upn) == status


@given(stem=digits)
def test_appending_the_check_digit_makes_a_valid_number(stem: str) -> None:
    check = nhs_check_digit(stem)
    if check is None:  # Modulus 11 gives 10: no number is issued from this stem
        assert all(nhs_number_problem(stem + d) is not None for d in "0123456789")
        return
    number = stem + str(check)
    assert nhs_number_problem(number) in (None, "nhs_number.placeholder")
    for other in set("0123456789") - {str(check)}:
        assert nhs_number_problem(stem + other) == "nhs_number.invalid_check_digit"


@given(stem=digits, position=st.integers(0, 8), replacement=st.sampled_from("0123456789"))
def test_any_single_digit_error_is_detected(stem: str, position: int, replacement: str) -> None:
    check = nhs_check_digit(stem)
    if check is None or stem[position] == replacement:
        return
    typo = stem[:position] + replacement + stem[position + 1 :] + str(check)
    assert nhs_number_problem(typo) is not None


@given(stem=digits, spaces=st.lists(st.integers(0, 10), max_size=3))
def test_spaces_do_not_change_the_verdict(stem: str, spaces: list[int]) -> None:
    number = stem + str(nhs_check_digit(stem) or 0)
    spaced = number
    for at in sorted(spaces, reverse=True):
        spaced = spaced[:at] + " " + spaced[at:]
    assert nhs_number_problem(spaced) == nhs_number_problem(number)


upn_bodies = st.tuples(
    st.text(alphabet="0123456789", min_size=11, max_size=11),
    st.sampled_from("0123456789" + UPN_ALPHABET),
).map(lambda parts: parts[0] + parts[1])


@given(body=upn_bodies)
def test_upn_with_its_check_letter_is_valid(body: str) -> None:
    upn = upn_check_letter(body) + body
    assert upn_problem(upn) is None
    assert upn_status(upn) == ("temporary" if body[-1].isalpha() else "valid")
    for wrong in set(UPN_ALPHABET) - {upn[0]}:
        assert upn_problem(wrong + body) == "upn.invalid_check_letter"


@given(body=upn_bodies, position=st.integers(0, 10), replacement=st.sampled_from("0123456789"))
def test_upn_single_digit_error_is_detected(body: str, position: int, replacement: str) -> None:
    if body[position] == replacement:
        return
    typo = body[:position] + replacement + body[position + 1 :]
    assert upn_problem(upn_check_letter(body) + typo) == "upn.invalid_check_letter"


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            digits.map(lambda s: s + str(nhs_check_digit(s) or 0)),
            st.text(alphabet="0123456789 -", min_size=0, max_size=13),
            st.text(min_size=1, max_size=12),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_sql_nhs_check_agrees_with_python(mem: Warehouse, values: list[str]) -> None:
    rows = mem.rows(
        f"SELECT v, {sql_nhs_problem_of_clean('n')} AS problem, {sql_nhs_status_of_clean('n')} AS status "
        f"FROM (SELECT v, {sql_clean_nhs_number('v')} AS n FROM (SELECT unnest(?::VARCHAR[]) AS v))",
        [values],
    )
    for row in rows:
        assert row["problem"] == nhs_number_problem(row["v"]), row
        assert row["status"] == nhs_number_status(row["v"]), row


@settings(max_examples=60, deadline=None)
@given(
    values=st.lists(
        st.one_of(
            upn_bodies.map(lambda b: upn_check_letter(b) + b),
            upn_bodies.map(lambda b: "A" + b),
            st.text(alphabet="0123456789ABCXYZ ois", min_size=0, max_size=14),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_sql_upn_check_agrees_with_python(mem: Warehouse, values: list[str]) -> None:
    rows = mem.rows(
        f"SELECT v, {sql_upn_problem_of_clean('u')} AS problem, {sql_upn_status_of_clean('u')} AS status "
        f"FROM (SELECT v, {sql_clean_upn('v')} AS u FROM (SELECT unnest(?::VARCHAR[]) AS v))",
        [values],
    )
    for row in rows:
        assert row["problem"] == upn_problem(row["v"]), row
        assert row["status"] == upn_status(row["v"]), row
