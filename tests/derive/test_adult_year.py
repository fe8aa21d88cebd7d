"""adult_year: the four domains of multiple disadvantage, as issue 6 defines them."""

from __future__ import annotations

from datetime import date

import pytest

from tests.derive.builder import Derived, Scenarios, World

S = Scenarios()


def _adults(w: World, p: str) -> None:
    w.person(f"{p}A", (1980, 5), sex="M", ethnicity="N")
    # substance episode 2021-12 to 2022-05 overlaps two years; MH referral open from 2023-02
    w.record("substance_episode", f"{p}A", referral_date=date(2021, 12, 1), discharge_date=date(2022, 5, 1))
    w.record("mental_health_referral", f"{p}A", referral_received_date=date(2023, 2, 1), discharge_date=None)
    # custody from before the window, released in 2021/22
    w.record("probation_custody", f"{p}A", start_date=date(2020, 1, 1), release_date=date(2021, 4, 2))
    w.record(
        "housing_case", None, record_id=f"{p}H", approach_date=date(2022, 4, 1), assessment_outcome="no_duty"
    )
    w.record("housing_case_member", f"{p}A", case_id=f"{p}H", relationship_to_applicant="partner")
    w.person(f"{p}TEEN", (2005, 1))
    w.record(
        "mental_health_referral",
        f"{p}TEEN",
        referral_received_date=date(2021, 5, 1),
        discharge_date=date(2021, 6, 1),
    )
    w.record(
        "mental_health_referral",
        f"{p}TEEN",
        referral_received_date=date(2023, 5, 1),
        discharge_date=date(2023, 6, 1),
    )
    w.person(f"{p}KID", (2012, 1))
    w.link(f"{p}KID", f"{p}A", valid_from=date(2023, 1, 1))


S.add("md", _adults)


@pytest.fixture(scope="module")
def d() -> Derived:
    return S.derive()


def test_domains_per_year(d: Derived) -> None:
    rows = d.adult_year("mdA")
    got = [
        (
            r["financial_year"],
            r["homelessness"],
            r["offending"],
            r["substance_misuse"],
            r["mental_health"],
            r["domain_count"],
        )
        for r in rows
    ]
    assert got == [
        ("2021/22", False, True, True, False, 2),
        ("2022/23", True, False, True, True, 3),
        ("2023/24", False, False, False, True, 1),
    ]
    assert [r["has_linked_child"] for r in rows] == [False, True, True]
    assert rows[1]["reasons"] == "housing_case; mental_health_referral; substance_episode"
    assert (rows[0]["age"], rows[0]["age_band"], rows[0]["sex"], rows[0]["ethnic_group"]) == (
        40,
        "35-44",
        "M",
        "Black",
    )


def test_only_adults_and_only_years_with_a_domain(d: Derived) -> None:
    teen = d.adult_year("mdTEEN")
    assert [r["financial_year"] for r in teen] == ["2023/24"]  # 16 in 2021/22: a child then
    assert d.adult_year("mdKID") == []
