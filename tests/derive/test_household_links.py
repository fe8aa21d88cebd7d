"""Household adversities from adults' records: the link requirement, its window, its type."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from tests.derive.builder import Derived, Scenarios, World

S = Scenarios()
pytestmark = pytest.mark.engines  # household links drive every test here: check them on each engine


@pytest.fixture(scope="module")
def d(engine: str, open_test_warehouse: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Derived]:
    derived = S.derive(
        threshold=0.8, warehouse=open_test_warehouse(engine, tmp_path_factory.mktemp("derive"))
    )
    yield derived
    derived.warehouse.close()


def _build_services(w: World, p: str) -> None:
    """A child linked to a parent seen by each adult service, one rule each."""
    w.person(f"{p}C", (2015, 6))
    w.person(f"{p}MUM", (1985, 3))
    w.link(f"{p}C", f"{p}MUM", link_type="school_contact_pr", confidence=0.9)
    w.record(
        "substance_episode",
        f"{p}MUM",
        referral_date=date(2022, 5, 1),
        discharge_date=date(2022, 9, 1),
        drug_1="7000",
        parental_status="11",
    )
    w.record(
        "mental_health_referral",
        f"{p}MUM",
        referral_received_date=date(2022, 6, 1),
        discharge_date=date(2022, 7, 1),
    )
    w.record(
        "probation_custody",
        f"{p}MUM",
        start_date=date(2022, 10, 1),
        release_date=date(2023, 2, 1),
        sentence_type="determinate",
    )
    occurrence = w.record(
        "police_occurrence",
        None,
        record_id=f"{p}O1",
        occurrence_date=date(2022, 8, 1),
        da_flag=True,
        is_notifiable_crime=True,
        ho_offence_code="8L",
    )
    w.record("police_involvement", f"{p}MUM", occurrence_id=occurrence, role="victim")
    w.record(
        "housing_case", None, record_id=f"{p}H", approach_date=date(2022, 11, 1), assessment_outcome="no_duty"
    )
    w.record("housing_case_member", f"{p}MUM", case_id=f"{p}H", relationship_to_applicant="main_applicant")
    for need in ("mental_health", "alcohol_dependency", "domestic_abuse", "offending"):
        w.record("housing_support_need", f"{p}MUM", case_id=f"{p}H", need=need)


S.add("svc", _build_services)

EXPECTED = [
    ("substance_treatment_linked_adult", "household_substance_misuse", "C", "substance_misuse"),
    ("mental_health_referral_linked_adult", "household_mental_ill_health", "C", "mental_health"),
    ("police_da_linked_adult", "domestic_abuse", "C", "domestic_abuse"),
    ("probation_custody_linked_adult", "household_custody", "C", None),
    ("housing_need_domestic_abuse", "domestic_abuse", "D", "domestic_abuse"),
    ("housing_need_mental_health", "household_mental_ill_health", "D", "mental_health"),
    ("housing_need_substance", "household_substance_misuse", "D", "substance_misuse"),
]


def test_each_adult_service_reaches_the_linked_child(d: Derived) -> None:
    events = d.events("svcC")
    got = sorted((e["rule_id"], e["category"], e["evidence_tier"], e["toxic_trio_domain"]) for e in events)
    assert got == sorted(EXPECTED)
    for event in events:
        assert event["household_link_type"] == "school_contact_pr"
        assert event["household_link_id"] is not None and event["household_link_confidence"] == pytest.approx(
            0.9
        )
        assert event["adult_entity_id"] == "svcMUM"
    custody = [e for e in events if e["rule_id"] == "probation_custody_linked_adult"]
    assert [(e["financial_year"], e["event_date"], e["event_end_date"]) for e in custody] == [
        ("2022/23", date(2022, 10, 1), date(2023, 2, 1))
    ]


def _weak(w: World, p: str) -> None:
    _build_services(w, p)
    w.rows["household_link"][-1]["confidence"] = 0.79  # just below the threshold


S.add("weak", _weak)


def test_no_household_event_below_the_link_threshold(d: Derived) -> None:
    assert d.events("weakC") == []


def _windowed(w: World, p: str) -> None:
    w.person(f"{p}C", (2015, 6))
    w.person(f"{p}DAD", (1983, 1))
    w.link(f"{p}C", f"{p}DAD", valid_from=date(2022, 1, 1), valid_to=date(2022, 12, 31))
    w.record(
        "substance_episode",
        f"{p}DAD",
        referral_date=date(2021, 6, 1),
        discharge_date=None,
        parental_status="13",
    )
    w.record(
        "mental_health_referral", f"{p}DAD", referral_received_date=date(2023, 3, 1), discharge_date=None
    )


S.add("window", _windowed)


def test_link_validity_bounds_the_exposure(d: Derived) -> None:
    events = d.events("windowC")
    assert [(e["rule_id"], e["event_date"], e["event_end_date"]) for e in events] == [
        ("substance_treatment_linked_adult", date(2022, 1, 1), date(2022, 3, 31)),
        ("substance_treatment_linked_adult", date(2022, 4, 1), date(2022, 12, 31)),
    ]  # the MH referral starts after the link ended


def _teenager(w: World, p: str) -> None:
    w.person(f"{p}C", (2005, 9))
    w.person(f"{p}MUM", (1975, 1))
    w.link(f"{p}C", f"{p}MUM")
    w.record("probation_custody", f"{p}MUM", start_date=date(2023, 6, 1), release_date=date(2024, 1, 31))


S.add("teen", _teenager)


def test_exposure_stops_the_day_before_eighteen(d: Derived) -> None:
    events = d.events("teenC")
    assert [(e["event_date"], e["event_end_date"], e["age_at_event"]) for e in events] == [
        (date(2023, 6, 1), date(2023, 8, 31), 17)
    ]


def _two_links(w: World, p: str) -> None:
    w.person(f"{p}C", (2016, 1))
    w.person(f"{p}MUM", (1990, 1))
    w.link(f"{p}C", f"{p}MUM", link_type="same_uprn_overlap", confidence=0.85)
    w.link(f"{p}C", f"{p}MUM", link_type="csc_relationship", confidence=0.99)
    w.record(
        "mental_health_referral",
        f"{p}MUM",
        referral_received_date=date(2023, 5, 1),
        discharge_date=date(2023, 6, 1),
    )


S.add("two", _two_links)


def test_most_confident_link_is_used_once(d: Derived) -> None:
    events = d.events("twoC")
    assert len(events) == 1 and events[0]["household_link_type"] == "csc_relationship"


def _named_and_linked(w: World, p: str) -> None:
    w.person(f"{p}C", (2016, 1))
    w.person(f"{p}MUM", (1990, 1))
    w.person(f"{p}DAD", (1988, 1))
    w.link(f"{p}C", f"{p}MUM", link_type="police_child_present")
    w.link(f"{p}C", f"{p}DAD", link_type="police_child_present")
    occurrence = w.record(
        "police_occurrence",
        None,
        record_id=f"{p}O",
        occurrence_date=date(2023, 7, 1),
        da_flag=True,
        is_notifiable_crime=False,
        ho_offence_code="",
    )
    w.record("police_involvement", f"{p}MUM", occurrence_id=occurrence, role="victim")
    w.record("police_involvement", f"{p}DAD", occurrence_id=occurrence, role="suspect")
    w.record("police_involvement", f"{p}C", occurrence_id=occurrence, role="child_present")
    other = w.record(
        "police_occurrence",
        None,
        record_id=f"{p}O2",
        occurrence_date=date(2023, 9, 1),
        da_flag=True,
        is_notifiable_crime=False,
        ho_offence_code="",
    )
    w.record("police_involvement", f"{p}MUM", occurrence_id=other, role="victim")
    w.record("police_involvement", f"{p}DAD", occurrence_id=other, role="suspect")


S.add("named", _named_and_linked)


def test_child_named_at_occurrence_is_not_counted_again_through_links(d: Derived) -> None:
    events = d.events("namedC")
    assert [(e["rule_id"], e["source_record_id"]) for e in events] == [
        ("police_da_child_present", "namedO"),
        ("police_da_linked_adult", "namedO2"),  # once, although both parents are linked
    ]
