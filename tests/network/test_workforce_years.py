"""The workforce year tables: staff counts become rows, rounds pool exactly, assessments stay current."""

from __future__ import annotations

from datetime import date

import pytest

from atr.derive.workforce import (
    MATURITY_YEAR,
    ORGANISATION_YEAR,
    STAFF_YEAR,
    WELLBEING_YEAR,
    spread,
    workforce_year_tables,
)

YEARS = [("2023/24", date(2024, 3, 31)), ("2024/25", date(2025, 3, 31))]
ORGS = [
    {"record_id": "O1", "sector": "police", "districts": "E08000035", "joined_date": date(2023, 5, 1)},
    {
        "record_id": "O2",
        "sector": "education",
        "districts": "E08000032;E08000035",
        "joined_date": date(2024, 6, 1),
    },
]


@pytest.mark.parametrize(("n", "values"), [(2, [30, 40]), (5, [10, 22, 35, 41, 50]), (12, [38] * 11 + [12])])
def test_spread_reproduces_count_sum_and_sum_of_squares(n: int, values: list[int]) -> None:
    made = spread(n, float(sum(values)), float(sum(v * v for v in values)))
    assert len(made) == n
    assert sum(made) == pytest.approx(sum(values))
    assert sum(v * v for v in made) == pytest.approx(sum(v * v for v in values))


def test_year_tables_from_the_workforce_extract() -> None:
    coverage = [
        {"organisation_id": "O1", "snapshot_date": date(2023, 12, 31), "workforce": 10, "trained": 2},
        {"organisation_id": "O1", "snapshot_date": date(2024, 3, 31), "workforce": 10, "trained": 4},
        {"organisation_id": "O1", "snapshot_date": date(2025, 3, 31), "workforce": 12, "trained": 9},
    ]
    sections = [
        {
            "organisation_id": "O1",
            "submitted_date": date(2023, 10, 1),
            "section": "safety",
            "items_answered": 3,
            "score_sum": 6,
        },
        {
            "organisation_id": "O1",
            "submitted_date": date(2023, 10, 1),
            "section": "trust",
            "items_answered": 2,
            "score_sum": 2,
        },
    ]
    rounds = [
        {
            "organisation_id": "O1",
            "closes_date": date(2024, 2, 1),
            "responses": 10,
            **{f"{s}_sum": 300 for s in ("compassion_satisfaction", "burnout", "secondary_traumatic_stress")},
            **{
                f"{s}_sumsq": 9100
                for s in ("compassion_satisfaction", "burnout", "secondary_traumatic_stress")
            },
        }
    ]
    source = {
        "network_training_coverage": coverage,
        "network_self_assessment": sections,
        "network_wellbeing": rounds,
    }
    built = {k: v.to_pylist() for k, v in workforce_year_tables(source, ORGS, YEARS, "WYATR").items()}
    staff = built[STAFF_YEAR]
    first = [r for r in staff if r["financial_year"] == "2023/24"]
    assert len(first) == 10 and sum(r["trained"] for r in first) == 4  # the year's last snapshot
    assert sum(r["trained"] for r in staff if r["financial_year"] == "2024/25") == 9
    assert {r["lad19_code"] for r in staff} == {"E08000035"}
    current = {
        (r["financial_year"], r["organisation_id"]): r["current_assessment"] for r in built[ORGANISATION_YEAR]
    }
    # O1's round of October 2023 is current at March 2024 but not at March 2025 (547 days later).
    assert current == {("2023/24", "O1"): True, ("2024/25", "O1"): False, ("2024/25", "O2"): False}
    maturity = {(r["financial_year"], r["section"]): r["score"] for r in built[MATURITY_YEAR]}
    assert maturity == {("2023/24", "safety"): 2.0, ("2023/24", "trust"): 1.0}
    wellbeing = built[WELLBEING_YEAR]
    assert len(wellbeing) == 10 and sum(r["burnout"] for r in wellbeing) == pytest.approx(300)
