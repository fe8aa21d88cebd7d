"""School life: enrolment, attendance, suspensions and exclusions, SEN, free school meals.

Absence responds to adversity and protective factors. Each pupil-year has a latent
``z = a_year + 0.35·trio + 0.7·maltreated + 0.4·social care + 0.45·FSM + 0.4·SEN
+ 0.25·deprivation + 0.3·secondary − 0.35·stable home − 0.35·consistent carer + pupil + noise``;
the absence rate is ``10% × e^z`` so persistent absence (10%+) is exactly ``z > 0``, and
``a_year`` is set by quantile so the share persistently absent matches the national figure for
the year (``targets.PERSISTENT_ABSENCE_BY_YEAR``). Suspensions are Poisson with a log-rate on the
same factors, scaled to the national rate per 100 pupils of each year. Summer 2019/20 has no
attendance (schools closed for COVID); 2024/25 stops at 31 March 2025 (autumn and spring only).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import END, YEARS, day
from atr.synthetic.places import Institutions
from atr.synthetic.population import Population
from atr.synthetic.targets import (
    PERMANENT_EXCLUSIONS_PER_100,
    PERSISTENT_ABSENCE_BY_YEAR,
    SUSPENSIONS_PER_100_BY_YEAR,
)

AY_LABELS = tuple(PERSISTENT_ABSENCE_BY_YEAR)
AY_START = np.array([day(date(2019 + a, 9, 1)) for a in range(YEARS)])
TERMS = (("AUT", 9, 3, 140), ("SPR", 1, 6, 118), ("SUM", 4, 20, 122))  # name, month, start day, sessions
FSM_SHARE = 0.24  # England 2023/24: 24.6% of pupils eligible [recalled]
SEN_SUPPORT, EHC_PLAN = 0.136, 0.048  # England 2023/24 [recalled]
SEN_TYPES = ("SEMH", "SLCN", "MLD", "ASD", "SPLD", "OTH", "PD", "HI", "VI", "NSA")
SUSPENSION_REASONS = ("PD", "VA", "PA", "PP", "VP", "DA", "BU", "DM", "OW", "TH")
LEGACY_REASONS = ("PD", "VA", "PA", "PP", "VP", "DA", "BU", "DM", "OT", "TH")


def _term_days(a: int) -> list[tuple[str, int, int]]:
    """(term, first day, sessions possible) of academic year ``a`` inside the window."""
    out = []
    for name, month, start_day, sessions in TERMS:
        year = 2019 + a + (0 if month >= 9 else 1)
        first = day(date(year, month, start_day))
        if first > END or (a == 0 and name == "SUM"):
            continue
        out.append((name, first, sessions))
    return out


def simulate_school(
    pop: Population, py: pd.DataFrame, inst: Institutions, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """Truth tables for school: enrolment, attendance, exclusion, sen, fsm; flags added to ``py``."""
    dob = pop.people["dob"].to_numpy()
    person = py["person"].to_numpy().astype(np.int64)
    year = py["year"].to_numpy()
    census_age = (AY_START[year] - 1 - dob[person]) // 365.25
    stays_on = rng.random(len(pop.people))[person] < 0.45
    pupil = (census_age >= 4) & ((census_age <= 15) | ((census_age <= 17) & stays_on))
    rows = np.flatnonzero(pupil)
    needed = [
        "person",
        "year",
        "household",
        "lsoa",
        "hh_da",
        "hh_mh",
        "hh_sm",
        "in_care",
        "maltreated",
        "cin_open",
        "stable_home",
        "consistent_carer",
    ]
    p = py[needed].iloc[rows]
    lsoa = p["lsoa"].to_numpy()
    secondary = census_age[rows] >= 11
    urn = np.where(secondary, inst.school_urn_secondary[lsoa], inst.school_urn_primary[lsoa])
    geo = pop.geo
    depz = geo.depz[lsoa]
    trio = (p["hh_da"].to_numpy().astype(int) + p["hh_mh"].to_numpy() + p["hh_sm"].to_numpy()) * ~p[
        "in_care"
    ].to_numpy()
    n_people = len(pop.people)
    pupil_effect = rng.standard_normal(n_people)[p["person"].to_numpy()]
    sen_latent = (
        0.3 * depz
        + 0.6 * p["maltreated"].to_numpy()
        + 0.35 * ~pop.people["female"].to_numpy()[p["person"].to_numpy()]
        + rng.standard_normal(n_people)[p["person"].to_numpy()]
    )
    sen = np.where(
        sen_latent > np.quantile(sen_latent, 1 - EHC_PLAN),
        "E",
        np.where(sen_latent > np.quantile(sen_latent, 1 - EHC_PLAN - SEN_SUPPORT), "K", "N"),
    )
    fsm_latent = (
        1.2 * depz
        + 0.4 * (trio > 0)
        + rng.standard_normal(int(py["household"].max()) + 1)[p["household"].to_numpy()]
        + 0.4 * rng.standard_normal(rows.size)
    )
    fsm = np.zeros(rows.size, bool)
    for a in range(YEARS):
        at = np.flatnonzero(p["year"].to_numpy() == a)
        fsm[at] = fsm_latent[at] > np.quantile(fsm_latent[at], 1 - FSM_SHARE)
    social_care = p["cin_open"].to_numpy() if "cin_open" in p else np.zeros(rows.size, bool)
    protective = 0.35 * p["stable_home"].to_numpy() + 0.35 * p["consistent_carer"].to_numpy()
    z = (
        0.35 * trio
        + 0.7 * p["maltreated"].to_numpy()
        + 0.4 * social_care
        + 0.45 * fsm
        + 0.4 * (sen != "N")
        + 0.25 * depz
        + 0.3 * secondary
        - protective
        + 0.7 * pupil_effect
        + 0.6 * rng.standard_normal(rows.size)
    )
    log_suspend = (
        0.5 * trio
        + 0.8 * p["maltreated"].to_numpy()
        + 0.5 * social_care
        + 0.5 * fsm
        + 0.6 * (sen != "N")
        + 0.7 * ~pop.people["female"].to_numpy()[p["person"].to_numpy()]
        + 1.6 * secondary
        - protective
        + 0.8 * pupil_effect
    )
    pa = np.zeros(rows.size, bool)
    rate = np.zeros(rows.size)
    n_suspend = np.zeros(rows.size, np.int64)
    perm = np.zeros(rows.size, bool)
    for a in range(YEARS):
        at = np.flatnonzero(p["year"].to_numpy() == a)
        shift = -np.quantile(z[at], 1 - PERSISTENT_ABSENCE_BY_YEAR[AY_LABELS[a]] / 100)
        rate[at] = np.minimum(0.1 * np.exp(z[at] + shift), 0.95)
        pa[at] = z[at] + shift > 0
        weights = np.exp(log_suspend[at])
        mean = SUSPENSIONS_PER_100_BY_YEAR[AY_LABELS[a]] / 100 * at.size * weights / weights.sum()
        n_suspend[at] = rng.poisson(mean)
        perm[at] = (
            rng.random(at.size)
            < PERMANENT_EXCLUSIONS_PER_100 / 100 * at.size * weights / weights.sum() * secondary[at] * 1.4
        )
    py["pupil"] = pupil
    py["persistent_absence"] = False
    py.loc[py.index[rows], "persistent_absence"] = pa
    py["suspensions"] = 0
    py.loc[py.index[rows], "suspensions"] = n_suspend
    py["permanently_excluded"] = False
    py.loc[py.index[rows], "permanently_excluded"] = perm
    base = pd.DataFrame(
        {
            "person": p["person"].to_numpy(),
            "ay": p["year"].to_numpy(),
            "urn": urn,
            "district": geo.district[lsoa],
            "sen": sen,
            "fsm": fsm,
            "rate": rate,
            "census_age": census_age[rows],
        }
    )
    return {
        "enrolment": _enrolment(base),
        "attendance": _attendance(base, rng, trio, fsm),
        "exclusion": _exclusions(base, n_suspend, perm, rng),
        "sen": _sen(base, p, rng),
        "fsm": _fsm(base, rng),
    }


def _enrolment(base: pd.DataFrame) -> pd.DataFrame:
    e = (
        base[["person", "ay", "urn", "district", "census_age"]]
        .sort_values(["person", "ay"])
        .reset_index(drop=True)
    )
    same_as_before = (e["person"] == e["person"].shift()) & (e["urn"] == e["urn"].shift())
    first_ay = e.groupby((~same_as_before).cumsum())["ay"].transform("min")
    phase_start = np.where(e["census_age"] >= 11, 11, 4)
    years_in = np.where(first_ay == 0, e["census_age"] - (e["ay"] - first_ay) - phase_start, 0).clip(0)
    e["entry"] = AY_START[first_ay.to_numpy()] - (years_in * 365.25).astype(np.int64)
    last = ~((e["person"] == e["person"].shift(-1)) & (e["urn"] == e["urn"].shift(-1)))
    e["leaving"] = np.where(
        last & (e["ay"] < YEARS - 1), AY_START[np.minimum(e["ay"].to_numpy() + 1, YEARS - 1)] - 40, -1
    )
    return e


def _attendance(
    base: pd.DataFrame, rng: np.random.Generator, trio: npt.NDArray[np.int64], fsm: npt.NDArray[np.bool_]
) -> pd.DataFrame:
    parts = []
    unauth_share = np.clip(
        0.25 + 0.15 * (trio > 0) + 0.1 * fsm + 0.3 * (base["rate"].to_numpy() > 0.1), 0, 0.9
    )
    for a in range(YEARS):
        at = np.flatnonzero(base["ay"].to_numpy() == a)
        for term, _, sessions in _term_days(a):
            possible = sessions - rng.integers(0, 5, at.size)
            term_rate = np.clip(base["rate"].to_numpy()[at] * np.exp(rng.normal(0, 0.15, at.size)), 0, 1)
            absent = rng.binomial(possible, term_rate)
            unauthorised = rng.binomial(absent, unauth_share[at])
            parts.append(
                pd.DataFrame(
                    {
                        "person": base["person"].to_numpy()[at],
                        "ay": a,
                        "term": term,
                        "urn": base["urn"].to_numpy()[at],
                        "district": base["district"].to_numpy()[at],
                        "possible": possible,
                        "authorised": absent - unauthorised,
                        "unauthorised": unauthorised,
                    }
                )
            )
    return pd.concat(parts, ignore_index=True)


def _exclusions(
    base: pd.DataFrame,
    n_suspend: npt.NDArray[np.int64],
    perm: npt.NDArray[np.bool_],
    rng: np.random.Generator,
) -> pd.DataFrame:
    row = np.concatenate([np.repeat(np.arange(len(base)), n_suspend), np.flatnonzero(perm)])
    category = np.concatenate([np.full(int(n_suspend.sum()), "SUSP"), np.full(int(perm.sum()), "PERM")])
    ay = base["ay"].to_numpy()[row]
    last_day = np.minimum(AY_START[ay] + 320, END)
    start = AY_START[ay] + (rng.random(row.size) * (last_day - AY_START[ay])).astype(np.int64)
    pick = rng.integers(0, len(SUSPENSION_REASONS), row.size)
    reason = np.where(ay >= 1, np.array(SUSPENSION_REASONS)[pick], np.array(LEGACY_REASONS)[pick])
    sessions = np.where(category == "SUSP", rng.integers(1, 11, row.size), 0)
    frame = pd.DataFrame(
        {
            "person": base["person"].to_numpy()[row],
            "ay": ay,
            "urn": base["urn"].to_numpy()[row],
            "district": base["district"].to_numpy()[row],
            "category": category,
            "start": start,
            "sessions": sessions,
            "reason": reason,
        }
    )
    return frame.sort_values(["person", "start"]).reset_index(drop=True)


def _sen(base: pd.DataFrame, p: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    s = base.loc[base["sen"] != "N", ["person", "ay", "urn", "district", "sen", "census_age"]].copy()
    maltreated = p["maltreated"].to_numpy()[base["sen"].to_numpy() != "N"]
    weights = np.tile(np.array([0.2, 0.2, 0.15, 0.14, 0.1, 0.06, 0.05, 0.02, 0.02, 0.06]), (len(s), 1))
    weights[:, 0] += 0.3 * maltreated
    weights[:, 1] += 0.2 * (s["census_age"].to_numpy() < 8)
    cumulative = weights.cumsum(axis=1)
    stable = rng.random(int(s["person"].max()) + 1 if len(s) else 1)[s["person"].to_numpy()]
    s["sen_type"] = np.array(SEN_TYPES)[(stable[:, None] * cumulative[:, -1:] > cumulative).sum(axis=1)]
    return s.reset_index(drop=True)


def _fsm(base: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    f = base.loc[base["fsm"], ["person", "ay", "district"]].sort_values(["person", "ay"])
    new_spell = (f["person"] != f["person"].shift()) | (f["ay"] != f["ay"].shift() + 1)
    spell = new_spell.cumsum()
    spells = f.groupby(spell).agg(
        person=("person", "first"), first=("ay", "min"), last=("ay", "max"), district=("district", "last")
    )
    start = AY_START[spells["first"].to_numpy()] + rng.integers(0, 200, len(spells)) * (
        spells["first"].to_numpy() > 0
    )
    end = np.where(
        spells["last"].to_numpy() == YEARS - 1,
        -1,
        AY_START[np.minimum(spells["last"].to_numpy() + 1, YEARS - 1)] - rng.integers(1, 200, len(spells)),
    )
    end = np.where(end < 0, -1, np.maximum(end, start + 30))
    return pd.DataFrame(
        {
            "person": spells["person"].to_numpy(),
            "district": spells["district"].to_numpy(),
            "start": start,
            "end": end,
        }
    )
