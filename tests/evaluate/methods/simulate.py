"""A small world with a known truth for the evaluation methods: selection on observables.

Young people aged 10-17 in five districts, with a deprivation decile, prior adversity and a
school; two 0/1 outcomes observed in the 12 months before a start date and 6, 12 and 24 months
after. Those with more adversity, more deprivation and a prior outcome are more likely to take
part, so participants are worse off to begin with and a naive comparison is biased, while
matching on the observed covariates (prior outcomes included) removes the bias: nothing
unobserved drives both taking part and the outcomes. The programme changes each outcome's risk
by a set amount; the recorded truth is the effect on the participants (the mean of their risk
with minus their risk without), on the risk-difference scale of the estimates.

Used by the unit tests (small, few seeds) and ``benchmarks/bench_evaluation.py`` (10 seeds).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.special import expit

DISTRICTS = ("Bradford", "Calderdale", "Kirklees", "Leeds", "Wakefield")
DISTRICT_WEIGHTS = (0.24, 0.09, 0.19, 0.34, 0.14)
OUTCOMES = ("persistent_absence", "suspension")
WINDOWS = (6, 12, 24)
BASELINE = {"persistent_absence": -1.6, "suspension": -2.6}
WINDOW_SHIFT = {6: -0.7, 12: 0.0, 24: 0.55}
SCHOOLS_PER_DISTRICT = 20
NUMERIC = ("age", "imd_decile", "prior_adversity_count", *(f"{o}__pre12" for o in OUTCOMES))
CATEGORICAL = ("sex", "district")
EFFECTIVE = {
    "persistent_absence": {6: -0.04, 12: -0.06, 24: -0.08},
    "suspension": {6: -0.02, 12: -0.03, 24: -0.03},
}
NO_EFFECT = {o: dict.fromkeys(WINDOWS, 0.0) for o in OUTCOMES}


@dataclass(frozen=True)
class SimulatedProgramme:
    frame: pd.DataFrame
    truth: dict[tuple[str, int], float]
    """(outcome, window) → the true effect on participants, as a risk difference."""


def age_band(age: pd.Series) -> pd.Series:
    return pd.cut(age, [9, 12, 15, 17], labels=["10-12", "13-15", "16-17"]).astype("string")


def simulate_programme(
    seed: int,
    *,
    people: int = 4000,
    effect: Mapping[str, Mapping[int, float]] = EFFECTIVE,
    intercept: float = -3.3,
) -> SimulatedProgramme:
    """One programme's participants among ``people`` young people (about 8% take part)."""
    rng = np.random.default_rng(seed)
    district = rng.choice(len(DISTRICTS), size=people, p=DISTRICT_WEIGHTS)
    age = rng.integers(10, 18, size=people)
    female = rng.random(people) < 0.49
    imd = np.clip(np.round(rng.normal(4.5 + 0.4 * district, 2.6)), 1, 10)
    adversity = rng.poisson(0.25 + 0.12 * (11 - imd))
    school = 100 + district * SCHOOLS_PER_DISTRICT + rng.integers(0, SCHOOLS_PER_DISTRICT, size=people)
    school_effect = rng.normal(0, 0.3, size=SCHOOLS_PER_DISTRICT * len(DISTRICTS) + 100)[school]
    frame = pd.DataFrame(
        {
            "person_key": [f"p{seed}-{i}" for i in range(people)],
            "district": np.asarray(DISTRICTS)[district],
            "age": age,
            "sex": np.where(female, "F", "M"),
            "imd_decile": imd,
            "prior_adversity_count": adversity,
            "school_urn": school.astype(str),
        }
    )
    frame["age_band"] = age_band(frame["age"])
    risk = {
        o: BASELINE[o] + 0.35 * adversity + 0.08 * (5.5 - imd) + 0.1 * (age - 13.5) + school_effect
        for o in OUTCOMES
    }
    pre = {o: rng.random(people) < expit(risk[o]) for o in OUTCOMES}
    score = intercept + 0.45 * adversity + 0.07 * (5.5 - imd) + 0.08 * (age - 13.5)
    score = score + 0.9 * pre["persistent_absence"] + 0.7 * pre["suspension"] - 0.15 * (district == 3)
    participant = rng.random(people) < expit(score)
    frame["participant"] = participant
    truth: dict[tuple[str, int], float] = {}
    for outcome in OUTCOMES:
        frame[f"{outcome}__pre12"] = pre[outcome].astype("int64")
        draw = rng.random(people)  # one draw per person, so an event by 6 months is one by 12 and 24
        for window in WINDOWS:
            without = expit(risk[outcome] + 0.9 * pre[outcome] + WINDOW_SHIFT[window])
            with_programme = np.clip(without + effect[outcome][window], 0.001, 0.999)
            risk_now = np.where(participant, with_programme, without)
            frame[f"{outcome}__post{window}"] = (draw < risk_now).astype("int64")
            truth[(outcome, window)] = float((with_programme - without)[participant].mean())
    return SimulatedProgramme(frame, truth)


def simulate_school_panel(
    seed: int,
    *,
    schools: int = 40,
    programme_schools: int = 12,
    periods: int = 18,
    start: int = 9,
    level_change: float = 1.5,
    slope_change: float = 0.2,
) -> pd.DataFrame:
    """Termly attendance (%) of schools, the programme's (worse to begin with) starting at
    period ``start``: true level change ``level_change`` points, slope change ``slope_change``
    per term. Columns: school_urn, period, attendance, participant, start_period, term."""
    rng = np.random.default_rng(seed)
    base = rng.normal(92.0, 1.5, size=schools)
    programme = np.zeros(schools, dtype=bool)
    programme[np.argsort(base + rng.normal(0, 1.0, size=schools))[:programme_schools]] = True
    trend = rng.normal(-0.05, 0.05, size=schools)
    period = np.tile(np.arange(periods), schools)
    unit = np.repeat(np.arange(schools), periods)
    since = np.maximum(period - start, -1) + 1  # periods since the start, counting the first as 0 + 1
    after = period >= start
    effect = programme[unit] * after * (level_change + slope_change * (since - 1))
    season = np.array([0.6, -0.4, -0.2])[period % 3]
    noise = rng.normal(0, 0.6, size=schools * periods) + rng.normal(0, 0.4, size=schools)[unit]
    attendance = base[unit] + trend[unit] * period + season + effect + noise
    return pd.DataFrame(
        {
            "school_urn": (1000 + unit).astype(str),
            "period": period,
            "attendance": attendance,
            "participant": programme[unit],
            "start_period": start,
            "term": period % 3,
        }
    )
