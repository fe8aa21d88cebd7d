"""Financial years, the reporting period of every figure the programme publishes.

Written ``2023/24`` everywhere (1 April 2023 to 31 March 2024), as in English public statistics.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

_LABEL = re.compile(r"^(\d{4})/(\d{2})$")


@dataclass(frozen=True, order=True)
class FinancialYear:
    """An April-to-March year, identified by the calendar year it starts in."""

    start_year: int

    @classmethod
    def parse(cls, label: str) -> FinancialYear:
        """Read ``2023/24``; reject ``2023/25`` and other malformed labels."""
        match = _LABEL.match(label.strip())
        if not match:
            raise ValueError(f"'{label}' is not a financial year like 2023/24")
        start, end = int(match.group(1)), int(match.group(2))
        if (start + 1) % 100 != end:
            raise ValueError(f"'{label}' is not a financial year: {end:02d} should follow {start}")
        return cls(start)

    @classmethod
    def containing(cls, day: date) -> FinancialYear:
        """The financial year a date falls in."""
        return cls(day.year if day.month >= 4 else day.year - 1)

    @property
    def label(self) -> str:
        return f"{self.start_year}/{(self.start_year + 1) % 100:02d}"

    @property
    def start(self) -> date:
        return date(self.start_year, 4, 1)

    @property
    def end(self) -> date:
        """The last day of the year (31 March), inclusive."""
        return date(self.start_year + 1, 3, 31)

    def __str__(self) -> str:
        return self.label


def financial_years(first: str, last: str) -> list[FinancialYear]:
    """Every financial year from ``first`` to ``last`` inclusive."""
    a, b = FinancialYear.parse(first), FinancialYear.parse(last)
    if b < a:
        raise ValueError(f"{last} is before {first}")
    return [FinancialYear(y) for y in range(a.start_year, b.start_year + 1)]


DEFAULT_PERIODS: tuple[str, ...] = tuple(fy.label for fy in financial_years("2019/20", "2024/25"))
"""The six-year window the synthetic population and the demo cover."""


def age_sql(alias: str, date_expr: str) -> str:
    """SQL for completed years of age on ``date_expr`` of an entity ``alias`` (negative before birth).

    Entities carry only year and month of birth, so birthdays are taken as the 1st of the month
    (mid-year when the month is unknown). Written out rather than ``date_diff('year', …)``,
    which counts calendar years on DuckDB and whole years on Spark.
    """
    return (
        f"(year({date_expr}) - {alias}.birth_year - CASE WHEN month({date_expr}) < "
        f"coalesce({alias}.birth_month, 7) THEN 1 ELSE 0 END)"
    )
