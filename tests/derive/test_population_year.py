"""adult_population_year: adults registered with a GP on 30 September, the adult denominator."""

from __future__ import annotations

from datetime import date

from tests.derive.builder import World


def test_registered_adults_on_30_september() -> None:
    w = World()
    w.person("ADULT", (1980, 5))
    w.record("gp_registration_registration", "ADULT", start_date=date(2015, 1, 1), end_date=None)
    # registered only from 1 October 2022: not in 2022/23, in 2023/24
    w.person("LATE", (1990, 3))
    w.record("gp_registration_registration", "LATE", start_date=date(2022, 10, 1), end_date=None)
    # left on 1 September 2022
    w.person("LEFT", (1970, 1))
    w.record("gp_registration_registration", "LEFT", start_date=date(2010, 1, 1), end_date=date(2022, 9, 1))
    # turns 18 in June 2023: first counted in 2023/24
    w.person("TEEN", (2005, 6))
    w.record("gp_registration_registration", "TEEN", start_date=date(2005, 7, 1), end_date=None)
    derived = w.derive()
    rows = derived.warehouse.rows(
        "SELECT entity_id, financial_year, age, lad19_code FROM adult_population_year ORDER BY 1, 2"
    )
    seen = {(r["entity_id"], r["financial_year"]) for r in rows}
    assert ("ADULT", "2021/22") in seen and ("ADULT", "2023/24") in seen
    assert ("LATE", "2022/23") not in seen and ("LATE", "2023/24") in seen
    assert ("LEFT", "2021/22") in seen and ("LEFT", "2022/23") not in seen
    assert ("TEEN", "2022/23") not in seen and ("TEEN", "2023/24") in seen
    assert all(r["age"] >= 18 and r["lad19_code"] for r in rows)
    assert derived.result.adult_population_years == len(rows)


def test_empty_without_a_gp_extract() -> None:
    w = World()
    w.person("ADULT", (1980, 5))
    w.record("substance_episode", "ADULT", referral_date=date(2022, 1, 1), discharge_date=None)
    derived = w.derive()
    assert derived.warehouse.count("adult_population_year") == 0
