"""Financial years: April to March, written 2023/24."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from atr.periods import FinancialYear, financial_years


def test_label_and_bounds() -> None:
    fy = FinancialYear.parse("2023/24")
    assert fy.label == "2023/24"
    assert fy.start == date(2023, 4, 1)
    assert fy.end == date(2024, 3, 31)
    assert FinancialYear.parse("1999/00").end == date(2000, 3, 31)


@pytest.mark.parametrize("bad", ["2023/25", "2023-24", "23/24", "2023/2024", ""])
def test_rejects_malformed_labels(bad: str) -> None:
    with pytest.raises(ValueError):
        FinancialYear.parse(bad)


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_every_date_falls_in_the_year_containing_it(day: date) -> None:
    fy = FinancialYear.containing(day)
    assert fy.start <= day <= fy.end
    assert FinancialYear.parse(fy.label) == fy


def test_range_is_inclusive_and_ordered() -> None:
    labels = [fy.label for fy in financial_years("2019/20", "2024/25")]
    assert labels == ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
    with pytest.raises(ValueError):
        financial_years("2024/25", "2019/20")
