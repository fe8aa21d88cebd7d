"""The evaluate stage on a tiny world: people not referrals, exact windows, nothing dropped."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from atr.evaluate import FRAME_COLUMNS, EvaluateSettings, run_evaluate
from atr.warehouse import Warehouse

from .builder import BRADFORD, LEEDS, World


@pytest.fixture(scope="module")
def evaluated() -> Warehouse:
    w = World()
    # A: NAVIG through two providers (one person), a suspension before and one after the start,
    # persistent absence in the year before, not after.
    w.person("EA", date(2009, 1, 10))
    w.participation("EA", "NAVIG", date(2022, 6, 1), partner="383", provider_code="383")
    w.participation("EA", "NAVIG", date(2022, 9, 1), partner="RXG", provider_code="RXG")
    w.record("school_exclusion", "EA", category="SUSP", start_date=date(2022, 3, 1))
    w.record("school_exclusion", "EA", category="SUSP", start_date=date(2022, 7, 1))
    w.record("mental_health_referral", "EA", referral_received_date=date(2021, 1, 4))  # 17 months before
    w.record(
        "school_attendance",
        "EA",
        academic_year="2021/22",
        term="SPR",
        sessions_possible=100,
        sessions_authorised_absence=10,
        sessions_unauthorised_absence=5,
    )
    w.record(
        "school_attendance",
        "EA",
        academic_year="2022/23",
        term="AUT",
        sessions_possible=100,
        sessions_authorised_absence=5,
        sessions_unauthorised_absence=0,
    )
    w.rows["adversity_event"] += [
        {"entity_id": "EA", "category": "neglect", "event_date": date(2020, 1, 1)},
        {"entity_id": "EA", "category": "neglect", "event_date": date(2021, 1, 1)},
        {"entity_id": "EA", "category": "domestic_abuse", "event_date": date(2021, 5, 1)},
        {"entity_id": "EA", "category": "poverty", "event_date": date(2023, 1, 1)},  # after the start
    ]
    # B: started late, so the 12 and 24 months after are not yet in the records.
    w.person("EB", date(2010, 6, 1))
    w.participation("EB", "NAVIG", date(2024, 6, 1))
    w.record("csc_episode", "EB", referral_date=date(2020, 1, 1))
    w.record("csc_episode", "EB", referral_date=date(2024, 8, 1))
    w.record("csc_episode", "EB", referral_date=date(2024, 8, 1), partner="380")  # same referral twice
    # C: known only to the programme, with a start after its end.
    w.person("EC", date(2010, 2, 1))
    w.participation("EC", "NAVIG", date(2022, 2, 1), end_date=date(2022, 1, 1))
    w.datasets["EC"] = {"programme"}
    # An unknown programme code, kept and counted.
    w.person("EU", date(2011, 2, 1))
    w.participation("EU", "PILOT", date(2022, 5, 1))
    w.record("school_exclusion", "EU", category="PERM", start_date=date(2023, 1, 1))
    # A participation row whose person link has not placed in any entity (link not rerun).
    w.rows["programme_participation"].append(
        {
            "dataset": "programme",
            "partner_code": "383",
            "person_id": "programme-383-GHOST",
            "record_id": "RGHOST",
            "programme_code": "NAVIG",
            "start_date": date(2022, 7, 1),
        }
    )
    # Comparison candidates: in no programme, of an age NAVIG serves.
    for i in range(6):
        w.person(f"N{i}", date(2009 + i % 2, 3, 1), sex="F" if i % 2 else "M")
        w.record("school_exclusion", f"N{i}", category="SUSP", start_date=date(2021, 10, 1))
    w.person("TODDLER", date(2020, 1, 1))
    # The most deprived areas: 12 children in Leeds, 3 in Bradford (too few to show).
    for i in range(15):
        w.person(f"D{i}", date(2015, 5, 1), district=LEEDS if i < 12 else BRADFORD, imd_decile=1)
    wh = w.build()
    run_evaluate(wh, EvaluateSettings())
    return wh


def frame_row(wh: Warehouse, person: str, programme: str = "NAVIG") -> dict[str, Any]:
    rows = wh.rows(
        "SELECT * FROM evaluation_frame WHERE person_key = ? AND programme_code = ?", [person, programme]
    )
    assert len(rows) == 1
    return rows[0]


def test_the_frame_has_the_agreed_columns(evaluated: Warehouse) -> None:
    assert tuple(evaluated.columns("evaluation_frame")) == FRAME_COLUMNS


def test_a_person_is_counted_once_at_their_first_start(evaluated: Warehouse) -> None:
    a = frame_row(evaluated, "EA")
    assert a["participant"] is True and a["start_date"] == date(2022, 6, 1)
    assert a["index_financial_year"] == "2022/23" and a["age"] == 13 and a["age_band"] == "10-14"
    assert a["district"] == LEEDS and a["linked"] is True
    assert a["prior_adversity_count"] == 2  # distinct categories before the start only


def test_outcome_windows_count_events_around_the_start(evaluated: Warehouse) -> None:
    a = frame_row(evaluated, "EA")
    assert (a["suspension__pre12"], a["suspension__post6"], a["suspension__post12"]) == (1, 1, 1)
    assert a["exclusion__post24"] == 0 and a["mh_referral__pre12"] == 0
    assert (a["mh_referral__pre24"], a["suspension__pre24"], a["exclusion__pre24"]) == (1, 1, 0)
    assert a["persistent_absence__pre12"] == 1  # 15 of 100 sessions in spring 2022
    assert a["persistent_absence__post6"] == 0  # 5 of 100 in autumn 2022
    assert a["persistent_absence__post24"] == 0


def test_windows_the_records_do_not_cover_are_missing_not_zero(evaluated: Warehouse) -> None:
    b = frame_row(evaluated, "EB")
    assert b["csc_rereferral__post6"] == 1  # the second referral date, not the duplicate record
    assert b["csc_rereferral__post12"] is None and b["suspension__post24"] is None
    assert b["persistent_absence__post6"] is None  # no sessions recorded


def test_participation_problems_are_counted_not_dropped(evaluated: Warehouse) -> None:
    checks = {
        (r["check_id"], r["programme_code"]): r["rows"]
        for r in evaluated.rows("SELECT * FROM evaluation_input_check")
    }
    assert checks[("unknown_programme", "PILOT")] == 1
    assert checks[("start_after_end", "NAVIG")] == 1
    assert checks[("never_linked", "NAVIG")] == 1
    c = frame_row(evaluated, "EC")
    assert c["participant"] is True and c["linked"] is False
    assert evaluated.scalar("SELECT count(*) FROM evaluation_frame WHERE programme_code = 'PILOT'") == 0
    assert checks[("not_in_linked_records", "NAVIG")] == 1
    assert checks[("repeat_start", "NAVIG")] == 1  # EA's second provider: one person


def test_every_participation_row_is_accounted_for(evaluated: Warehouse) -> None:
    """Rows = unknown code + person not linked + repeat starts + participants in the frame."""
    counted = {
        r["check_id"]: int(r["n"])
        for r in evaluated.rows('SELECT check_id, sum("rows") AS n FROM evaluation_input_check GROUP BY ALL')
    }
    participants = evaluated.scalar("SELECT count(*) FROM evaluation_frame WHERE participant")
    rows = evaluated.scalar("SELECT count(*) FROM programme_participation")
    assert rows == 6 and participants == 3
    assert rows == (
        counted["unknown_programme"]
        + counted["not_in_linked_records"]
        + counted["repeat_start"]
        + participants
    )


def test_the_comparison_pool_gets_participants_start_dates(evaluated: Warehouse) -> None:
    pool = evaluated.rows("SELECT * FROM evaluation_frame WHERE NOT participant AND programme_code = 'NAVIG'")
    people = {r["person_key"] for r in pool}
    assert people <= {f"N{i}" for i in range(6)} and len(people) >= 4
    assert "EU" not in people and "TODDLER" not in people  # in a programme; too young
    linked_starts = {date(2022, 6, 1), date(2024, 6, 1)}  # EC never links: not a start to copy
    assert {r["start_date"] for r in pool} <= linked_starts
    assert all(r["suspension__pre12"] in (0, 1) for r in pool)


def test_progress_counts_people_not_referrals(evaluated: Warehouse) -> None:
    rows = evaluated.rows(
        "SELECT financial_year, people_new, people_cumulative FROM programme_progress "
        "WHERE programme_code = 'NAVIG' AND district = 'E47000003' ORDER BY financial_year"
    )
    assert [(r["financial_year"], r["people_new"], r["people_cumulative"]) for r in rows] == [
        ("2021/22", 1, 1),
        ("2022/23", 1, 2),
        ("2024/25", 1, 3),
    ]
    trajectory = evaluated.rows("SELECT * FROM programme_trajectory ORDER BY financial_year")
    assert trajectory[-1]["financial_year"] == "2029/30" and trajectory[-1]["needed_cumulative"] == 6000
    assert trajectory[0]["people_cumulative"] == 1


def test_cohort_counts_are_disclosure_controlled(evaluated: Warehouse) -> None:
    assert {r["cohort"] for r in evaluated.rows("SELECT cohort FROM cohort_definition")} >= {
        "care_experienced",
        "youth_justice",
        "sen",
        "transition_16_25",
        "toxic_trio",
        "most_deprived",
    }
    counts = evaluated.rows("SELECT * FROM cohort_count")
    for row in counts:
        for column in ("people", "people_reached"):
            value = row[column]
            assert value is None or value == 0 or (value >= 5 and value % 5 == 0)
        assert row["suppressed"] == (row["people"] is None or row["people_reached"] is None)
    deprived = {
        r["district"]: r["people"]
        for r in counts
        if r["cohort"] == "most_deprived" and r["financial_year"] == "2022/23"
    }
    # Bradford's 3 are withheld; so is Leeds, else West Yorkshire's 15 would give Bradford back.
    assert deprived == {BRADFORD: None, LEEDS: None, "E47000003": 15}


def test_balance_keeps_its_contract_columns_first_and_the_matching_tried_is_recorded(
    evaluated: Warehouse,
) -> None:
    columns = [r["column_name"] for r in evaluated.rows("DESCRIBE evaluation_balance")]
    assert columns == ["programme_code", "covariate", "smd_before", "smd_after", "specification", "balanced"]
    tried = evaluated.rows("SELECT * FROM evaluation_matching ORDER BY programme_code, step")
    assert tried, "the specifications tried are recorded"
    for code in {r["programme_code"] for r in tried}:
        steps = [r for r in tried if r["programme_code"] == code]
        assert [r["step"] for r in steps] == list(range(1, len(steps) + 1))
        assert sum(r["chosen"] for r in steps) == 1
        chosen = next(r for r in steps if r["chosen"])
        on_balance = evaluated.rows(
            "SELECT DISTINCT specification, balanced FROM evaluation_balance WHERE programme_code = ?", [code]
        )
        assert on_balance == [
            {"specification": chosen["specification"], "balanced": chosen["worst_smd_after"] <= 0.1}
        ]
