"""Values follow the contract's rules: keys, references, codes, dates, check digits (bar documented noise)."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from atr.synthetic.contract import PERSON_REFERENCES, TABLES
from atr.synthetic.identifiers import is_valid_nhs_number, is_valid_upn
from atr.synthetic.noise import PROFILES

from .conftest import partner_folders, read_csv, truth

CIN_FACTORS = {
    "1A",
    "1B",
    "1C",
    "2A",
    "2B",
    "2C",
    "3A",
    "3B",
    "3C",
    "4A",
    "4B",
    "4C",
    "5A",
    "5B",
    "5C",
    "6A",
    "6B",
    "6C",
    "7A",
    "8B",
    "8C",
    "8D",
    "8E",
    "8F",
    "9A",
    "10A",
    "11A",
    "12A",
    "13A",
    "14A",
    "15A",
    "16A",
    "17A",
    "18B",
    "18C",
    "19B",
    "19C",
    "20",
    "21",
    "22A",
    "23A",
    "24A",
}
CODES = {
    ("csc", "cp_plan", "initial_category_of_abuse"): {"NEG", "PHY", "SAB", "EMO", "MUL"},
    ("csc", "episode", "closure_reason"): {f"RC{i}" for i in range(1, 10)} | {""},
    ("csc", "episode", "primary_need_code"): {f"N{i}" for i in range(1, 9)},
    ("lac", "episode", "reason_new_episode"): set("SLPTUB"),
    ("lac", "episode", "legal_status"): {
        "C1",
        "C2",
        "D1",
        "E1",
        "V2",
        "V3",
        "V4",
        "L1",
        "L2",
        "L3",
        "J1",
        "J2",
        "J3",
    },
    ("school", "attendance", "term"): {"AUT", "SPR", "SUM"},
    ("school", "exclusion", "category"): {"PERM", "SUSP", "LNCH"},
    ("school", "sen", "sen_provision"): {"K", "E"},
    ("police", "involvement", "role"): {
        "victim",
        "suspect",
        "offender",
        "witness",
        "child_present",
        "child_resident",
        "other",
    },
    ("police", "occurrence", "dash_risk_level"): {"standard", "medium", "high", "not_completed", ""},
    ("substance", "episode", "parental_status"): {"11", "12", "13", "14", "15"},
    ("housing", "case", "assessment_outcome"): {"prevention_duty", "relief_duty", "no_duty", "ineligible"},
    ("housing", "case", "household_type"): {
        "single",
        "couple",
        "single_with_children",
        "couple_with_children",
        "other",
    },
    ("housing", "case_member", "relationship_to_applicant"): {"main_applicant", "partner", "child", "other"},
    ("youth_justice", "outcome", "outcome_type"): {
        "youth_caution",
        "youth_conditional_caution",
        "referral_order",
        "youth_rehabilitation_order",
        "custody",
        "other",
    },
    ("csc", "relationship", "relationship_type"): {
        "mother",
        "father",
        "step_parent",
        "parent_partner",
        "sibling",
        "grandparent",
        "other_household_member",
        "other",
    },
    ("school", "contact", "relationship"): {"mother", "father", "carer", "other"},
}


def test_keys_are_unique_and_every_person_reference_resolves(synth_dir: Path) -> None:
    for folder in partner_folders(synth_dir):
        dataset = folder.parent.name
        people = [r["person_id"] for r in read_csv(folder / "person.csv")]
        assert len(people) == len(set(people)) and all(people), folder
        known = set(people)
        for table in TABLES[dataset]:
            rows = read_csv(folder / f"{table}.csv")
            ids = [r["record_id"] for r in rows]
            assert len(ids) == len(set(ids)), folder / table
            for column in PERSON_REFERENCES.get((dataset, table), ("person_id",)):
                if column in TABLES[dataset][table]:
                    assert {r[column] for r in rows} <= known, f"{folder / table}.{column}"


def test_child_tables_point_at_their_parents(synth_dir: Path) -> None:
    for folder in partner_folders(synth_dir):
        dataset = folder.parent.name
        links = {
            "csc": [
                ("assessment", "episode_id", "episode"),
                ("assessment_factor", "assessment_id", "assessment"),
            ],
            "police": [("involvement", "occurrence_id", "occurrence")],
            "housing": [("case_member", "case_id", "case"), ("support_need", "case_id", "case")],
        }.get(dataset, [])
        for child, column, parent in links:
            parents = {r["record_id"] for r in read_csv(folder / f"{parent}.csv")}
            assert {r[column] for r in read_csv(folder / f"{child}.csv")} <= parents, folder / child


def test_codes_dates_and_factor_rules(synth_dir: Path) -> None:
    for (dataset, table, column), allowed in CODES.items():
        for folder in sorted((synth_dir / "extract" / dataset).iterdir()):
            values = {r[column] for r in read_csv(folder / f"{table}.csv")}
            assert values <= allowed, f"{folder / table}.{column}: {values - allowed}"
    for folder in partner_folders(synth_dir):
        for path in folder.glob("*.csv"):
            rows = read_csv(path)
            for column in [c for c in (rows[0] if rows else {}) if c.endswith("_date")]:
                for r in rows:
                    if r[column]:
                        assert date(1900, 1, 1) <= date.fromisoformat(r[column]) <= date(2025, 3, 31), (
                            f"{path}:{column}"
                        )
    for folder in sorted((synth_dir / "extract" / "csc").iterdir()):
        by_assessment: dict[str, set[str]] = {}
        for r in read_csv(folder / "assessment_factor.csv"):
            assert r["factor"] in CIN_FACTORS
            by_assessment.setdefault(r["assessment_id"], set()).add(r["factor"])
        assert all(factors == {"21"} for factors in by_assessment.values() if "21" in factors)


def test_check_digits_are_valid_except_the_documented_noise(synth_dir: Path) -> None:
    bad_nhs: Counter[str] = Counter()
    all_nhs: Counter[str] = Counter()
    bad_upn = all_upn = 0
    for folder in partner_folders(synth_dir):
        dataset = folder.parent.name
        for r in read_csv(folder / "person.csv"):
            if r["nhs_number"]:
                all_nhs[dataset] += 1
                bad_nhs[dataset] += not is_valid_nhs_number(r["nhs_number"])
            if r["upn"]:
                all_upn += 1
                bad_upn += not is_valid_upn(r["upn"])
    for dataset, n in all_nhs.items():
        expected = PROFILES[dataset].invalid_nhs
        assert bad_nhs[dataset] <= 5 * expected * n + 3, dataset  # noise only, never systematic
    assert (
        all_nhs["gp_registration"] > 40_000
        and bad_nhs["gp_registration"] < 0.005 * all_nhs["gp_registration"]
    )
    assert all_upn > 5_000 and bad_upn <= 0.02 * all_upn


DATE_ORDER = {
    ("csc", "episode"): ("referral_date", "closure_date"),
    ("csc", "assessment"): ("start_date", "authorisation_date"),
    ("csc", "cp_plan"): ("start_date", "end_date"),
    ("csc", "relationship"): ("start_date", "end_date"),
    ("lac", "episode"): ("start_date", "end_date"),
    ("school", "enrolment"): ("entry_date", "leaving_date"),
    ("school", "fsm"): ("start_date", "end_date"),
    ("mental_health", "referral"): ("referral_received_date", "discharge_date"),
    ("substance", "episode"): ("referral_date", "discharge_date"),
    ("probation", "custody"): ("start_date", "release_date"),
    ("youth_justice", "outcome"): ("offence_date", "outcome_date"),
    ("gp_registration", "registration"): ("start_date", "end_date"),
}


def test_events_end_after_they_start_and_not_before_birth(synth_dir: Path) -> None:
    for (dataset, table), (start, end) in DATE_ORDER.items():
        for folder in sorted((synth_dir / "extract" / dataset).iterdir()):
            for r in read_csv(folder / f"{table}.csv"):
                assert not r[end] or r[end] >= r[start], f"{folder / table}: {r}"
    dob = {r["true_person_id"]: str(r["date_of_birth"]) for r in truth(synth_dir, "person")}
    keyed = {
        (r["dataset"], r["partner_code"], r["person_id"]): r["true_person_id"]
        for r in truth(synth_dir, "person_record")
    }
    # plans and care start after birth; a referral may come up to 40 weeks before (CIN rule 8606)
    checks = (
        ("csc", "cp_plan", "start_date", 0),
        ("lac", "episode", "start_date", 0),
        ("csc", "episode", "referral_date", 280),
    )
    for dataset, table, column, days_before in checks:
        for folder in sorted((synth_dir / "extract" / dataset).iterdir()):
            for r in read_csv(folder / f"{table}.csv"):
                born = date.fromisoformat(dob[keyed[(dataset, folder.name, r["person_id"])]])
                assert (born - date.fromisoformat(r[column])).days <= days_before, f"{folder / table}: {r}"
