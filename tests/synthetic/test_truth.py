"""The truth accounts for every extract row and agrees with what the extracts say."""

from __future__ import annotations

import itertools
from collections import Counter
from pathlib import Path

from .conftest import partner_folders, read_csv, truth


def test_every_person_row_has_a_true_person(synth_dir: Path) -> None:
    records = truth(synth_dir, "person_record")
    keyed = {(r["dataset"], r["partner_code"], r["person_id"]): r["true_person_id"] for r in records}
    assert len(keyed) == len(records)
    people = {r["true_person_id"] for r in truth(synth_dir, "person")}
    total = 0
    for folder in partner_folders(synth_dir):
        for row in read_csv(folder / "person.csv"):
            total += 1
            assert keyed[(folder.parent.name, folder.name, row["person_id"])] in people
    assert total == len(records)


def test_extract_identity_matches_truth_apart_from_noise(synth_dir: Path) -> None:
    people = {r["true_person_id"]: r for r in truth(synth_dir, "person")}
    keyed = {
        (r["dataset"], r["partner_code"], r["person_id"]): r["true_person_id"]
        for r in truth(synth_dir, "person_record")
    }
    folder = synth_dir / "extract" / "gp_registration" / "QWO"
    same_dob = same_nhs = rows = 0
    for row in read_csv(folder / "person.csv"):
        true = people[keyed[("gp_registration", "QWO", row["person_id"])]]
        rows += 1
        same_dob += row["date_of_birth"] == str(true["date_of_birth"])
        same_nhs += row["nhs_number"].replace(" ", "") == true["nhs_number"]
    assert same_dob / rows > 0.99 and same_nhs / rows > 0.98


def test_lac_and_csc_share_the_council_person_id(synth_dir: Path) -> None:
    records = truth(synth_dir, "person_record")
    csc = {
        (r["partner_code"], r["true_person_id"]): r["person_id"]
        for r in records
        if r["dataset"] == "csc" and not r["is_duplicate_registration"]
    }
    lac = [r for r in records if r["dataset"] == "lac"]
    assert lac
    assert (
        sum(csc.get((r["partner_code"], r["true_person_id"])) == r["person_id"] for r in lac) / len(lac)
        > 0.95
    )


def test_recorded_adversity_points_at_real_records(synth_dir: Path) -> None:
    adversity = truth(synth_dir, "adversity")
    categories = Counter(r["category"] for r in adversity)
    for category in (
        "household_domestic_abuse",
        "household_mental_ill_health",
        "household_substance_misuse",
        "neglect",
        "homelessness",
        "offending",
        "mental_ill_health",
        "substance_dependency",
    ):
        assert categories[category] > 0, category
    recorded = [r for r in adversity if r["recorded"]]
    assert 0 < len(recorded) < len(adversity)  # services see part of the truth
    with_record = {(r["dataset"], r["true_person_id"]) for r in truth(synth_dir, "person_record")}
    known = {person for _, person in with_record}
    for r in recorded[:2000]:
        assert r["true_person_id"] in known  # only people some service holds can be recorded
        for dataset in filter(None, str(r["recorded_in"]).split("|")):
            assert (dataset, r["true_person_id"]) in with_record
    # what records show includes things the truth does not hold (e.g. a spell carried into a later year)
    shown = truth(synth_dir, "recorded_adversity")
    assert {bool(r["is_true"]) for r in shown} == {True, False}
    assert sum(bool(r["is_true"]) for r in shown) == len(recorded)


def test_household_and_address_history_are_consistent(synth_dir: Path) -> None:
    spells: dict[str, list[tuple[str, str]]] = {}
    for r in truth(synth_dir, "household_membership"):
        spells.setdefault(str(r["true_person_id"]), []).append(
            (str(r["start_date"]), str(r["end_date"] or "9999"))
        )
    for periods in spells.values():
        periods.sort()
        assert all(a[1] <= b[0] for a, b in itertools.pairwise(periods))  # never in two households at once
    directory = {r["postcode"] for r in read_csv(synth_dir / "reference" / "wy_postcode_lsoa.csv")}
    addresses = truth(synth_dir, "person_address")
    assert addresses and {r["postcode"] for r in addresses} <= directory
    summary = truth(synth_dir, "multiple_disadvantage_summary")
    assert (
        sum(int(r["hard_edges_two_plus"]) for r in summary)
        >= sum(int(r["hard_edges_all_three"]) for r in summary)
        > 0
    )


def test_adult_domains_take_the_meaning_of_the_lists(synth_dir: Path) -> None:
    """Homelessness is the household's; mental health includes the milder problem, referred or not."""
    md = {(r["true_person_id"], r["financial_year"]): r for r in truth(synth_dir, "multiple_disadvantage")}
    shown = truth(synth_dir, "recorded_adversity")
    cases = [r for r in shown if r["subject"] == "adult" and r["category"] == "homelessness"]
    assert cases
    # every adult member of a homelessness case approaching in a year was homeless that year
    assert all(r["is_true"] and md[(r["true_person_id"], r["financial_year"])]["homelessness"] for r in cases)
    rows = list(md.values())
    members = [r for r in rows if r["homelessness"] and not r["homeless_person"]]
    assert members  # partners and other adults of a homeless household
    assert all(r["homelessness"] for r in rows if r["homeless_person"])
    assert all(r["mental_ill_health"] for r in rows if r["severe_mental_ill_health"])
    referred = {
        (r["true_person_id"], r["financial_year"])
        for r in shown
        if r["subject"] == "adult" and r["category"] == "mental_health"
    }
    milder = [r for r in rows if r["mental_ill_health"] and not r["severe_mental_ill_health"]]
    milder_referred = [r for r in milder if (r["true_person_id"], r["financial_year"]) in referred]
    # the milder problem is a state of its own: the trust is referred some of it, not all
    assert 0 < len(milder_referred) < len(milder)
    for r in rows:
        domains = sum(
            bool(r[c]) for c in ("homelessness", "offending", "substance_misuse", "mental_ill_health")
        )
        hard_edges = sum(bool(r[c]) for c in ("homeless_person", "offending", "substance_misuse"))
        assert (r["domain_count"], r["hard_edges_count"]) == (domains, hard_edges)


def _financial_year(day: str) -> str:
    year, month = int(day[:4]), int(day[5:7])
    start = year if month >= 4 else year - 1
    return f"{start}/{(start + 1) % 100:02d}"


def test_housing_records_milder_mental_health_as_a_need(synth_dir: Path) -> None:
    """Housing officers record a mental-health need for severe or milder illness alike, so the
    need list and the trust's referrals capture the same domain (what capture-recapture needs)."""
    md = {(r["true_person_id"], r["financial_year"]): r for r in truth(synth_dir, "multiple_disadvantage")}
    keyed = {
        (r["partner_code"], r["person_id"]): r["true_person_id"]
        for r in truth(synth_dir, "person_record")
        if r["dataset"] == "housing"
    }
    severe = milder = 0
    for folder in partner_folders(synth_dir):
        if folder.parent.name != "housing":
            continue
        approach = {r["record_id"]: r["approach_date"] for r in read_csv(folder / "case.csv")}
        for need in read_csv(folder / "support_need.csv"):
            if need["need"] != "mental_health":
                continue
            person = keyed[(folder.name, need["person_id"])]
            row = md[(person, _financial_year(approach[need["case_id"]]))]
            assert row["mental_ill_health"]
            severe += bool(row["severe_mental_ill_health"])
            milder += not row["severe_mental_ill_health"]
    assert severe > 0 and milder > 0
