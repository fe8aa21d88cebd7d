"""child_year: the observable ACE count, the toxic trio three ways, proxies, outcomes, areas."""

from __future__ import annotations

from datetime import date

import pytest

from atr.derive.child_year import build_child_year  # noqa: F401  (documented entry point)
from atr.derive.settings import DeriveSettings
from tests.derive.builder import LSOA, Derived, Scenarios, World

S = Scenarios()


@pytest.fixture(scope="module")
def d() -> Derived:
    return S.derive()


def factors(w: World, child: str, when: date, *codes: str) -> None:
    assessment = w.record("csc_assessment", child, start_date=when, authorisation_date=when)
    for code in codes:
        w.record("csc_assessment_factor", child, assessment_id=assessment, factor=code)


def _ace(w: World, p: str) -> None:
    w.person(f"{p}MUL")
    w.record(
        "csc_cp_plan",
        f"{p}MUL",
        start_date=date(2022, 6, 1),
        end_date=date(2022, 9, 1),
        initial_category_of_abuse="MUL",
        latest_category_of_abuse="MUL",
    )
    w.person(f"{p}MULNEG")
    w.record(
        "csc_cp_plan",
        f"{p}MULNEG",
        start_date=date(2022, 6, 1),
        end_date=date(2022, 9, 1),
        initial_category_of_abuse="MUL",
        latest_category_of_abuse="NEG",
    )
    w.person(f"{p}MANY")
    factors(w, f"{p}MANY", date(2022, 6, 1), "16A", "17A", "18B", "11A", "3A")
    w.record("csc_episode", f"{p}MANY", referral_date=date(2022, 5, 1), primary_need_code="N3")


S.add("ace", _ace)


def test_observable_ace_count_counts_categories_not_events(d: Derived) -> None:
    assert d.child_year("aceMUL", "2022/23")["observable_ace_count"] == 1  # type unspecified counts once
    assert d.child_year("aceMULNEG", "2022/23")["observable_ace_count"] == 1  # ... but not beside neglect
    many = d.child_year("aceMANY", "2022/23")
    # neglect, emotional, domestic abuse (B) + household mental ill health (need code N3, tier D)
    assert many["observable_ace_count"] == 4
    assert many["observable_ace_count_ab"] == 3
    assert (many["peer_abuse_events"], many["extra_familial_harm_events"]) == (1, 1)  # context, not ACEs
    assert (many["household_mental_ill_health_tier"], many["neglect_tier"]) == ("D", "B")
    assert (
        many["reasons"]
        == "cin_factor_domestic_abuse; cin_factor_emotional; cin_factor_extra_familial; cin_factor_neglect; cin_factor_peer_abuse; need_parental_illness"
    )


def _trio(w: World, p: str) -> None:
    # all three in one assessment
    w.person(f"{p}ONE")
    factors(w, f"{p}ONE", date(2022, 6, 1), "3B", "4B", "1B")
    # all three across sources, within 12 months, one of them tier C
    w.person(f"{p}CROSS")
    w.person(f"{p}MUM", (1988, 1))
    w.link(f"{p}CROSS", f"{p}MUM")
    factors(w, f"{p}CROSS", date(2022, 5, 1), "3B")
    factors(w, f"{p}CROSS", date(2022, 12, 1), "4C")
    w.record("substance_episode", f"{p}MUM", referral_date=date(2023, 3, 1), discharge_date=date(2023, 6, 30))
    # three domains, but 13 months apart end to end
    w.person(f"{p}SPREAD")
    factors(w, f"{p}SPREAD", date(2021, 12, 1), "3A")
    factors(w, f"{p}SPREAD", date(2022, 6, 1), "4B")
    factors(w, f"{p}SPREAD", date(2023, 1, 15), "2B")
    # two domains
    w.person(f"{p}TWO")
    factors(w, f"{p}TWO", date(2023, 5, 1), "3C", "2C")


S.add("trio", _trio)


def test_toxic_trio_three_ways(d: Derived) -> None:
    one = d.child_year("trioONE", "2022/23")
    assert (one["toxic_trio_assessment"], one["toxic_trio_any2"], one["toxic_trio_window"]) == (
        True,
        True,
        True,
    )
    assert (one["toxic_trio_assessment_ab"], one["toxic_trio_window_ab"]) == (True, True)

    cross = d.child_year("trioCROSS", "2022/23")
    assert cross["toxic_trio_domains"] == 3 and cross["toxic_trio_domains_ab"] == 2
    assert (cross["toxic_trio_assessment"], cross["toxic_trio_any2"], cross["toxic_trio_window"]) == (
        False,
        True,
        True,
    )
    assert (cross["toxic_trio_any2_ab"], cross["toxic_trio_window_ab"]) == (True, False)  # SM is tier C only
    # the treatment episode is still open the next year, within 12 months of the MH factor
    assert d.child_year("trioCROSS", "2023/24")["toxic_trio_window"] is True

    spread = [d.child_year("trioSPREAD", fy) for fy in ("2021/22", "2022/23")]
    assert [r["toxic_trio_window"] for r in spread] == [False, False]
    assert spread[1]["toxic_trio_any2"] is True  # MH (June) and SM (January) in 2022/23

    two = d.child_year("trioTWO", "2023/24")
    assert (two["toxic_trio_any2"], two["toxic_trio_window"], two["toxic_trio_assessment"]) == (
        True,
        False,
        False,
    )


def test_toxic_trio_window_is_configurable() -> None:
    scenarios = Scenarios()
    scenarios.add("trio", _trio)
    wide = scenarios.derive(
        DeriveSettings(toxic_trio_window_months=18, simulations=100, bootstrap_samples=50)
    )
    assert wide.child_year("trioSPREAD", "2022/23")["toxic_trio_window"] is True
    assert wide.child_year("trioSPREAD", "2021/22")["toxic_trio_window"] is False


def _school(w: World, p: str) -> None:
    for child in ("GOOD", "ABSENT", "SUSPENDED", "NONE"):
        w.person(p + child, (2012, 1))
    for child, absent in (("GOOD", 9), ("ABSENT", 10), ("SUSPENDED", 2)):
        w.record(
            "school_attendance",
            p + child,
            academic_year="2022/23",
            term="AUT",
            sessions_possible=60,
            sessions_authorised_absence=absent,
            sessions_unauthorised_absence=0,
        )
        w.record(
            "school_attendance",
            p + child,
            academic_year="2022/23",
            term="SPR",
            sessions_possible=40,
            sessions_authorised_absence=0,
            sessions_unauthorised_absence=0,
        )
    w.record("school_exclusion", f"{p}SUSPENDED", category="SUSP", start_date=date(2023, 1, 10))
    w.record("school_exclusion", f"{p}SUSPENDED", category="FIXD", start_date=date(2023, 2, 10))
    w.record("school_exclusion", f"{p}NONE", category="PERM", start_date=date(2023, 3, 1))


S.add("school", _school)


def test_attendance_proxy_and_school_outcomes(d: Derived) -> None:
    good, absent, suspended, none = (
        d.child_year(f"school{c}", "2022/23") for c in ("GOOD", "ABSENT", "SUSPENDED", "NONE")
    )
    assert (good["attendance_rate"], good["persistent_absence"], good["pf_good_attendance_proxy"]) == (
        0.91,
        False,
        True,
    )
    assert (absent["persistent_absence"], absent["pf_good_attendance_proxy"]) == (True, False)  # exactly 10%
    assert (suspended["suspensions"], suspended["pf_good_attendance_proxy"]) == (2, False)
    assert (none["persistent_absence"], none["pf_good_attendance_proxy"], none["permanent_exclusion"]) == (
        None,
        None,
        True,
    )


def _care(w: World, p: str) -> None:
    w.person(f"{p}STABLE", (2010, 1))
    w.record(
        "lac_episode",
        f"{p}STABLE",
        start_date=date(2021, 6, 1),
        end_date=date(2022, 8, 1),
        reason_new_episode="S",
        legal_status="C2",
    )
    w.record(
        "lac_episode",
        f"{p}STABLE",
        start_date=date(2022, 8, 1),
        end_date=None,
        reason_new_episode="P",
        legal_status="C2",
    )
    w.person(f"{p}MOVED", (2010, 1))
    w.record(
        "lac_episode",
        f"{p}MOVED",
        start_date=date(2022, 4, 10),
        end_date=date(2022, 6, 1),
        reason_new_episode="S",
        legal_status="V2",
    )
    w.record(
        "lac_episode",
        f"{p}MOVED",
        start_date=date(2022, 6, 1),
        end_date=date(2022, 9, 1),
        reason_new_episode="P",
        legal_status="V2",
    )
    w.record(
        "lac_episode",
        f"{p}MOVED",
        start_date=date(2022, 9, 1),
        end_date=date(2023, 1, 1),
        reason_new_episode="T",
        legal_status="V2",
    )


S.add("care", _care)


def test_placement_stability_and_looked_after_status(d: Derived) -> None:
    stable = d.child_year("careSTABLE", "2022/23")
    assert (stable["looked_after"], stable["looked_after_31_march"], stable["placements_in_year"]) == (
        True,
        True,
        2,
    )
    assert stable["pf_placement_stability_proxy"] is True and stable["care_entry"] is False
    moved = d.child_year("careMOVED", "2022/23")
    assert (moved["placements_in_year"], moved["pf_placement_stability_proxy"], moved["care_entry"]) == (
        3,
        False,
        True,
    )
    assert moved["looked_after_31_march"] is False
    assert d.child_year("careMOVED", "2023/24")["pf_placement_stability_proxy"] is None  # not looked after


def _social_care(w: World, p: str) -> None:
    w.person(f"{p}EH", (2014, 1))
    w.record(
        "csc_episode",
        f"{p}EH",
        referral_date=date(2022, 5, 1),
        closure_date=date(2022, 7, 1),
        closure_reason="RC9",
        referral_nfa=False,
        referral_source="2A",
    )
    w.person(f"{p}CP", (2014, 1))
    w.record(
        "csc_cp_plan",
        f"{p}CP",
        start_date=date(2022, 10, 1),
        end_date=None,
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="NEG",
    )
    w.record(
        "csc_episode", f"{p}CP", referral_date=date(2022, 9, 1), referral_source="5D", referral_nfa=False
    )


S.add("csc", _social_care)


def test_social_care_status_and_early_help_proxy(d: Derived) -> None:
    eh = d.child_year("cscEH", "2022/23")
    assert (
        eh["cin_referral"],
        eh["child_in_need"],
        eh["child_in_need_31_march"],
        eh["pf_early_help_proxy"],
    ) == (True, True, False, True)
    assert d.child_year("cscEH", "2023/24")["pf_early_help_proxy"] is False
    cp = d.child_year("cscCP", "2022/23")
    assert (cp["cp_plan"], cp["cp_plan_start"], cp["cp_plan_31_march"], cp["pf_early_help_proxy"]) == (
        True,
        True,
        True,
        True,
    )
    assert d.child_year("cscCP", "2023/24")["cp_plan_start"] is False
    # still open when the extract ends: on a plan at 31 March of the last reporting year too
    assert d.child_year("cscCP", "2023/24")["cp_plan_31_march"] is True


def _youth(w: World, p: str) -> None:
    w.person(f"{p}FTE", (2008, 5))
    w.record(
        "youth_justice_outcome",
        f"{p}FTE",
        outcome_date=date(2022, 11, 1),
        outcome_type="youth_caution",
        is_first_time_entrant=True,
    )
    w.record(
        "youth_justice_outcome",
        f"{p}FTE",
        outcome_date=date(2023, 6, 1),
        outcome_type="referral_order",
        is_first_time_entrant=False,
    )
    w.person(f"{p}YOUNG", (2014, 5))
    w.record(
        "youth_justice_outcome",
        f"{p}YOUNG",
        outcome_date=date(2023, 6, 1),
        outcome_type="other",
        is_first_time_entrant=True,
    )


S.add("yj", _youth)


def test_first_time_entrants_aged_10_to_17(d: Derived) -> None:
    assert d.child_year("yjFTE", "2022/23")["first_time_entrant"] is True
    later = d.child_year("yjFTE", "2023/24")
    assert (later["first_time_entrant"], later["youth_justice_outcomes"]) == (False, 1)
    assert d.child_year("yjYOUNG", "2023/24")["first_time_entrant"] is False  # aged 9


def _who_and_where(w: World, p: str) -> None:
    w.person(f"{p}NEWBORN", (2022, 10), sex="M", ethnicity="APKN")
    w.person(f"{p}LEAVER", (2004, 2), ethnicity="J")
    w.person(f"{p}MOVER", (2012, 7), ethnicity="MWBC")
    w.lsoa_seen(f"{p}MOVER", LSOA, date(2019, 1, 1), date(2022, 6, 1))
    w.lsoa_seen(f"{p}MOVER", "E01000002", date(2022, 6, 2), date(2023, 12, 1))
    w.person(f"{p}ADULT", (2000, 1))


S.add("who", _who_and_where)


def test_child_years_ages_and_demography(d: Derived) -> None:
    rows = d.warehouse.rows(
        "SELECT entity_id, financial_year, age, age_band, ethnic_group FROM child_year WHERE entity_id LIKE 'who%' ORDER BY 1, 2"
    )
    got = [
        (r["entity_id"][3:], r["financial_year"], r["age"], r["age_band"], r["ethnic_group"]) for r in rows
    ]
    assert got == [
        ("LEAVER", "2021/22", 17, "15-17", "Asian"),  # turns 18 in February 2022
        ("MOVER", "2021/22", 8, "5-9", "Mixed"),
        ("MOVER", "2022/23", 9, "5-9", "Mixed"),
        ("MOVER", "2023/24", 10, "10-14", "Mixed"),
        ("NEWBORN", "2022/23", 0, "0-4", "Asian"),
        ("NEWBORN", "2023/24", 0, "0-4", "Asian"),
    ]


def test_area_of_the_year_and_stable_address_proxy(d: Derived) -> None:
    before, moving, after = (d.child_year("whoMOVER", fy) for fy in ("2021/22", "2022/23", "2023/24"))
    assert (before["lsoa11_code"], before["imd_decile"], before["pf_stable_address_proxy"]) == (LSOA, 1, True)
    assert (moving["lsoa11_code"], moving["imd_quintile"], moving["pf_stable_address_proxy"]) == (
        "E01000002",
        5,
        False,
    )
    assert (after["lsoa11_code"], after["pf_stable_address_proxy"]) == ("E01000002", True)
    assert (after["lad19_code"], after["ward19_code"], after["msoa11_code"]) == (
        "E08000035",
        "E05000001",
        "E02000001",
    )
    assert (
        d.child_year("whoNEWBORN", "2022/23")["pf_stable_address_proxy"] is None
    )  # no history: not observable
