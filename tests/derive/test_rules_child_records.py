"""One small fixture per mapping rule that reads the child's own records (§5 of the reference).

Each fixture is a builder adding its own people (ids prefixed with the fixture name) to one
shared world, derived once per module (see ``Scenarios``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from atr.derive.rules import RULES_BY_ID
from tests.derive.builder import Derived, Scenarios, World
from tests.rules.reference_codes import EXPECTED

S = Scenarios()
Builder = Callable[[World, str], None]


def scenario(name: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        S.add(name, builder)
        return builder

    return register


@pytest.fixture(scope="module")
def d() -> Derived:
    return S.derive()


def _rules(events: list[dict[str, Any]]) -> list[tuple[Any, Any, Any]]:
    return [(e["rule_id"], e["category"], e["evidence_tier"]) for e in events]


# --- protection plans ---------------------------------------------------------------------------
CP_CASES = [
    ("PHY", "cp_plan_physical", "physical_abuse"),
    ("EMO", "cp_plan_emotional", "emotional_abuse"),
    ("SAB", "cp_plan_sexual", "sexual_abuse"),
    ("NEG", "cp_plan_neglect", "neglect"),
    ("MUL", "cp_plan_multiple", "abuse_type_unspecified"),
]
for _code, _, _ in CP_CASES:

    def _cp(w: World, p: str, code: str = _code) -> None:
        w.person(f"{p}C")
        w.record(
            "csc_cp_plan",
            f"{p}C",
            start_date=date(2022, 6, 1),
            end_date=date(2022, 12, 1),
            initial_category_of_abuse=code,
            latest_category_of_abuse=code,
        )

    S.add(f"cp_{_code}", _cp)


@pytest.mark.parametrize(("code", "rule", "category"), CP_CASES)
def test_cp_plan_category_is_tier_a(d: Derived, code: str, rule: str, category: str) -> None:
    events = d.events(f"cp_{code}C")
    assert _rules(events) == [(rule, category, "A")]
    assert events[0]["source_code"] == f"initial_category_of_abuse={code}"
    assert events[0]["financial_year"] == "2022/23"


@scenario("cp_open")
def _cp_open(w: World, p: str) -> None:
    w.person(f"{p}C")
    w.record(
        "csc_cp_plan",
        f"{p}C",
        start_date=date(2021, 9, 1),
        end_date=None,
        initial_category_of_abuse="NEG",
        latest_category_of_abuse="EMO",
    )


def test_cp_plan_open_across_years_gives_one_event_per_year_and_latest_category(d: Derived) -> None:
    events = d.events("cp_openC")
    years = sorted({(e["financial_year"], e["category"]) for e in events})
    assert years == [
        (fy, cat) for fy in ("2021/22", "2022/23", "2023/24") for cat in ("emotional_abuse", "neglect")
    ]
    assert all(e["event_date"] == date(2022, 4, 1) for e in events if e["financial_year"] == "2022/23")


# --- assessment factors -------------------------------------------------------------------------
def _factor_scenario(code: str) -> Builder:
    def build(w: World, p: str) -> None:
        w.person(f"{p}C")
        assessment = w.record(
            "csc_assessment", f"{p}C", start_date=date(2022, 5, 2), authorisation_date=date(2022, 5, 20)
        )
        w.record("csc_assessment_factor", f"{p}C", assessment_id=assessment, factor=code.lower())

    return build


# Every assessment factor the reference maps, with what it must give, written out by hand
# (tests/rules/reference_codes.py), so a wrong mapping in the rules file fails here too.
FACTOR_CASES = [
    (code, *want) for (field, code), want in EXPECTED.items() if field == "csc_assessment_factor.factor"
]
for _case in FACTOR_CASES:
    S.add(f"factor_{_case[0]}", _factor_scenario(_case[0]))
for _code in ("1A", "2A", "4A", "21", "20"):
    S.add(f"factor_{_code}", _factor_scenario(_code))


@pytest.mark.parametrize(
    ("code", "category", "tier", "whose", "trio"), FACTOR_CASES, ids=[c[0] for c in FACTOR_CASES]
)
def test_each_assessment_factor_gives_the_reference_category(
    d: Derived, code: str, category: str, tier: str, whose: str, trio: str | None
) -> None:
    events = d.events(f"factor_{code}C")
    assert [(e["category"], e["evidence_tier"], e["toxic_trio_domain"]) for e in events] == [
        (category, tier, trio)
    ]
    assert RULES_BY_ID[events[0]["rule_id"]].whose == whose
    assert events[0]["event_date"] == date(2022, 5, 20)  # the authorisation date
    assert events[0]["source_code"] == f"factor={code}"
    assert events[0]["assessment_id"] is not None


@pytest.mark.parametrize("code", ["1A", "2A", "4A", "21", "20"])
def test_child_own_and_non_adversity_factors_make_no_event(d: Derived, code: str) -> None:
    assert d.events(f"factor_{code}C") == []


# --- category of need ---------------------------------------------------------------------------
NEED_CASES = [
    ("N1", "need_abuse_neglect"),
    ("N3", "need_parental_illness"),
    ("N7", "need_low_income"),
    ("N8", "need_absent_parenting"),
]
for _code, _ in NEED_CASES:

    def _need(w: World, p: str, code: str = _code) -> None:
        w.person(f"{p}C")
        w.record(
            "csc_episode", f"{p}C", referral_date=date(2023, 1, 5), primary_need_code=code, referral_nfa=False
        )
        w.record(
            "csc_episode", f"{p}C", referral_date=date(2023, 2, 5), primary_need_code=code, referral_nfa=True
        )

    S.add(f"need_{_code}", _need)


@pytest.mark.parametrize(("code", "rule_id"), NEED_CASES)
def test_category_of_need_is_tier_d_unless_no_further_action(d: Derived, code: str, rule_id: str) -> None:
    events = d.events(f"need_{code}C")
    assert [(e["rule_id"], e["evidence_tier"], e["event_date"]) for e in events] == [
        (rule_id, "D", date(2023, 1, 5))
    ]
    assert RULES_BY_ID[rule_id].trio_domain is None  # need codes never count towards the toxic trio


# --- looked-after children ----------------------------------------------------------------------
@scenario("care")
def _care(w: World, p: str) -> None:
    for child in ("C1", "C2", "C3", "C4"):
        w.person(p + child)
    w.record(
        "lac_episode",
        f"{p}C1",
        start_date=date(2022, 7, 1),
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
    )
    w.record("lac_episode", f"{p}C2", start_date=date(2022, 7, 1), reason_new_episode="S", legal_status="V2")
    w.record(
        "lac_episode",
        f"{p}C3",
        start_date=date(2022, 7, 1),
        reason_new_episode="S",
        legal_status="V3",
        category_of_need="N1",
    )
    w.record("lac_episode", f"{p}C4", start_date=date(2022, 7, 1), reason_new_episode="P", legal_status="C2")


def test_care_entry_tier_depends_on_care_order_and_short_breaks_are_not_separation(d: Derived) -> None:
    assert _rules(d.events("careC1")) == [
        ("care_entry_care_order", "separation", "A"),
        ("need_abuse_neglect", "neglect", "D"),
    ]
    assert _rules(d.events("careC2")) == [("care_entry", "separation", "D")]
    assert d.events("careC3") == []  # short breaks
    assert d.events("careC4") == []  # a change of placement is not an entry to care
    assert d.child_year("careC1", "2022/23")["care_entry"] is True
    assert d.child_year("careC3", "2022/23")["looked_after"] is False
    assert d.child_year("careC4", "2022/23")["care_entry"] is False


# --- free school meals --------------------------------------------------------------------------
@scenario("fsm")
def _fsm(w: World, p: str) -> None:
    w.person(f"{p}C")
    w.record("school_fsm", f"{p}C", start_date=date(2021, 1, 10), end_date=date(2022, 6, 30))


def test_free_school_meals_is_poverty_each_year_of_the_spell(d: Derived) -> None:
    events = d.events("fsmC")
    assert [(e["financial_year"], e["event_date"], e["event_end_date"]) for e in events] == [
        ("2020/21", date(2021, 1, 10), date(2021, 3, 31)),
        ("2021/22", date(2021, 4, 1), date(2022, 3, 31)),
        ("2022/23", date(2022, 4, 1), date(2022, 6, 30)),
    ]
    assert {(e["rule_id"], e["evidence_tier"]) for e in events} == {("free_school_meals", "B")}


# --- police -------------------------------------------------------------------------------------
def _occurrence(
    w: World, p: str, when: date, *, da: bool = True, crime: bool = False, code: str = "8L"
) -> str:
    return w.record(
        "police_occurrence",
        None,
        record_id=f"{p}{when}",
        occurrence_date=when,
        da_flag=da,
        is_notifiable_crime=crime,
        ho_offence_code=code,
    )


@scenario("da")
def _da(w: World, p: str) -> None:
    w.person(f"{p}C")
    both = _occurrence(w, p, date(2022, 8, 1))
    w.record("police_involvement", f"{p}C", occurrence_id=both, role="child_resident")
    w.record("police_involvement", f"{p}C", occurrence_id=both, role="child_present")
    resident = _occurrence(w, p, date(2022, 9, 1))
    w.record("police_involvement", f"{p}C", occurrence_id=resident, role="child_resident")
    not_da = _occurrence(w, p, date(2022, 10, 1), da=False)
    w.record("police_involvement", f"{p}C", occurrence_id=not_da, role="child_present")


def test_police_da_child_present_beats_resident_and_needs_the_da_flag(d: Derived) -> None:
    assert [(e["rule_id"], e["evidence_tier"], e["source_record_id"]) for e in d.events("daC")] == [
        ("police_da_child_present", "B", "da2022-08-01"),
        ("police_da_child_resident", "B", "da2022-09-01"),
    ]
    assert d.child_year("daC", "2022/23")["police_da_child_occurrences"] == 2


@scenario("witness")
def _witness(w: World, p: str) -> None:
    w.person(f"{p}C", (2010, 1))
    w.person(f"{p}ADULT", (1980, 1))
    w.person(f"{p}UNKNOWN", None)
    occurrence = _occurrence(w, p, date(2023, 5, 1))
    for person in ("C", "ADULT", "UNKNOWN"):
        w.record("police_involvement", p + person, occurrence_id=occurrence, role="witness")


def test_police_witness_counts_only_for_a_known_child(d: Derived) -> None:
    assert len(d.events("witnessC")) == 1
    assert d.events("witnessADULT") == [] and d.events("witnessUNKNOWN") == []


@scenario("violence")
def _violence(w: World, p: str) -> None:
    w.person(f"{p}C", (2012, 3))
    w.person(f"{p}DAD", (1980, 3))
    w.person(f"{p}STRANGER", (1980, 3))
    w.link(f"{p}C", f"{p}DAD")
    cases = [
        (date(2022, 11, 1), "105A", None, "DAD", "suspect"),
        (date(2022, 12, 1), "105A", None, "STRANGER", "suspect"),
        (date(2023, 1, 1), "5A", "mother", "STRANGER", "offender"),
        (date(2023, 2, 1), "49", "mother", "DAD", "suspect"),
    ]
    for when, code, relationship, suspect, role in cases:
        occurrence = _occurrence(w, p, when, da=False, crime=True, code=code)
        w.record(
            "police_involvement",
            f"{p}C",
            occurrence_id=occurrence,
            role="victim",
            relationship_to_suspect=relationship,
        )
        w.record("police_involvement", p + suspect, occurrence_id=occurrence, role=role)


def test_police_violence_against_child_by_household_member(d: Derived) -> None:
    events = d.events("violenceC")
    assert [(e["rule_id"], e["source_record_id"], e["household_link_type"]) for e in events] == [
        ("police_violence_by_household_member", "violence2022-11-01", "csc_relationship"),
        ("police_violence_by_household_member", "violence2023-01-01", None),
    ]
    assert {(e["category"], e["evidence_tier"]) for e in events} == {("physical_abuse", "B")}


# --- housing ------------------------------------------------------------------------------------
@scenario("housing")
def _housing(w: World, p: str) -> None:
    w.person(f"{p}C", (2014, 1))
    w.person(f"{p}MUM", (1985, 1))
    w.record(
        "housing_case",
        None,
        record_id=f"{p}H1",
        approach_date=date(2023, 6, 1),
        assessment_outcome="relief_duty",
        reason_loss_settled_home="domestic_abuse",
    )
    w.record(
        "housing_case",
        None,
        record_id=f"{p}H2",
        approach_date=date(2023, 9, 1),
        assessment_outcome="no_duty",
        reason_loss_settled_home="left_prison",
    )
    for case in ("H1", "H2"):
        w.record("housing_case_member", f"{p}C", case_id=p + case, relationship_to_applicant="child")
        w.record(
            "housing_case_member", f"{p}MUM", case_id=p + case, relationship_to_applicant="main_applicant"
        )


def test_housing_case_of_the_child(d: Derived) -> None:
    assert _rules(d.events("housingC")) == [
        ("housing_duty_child", "homelessness", "B"),
        ("housing_reason_domestic_abuse", "domestic_abuse", "D"),
        ("housing_reason_prison", "household_custody", "D"),
    ]
    assert d.events("housingMUM") == []  # adults in the case are not children


# --- ages ---------------------------------------------------------------------------------------
@scenario("ages")
def _ages(w: World, p: str) -> None:
    w.person(f"{p}C", (2004, 6))
    w.person(f"{p}BABY", (2023, 8))
    for person, when in (("C", date(2022, 5, 1)), ("C", date(2022, 7, 1)), ("BABY", date(2023, 6, 1))):
        assessment = w.record("csc_assessment", p + person, start_date=when, authorisation_date=when)
        w.record("csc_assessment_factor", p + person, assessment_id=assessment, factor="16A")


def test_events_after_eighteen_are_dropped_and_unborn_flagged(d: Derived) -> None:
    assert [(e["event_date"], e["age_at_event"]) for e in d.events("agesC")] == [(date(2022, 5, 1), 17)]
    baby = d.events("agesBABY")
    assert len(baby) == 1 and baby[0]["unborn"] is True and baby[0]["age_at_event"] is None
    assert d.child_year("agesBABY", "2023/24")["neglect_events"] == 0  # unborn events are not counted


def test_every_event_carries_its_reason(d: Derived) -> None:
    events = d.events()
    assert events and all(e["reason"] == RULES_BY_ID[e["rule_id"]].description for e in events)
