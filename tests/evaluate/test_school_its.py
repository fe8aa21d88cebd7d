"""The whole-school comparison through the real SQL path: a planted effect on schools' absence.

Why a planted effect and not the synthetic world's truth: the generator's TISCH effect is on its
*participants* (the pupils on roll in the start year: 15% of their absent sessions attended for
24 months), so a school's true change in absence rate is 15% of those pupils' absence, about
0.5 to 1 point, diluted as new pupils join who were never participants, and vanishing after two
years. At the scale a unit test can generate (0.01: a handful of pupils per school), a school's
termly rate moves by several points from pupil to pupil, and no interval could tell 1 point from
0; the synthetic truth is checked at scale 0.1 instead (``benchmarks/bench_school_its.py``: over
10 seeds the intervals held the generator's school-level truth in 79 of 80; docs/evaluation.md).
Here every school's series is written pupil by pupil into the content tables (enrolments,
termly attendance, exclusions) and the programme's schools come from participation rows, so the
panel, the start terms, the matching and the fit are the stage's own; the effect is known
exactly: from its start term on, each programme school's pupils miss 1.5 points fewer of their
sessions than they would have.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from atr.evaluate import load_programmes
from atr.evaluate.participation import build_participation
from atr.evaluate.school_its import MIN_SCHOOLS, estimate_school_its, start_period
from atr.warehouse import Warehouse

from .builder import World

LEVEL_CHANGE = -1.5
"""Percentage points of possible sessions: the planted change in absence at the start."""
SCHOOLS, PROGRAMME_SCHOOLS, PUPILS = 24, 8, 12
YEARS = range(2019, 2025)
TERMS = ("AUT", "SPR", "SUM")
POSSIBLE = 120


def school_world(level_change: float = LEVEL_CHANGE, seed: int = 3) -> World:
    """24 schools in one authority (four in another), 12 pupils each, a term's attendance per
    pupil from autumn 2019 to spring 2025; the first 8 schools (worse to begin with) take part,
    five from September 2021 and three from September 2022."""
    rng = np.random.default_rng(seed)
    w = World()
    for k in range(SCHOOLS):
        urn = str(100000 + k)
        programme = k < PROGRAMME_SCHOOLS
        base = rng.normal(7.0 if programme else 6.0, 1.2)
        trend = rng.normal(0.02, 0.03)
        start = date(2021, 9, 15) if k < 5 else date(2022, 9, 15)
        partner = "380" if k in (7, 20, 21, 22, 23) else "383"
        for p in range(PUPILS):
            pupil = f"S{k}P{p}"
            w.record("school_enrolment", pupil, partner, urn=urn, entry_date=date(2015, 9, 1))
            pupil_effect = rng.normal(0, 2.0)
            for year in YEARS:
                for position, term in enumerate(TERMS):
                    if (year, term) in ((2019, "SUM"), (2024, "SUM")):
                        continue
                    period = year * 3 + position
                    rate = base + trend * (period - 6057) + pupil_effect + rng.normal(0, 1.5)
                    if programme and period >= start_period(start):
                        rate += level_change
                    w.record(
                        "school_attendance",
                        pupil,
                        partner,
                        academic_year=f"{year}/{(year + 1) % 100:02d}",
                        term=term,
                        sessions_possible=POSSIBLE,
                        sessions_authorised_absence=int(max(round(POSSIBLE * rate / 100), 0)),
                        sessions_unauthorised_absence=0,
                    )
            if rng.random() < 0.3:
                w.record("school_exclusion", pupil, partner, category="SUSP", start_date=date(2021, 11, 1))
        if programme:  # two pupils' starts: the school's is the first
            w.participation(f"S{k}P0", "TISCH", start, partner=partner, provider_code=urn)
            w.participation(
                f"S{k}P1", "TISCH", date(start.year + 1, 1, 10), partner=partner, provider_code=urn
            )
    w.participation("S0P2", "TISCH", date(2021, 9, 15), provider_code="999999")  # a school with no records
    return w


def evaluate_schools(wh: Warehouse) -> Warehouse:
    programmes = load_programmes()
    build_participation(wh, programmes)
    result = estimate_school_its(wh, programmes)
    assert "TISCH: 1 schools not in the school records, left out of its school series" in result.notes
    return wh


@pytest.fixture(scope="module")
def planted() -> Warehouse:
    return evaluate_schools(school_world().build())


def its(wh: Warehouse, outcome: str, term: str = "level_change") -> dict[str, float]:
    rows = wh.rows("SELECT * FROM evaluation_its WHERE outcome = ? AND term = ?", [outcome, term])
    assert len(rows) == 1
    return rows[0]


def test_the_start_term_is_the_first_whose_middle_is_on_or_after_the_start() -> None:
    assert start_period(date(2021, 9, 15)) == 2021 * 3  # autumn 2021 (middle 15 October)
    assert start_period(date(2021, 10, 16)) == 2021 * 3 + 1  # too late for autumn: spring 2022
    assert start_period(date(2022, 2, 15)) == 2021 * 3 + 1  # the spring middle itself
    assert start_period(date(2022, 7, 1)) == 2022 * 3  # after the summer middle: next autumn


def test_the_planted_level_change_in_absence_is_recovered(planted: Warehouse) -> None:
    level = its(planted, "absence_rate")
    assert level["lower_95"] <= LEVEL_CHANGE <= level["upper_95"]
    assert level["upper_95"] < 0  # and told apart from no change
    slope = its(planted, "absence_rate", "slope_change")
    assert slope["lower_95"] <= 0 <= slope["upper_95"]  # no slope change was planted
    assert (level["n_schools"], level["n_terms"]) == (PROGRAMME_SCHOOLS, 12)
    # comparisons come from the school's own authority: up to 3 each, with replacement
    assert MIN_SCHOOLS <= level["n_comparison_schools"] <= SCHOOLS - PROGRAMME_SCHOOLS


def test_every_outcome_the_programme_aims_to_change_has_a_row(planted: Warehouse) -> None:
    rows = planted.rows("SELECT outcome, term FROM evaluation_its ORDER BY outcome, term")
    outcomes = ("absence_rate", "exclusion", "persistent_absence", "suspension")
    assert [(r["outcome"], r["term"]) for r in rows] == [
        (o, t) for o in outcomes for t in ("level_change", "slope_change")
    ]
    assert planted.columns("evaluation_its") == [
        "programme_code",
        "outcome",
        "term",
        "estimate",
        "lower_95",
        "upper_95",
        "n_schools",
        "n_comparison_schools",
        "n_terms",
    ]


def test_no_effect_planted_is_not_found() -> None:
    wh = evaluate_schools(school_world(level_change=0.0).build())
    level = its(wh, "absence_rate")
    assert level["lower_95"] <= 0 <= level["upper_95"]


def test_too_few_schools_leave_the_table_empty_with_its_columns() -> None:
    w = World()
    for k in range(3):
        w.record("school_enrolment", f"P{k}", urn=str(k), entry_date=date(2015, 9, 1))
        w.record(
            "school_attendance",
            f"P{k}",
            academic_year="2021/22",
            term="AUT",
            sessions_possible=100,
            sessions_authorised_absence=3,
            sessions_unauthorised_absence=0,
        )
    w.participation("P0", "TISCH", date(2021, 9, 1), provider_code="0")
    wh = w.build()
    programmes = load_programmes()
    build_participation(wh, programmes)
    result = estimate_school_its(wh, programmes)
    assert result.rows == 0 and wh.count("evaluation_its") == 0
    assert result.unmatched == {"TISCH": 1}  # no term before its start to match on
    assert len(wh.columns("evaluation_its")) == 9


@pytest.mark.engines
def test_the_school_series_are_the_same_on_every_engine(warehouse: Warehouse) -> None:
    evaluate_schools(school_world().fill(warehouse))
    level = its(warehouse, "absence_rate")
    duck = its(evaluate_schools(school_world().build()), "absence_rate")
    assert level["estimate"] == pytest.approx(duck["estimate"], abs=1e-9)
    assert level["n_comparison_schools"] == duck["n_comparison_schools"]
