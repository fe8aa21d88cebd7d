"""Financial years and ages as SQL, so every derived table dates things the same way.

The financial-year table is built from :mod:`atr.periods` (the one definition of ``2023/24``)
and covers every year a record might fall in, not just the reporting periods, so an event is
always dated. Ages come from the linked person's year and month of birth (the pseudonymised zone
holds no full date of birth): a person is taken to have their birthday on the first of their
birth month, which is at most a month out.
"""

from __future__ import annotations

import pyarrow as pa

from atr.periods import FinancialYear
from atr.warehouse import Warehouse

FY_TABLE = "derive__fy"
FIRST_YEAR, LAST_YEAR = 1990, 2040
OPEN_END = "DATE '2099-12-31'"
"""Stands in for 'still open' (no end date) when overlaps are computed."""


def write_financial_years(warehouse: Warehouse, periods: list[str]) -> None:
    """``derive__fy(financial_year, fy_start, fy_end, in_periods)`` for 1990/91 to 2040/41."""
    wanted = {FinancialYear.parse(label).start_year for label in periods}
    years = [FinancialYear(y) for y in range(FIRST_YEAR, LAST_YEAR + 1)]
    table = pa.table(
        {
            "financial_year": [fy.label for fy in years],
            "fy_start": pa.array([fy.start for fy in years], pa.date32()),
            "fy_end": pa.array([fy.end for fy in years], pa.date32()),
            "in_periods": [fy.start_year in wanted for fy in years],
        }
    )
    warehouse.write_arrow(FY_TABLE, table)


def fy_label_sql(date_expr: str) -> str:
    """The financial-year label (``2023/24``) of a DATE expression."""
    start = f"(year({date_expr}) - CASE WHEN month({date_expr}) < 4 THEN 1 ELSE 0 END)"
    return (
        f"CASE WHEN {date_expr} IS NULL THEN NULL ELSE "
        f"CAST({start} AS VARCHAR) || '/' || lpad(CAST(({start} + 1) % 100 AS VARCHAR), 2, '0') END"
    )


def birth_date_sql(alias: str) -> str:
    """The first day of the birth month (NULL when the year is unknown; July when the month is)."""
    return f"make_date({alias}.birth_year, coalesce({alias}.birth_month, 7), 1)"


def eighteenth_birthday_sql(alias: str) -> str:
    return f"make_date({alias}.birth_year + 18, coalesce({alias}.birth_month, 7), 1)"
