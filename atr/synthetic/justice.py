"""Police domestic-abuse occurrences, adult custody and youth justice outcomes.

Police: each household-year with true domestic abuse has 1 + Poisson(0.8) incidents, of which
45% are reported and recorded (the rest stay hidden; CSEW finds most DA is never reported).
Children in the household are recorded *present* at 62% of recorded incidents (so about a third
of all DA occurrences have a child present, as the brief expects), otherwise 70% are recorded as
*resident*. 8% of occurrences are non-domestic incidents involving people who offend.
Custody: 30% of adult offending-years include a custody spell (remand, determinate or
indeterminate). Youth justice: first-time entrants per year are sized from the national rate per
100,000 children aged 10-17, chosen with weights from care, maltreatment, school exclusion, the
household trio, sex and deprivation, softened by protective factors; some reoffend.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import END, FY_START, YEARS
from atr.synthetic.population import Population
from atr.synthetic.sampling import stochastic_round, weighted_sample
from atr.synthetic.targets import FTE_PER_100K

IntArray = npt.NDArray[np.int64]
REPORTED = 0.45
CHILD_PRESENT = 0.62
CHILD_RESIDENT_RECORDED = 0.7
NON_DA_SHARE = 0.08
HO_CODES = ("105A", "8G", "8L", "9A", "3B")  # common assault, ABH, harassment, public fear, threats to kill
CUSTODY_SHARE = 0.3


def _random_adults(
    py: pd.DataFrame,
    rng: np.random.Generator,
    year: IntArray,
    district: IntArray,
    male: npt.NDArray[np.bool_],
) -> IntArray:
    """A random adult (male where asked) living in the given district in the given year."""
    out = np.full(year.size, -1, np.int64)
    adults = py.loc[py["age"].to_numpy() >= 18, ["person", "year", "district", "male"]]
    person = adults["person"].to_numpy()
    pools = adults.groupby(["year", "district", "male"]).indices
    for key, idx in (
        pd.DataFrame({"y": year, "d": district, "m": male}).groupby(["y", "d", "m"]).indices.items()
    ):
        pool = person[pools.get(key, np.empty(0, np.int64))]
        if pool.size:
            out[idx] = pool[rng.integers(0, pool.size, len(idx))]
    return out


def simulate_police(
    pop: Population, py: pd.DataFrame, hy: pd.DataFrame, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """Recorded occurrences (occurrence, day, household, da_flag, crime, ho_code, dash) and involvements."""
    da = hy[hy["da"].to_numpy()]
    n_incidents = 1 + rng.poisson(0.8, len(da))
    row = np.repeat(np.arange(len(da)), n_incidents)
    row = row[rng.random(row.size) < REPORTED]
    year = da["year"].to_numpy()[row]
    occ_day = np.minimum(FY_START[year] + rng.integers(0, 365, row.size), END)
    victim = da["da_victim"].to_numpy()[row]
    suspect = da["da_perpetrator"].to_numpy()[row]
    outside = suspect < 0
    suspect[outside] = _random_adults(
        py, rng, year[outside], da["district"].to_numpy()[row][outside], np.ones(int(outside.sum()), bool)
    )
    household = da["household"].to_numpy()[row]
    n_da = row.size
    # non-domestic occurrences between people who offend and others
    offenders = py[py["offending"].to_numpy()]
    extra = (
        rng.integers(0, max(len(offenders), 1), int(n_da * NON_DA_SHARE / (1 - NON_DA_SHARE)))
        if len(offenders)
        else np.empty(0, np.int64)
    )
    o = offenders.iloc[extra]
    o_victims = _random_adults(
        py, rng, o["year"].to_numpy(), o["district"].to_numpy(), rng.random(len(o)) < 0.6
    )
    occ = pd.DataFrame(
        {
            "occurrence": np.arange(n_da + len(o)),
            "day": np.concatenate(
                [occ_day, np.minimum(FY_START[o["year"].to_numpy()] + rng.integers(0, 365, len(o)), END)]
            ),
            "household": np.concatenate([household, o["household"].to_numpy()]),
            "year": np.concatenate([year, o["year"].to_numpy()]),
            "da_flag": np.concatenate([np.ones(n_da, bool), np.zeros(len(o), bool)]),
        }
    )
    occ["crime"] = np.where(occ["da_flag"], rng.random(len(occ)) < 0.5, True)
    occ["ho_code"] = np.where(
        occ["crime"], np.array(HO_CODES)[rng.choice(5, len(occ), p=[0.4, 0.2, 0.2, 0.15, 0.05])], ""
    )
    occ["dash"] = np.where(
        occ["da_flag"],
        np.array(["standard", "medium", "high", "not_completed"])[
            rng.choice(4, len(occ), p=[0.6, 0.28, 0.08, 0.04])
        ],
        "",
    )
    parties = [
        pd.DataFrame(
            {
                "occurrence": np.arange(n_da),
                "person": victim,
                "role": "victim",
                "relationship": np.where(outside, "ex_partner", "partner"),
            }
        ),
        pd.DataFrame(
            {"occurrence": np.arange(n_da), "person": suspect, "role": "suspect", "relationship": ""}
        ),
        pd.DataFrame(
            {
                "occurrence": n_da + np.arange(len(o)),
                "person": o["person"].to_numpy(),
                "role": "suspect",
                "relationship": "",
            }
        ),
        pd.DataFrame(
            {
                "occurrence": n_da + np.arange(len(o)),
                "person": o_victims,
                "role": "victim",
                "relationship": "none",
            }
        ),
    ]
    parties.append(_children_at(py, pop, occ.iloc[:n_da], suspect, rng))
    inv = pd.concat(parties, ignore_index=True)
    inv = inv[inv["person"] >= 0].sort_values(["occurrence", "role"]).reset_index(drop=True)
    return {"occurrence": occ, "involvement": inv}


def _children_at(
    py: pd.DataFrame, pop: Population, occ: pd.DataFrame, suspect: IntArray, rng: np.random.Generator
) -> pd.DataFrame:
    kids = py.loc[py["age"].to_numpy() < 18, ["person", "household", "year"]]
    present = pd.Series(rng.random(len(occ)) < CHILD_PRESENT, index=occ["occurrence"].to_numpy())
    m = occ[["occurrence", "household", "year"]].merge(kids, on=["household", "year"])
    is_present = present.reindex(m["occurrence"].to_numpy()).to_numpy()
    recorded = is_present | (rng.random(len(m)) < CHILD_RESIDENT_RECORDED)
    m = m[recorded]
    is_present = is_present[recorded]
    sus = (
        pd.Series(suspect, index=occ["occurrence"].to_numpy()).reindex(m["occurrence"].to_numpy()).to_numpy()
    )
    links = set(
        zip(pop.parents["child"].to_numpy().tolist(), pop.parents["parent"].to_numpy().tolist(), strict=True)
    )
    is_child_of_suspect = np.array(
        [(c, s) in links for c, s in zip(m["person"].to_numpy().tolist(), sus.tolist(), strict=True)],
        dtype=bool,
    )
    return pd.DataFrame(
        {
            "occurrence": m["occurrence"].to_numpy(),
            "person": m["person"].to_numpy(),
            "role": np.where(is_present, "child_present", "child_resident"),
            "relationship": np.where(is_child_of_suspect, "child", "other_family"),
        }
    )


def simulate_custody(py: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Adult custody spells: person, start, end (may pass the window), sentence_type, household."""
    off = py[py["offending"].to_numpy()]
    off = off[rng.random(len(off)) < CUSTODY_SHARE]
    kind = np.array(["remand", "determinate", "indeterminate"])[rng.choice(3, len(off), p=[0.22, 0.74, 0.04])]
    start = FY_START[off["year"].to_numpy()] + rng.integers(0, 365, len(off))
    length = np.select(
        [kind == "remand", kind == "determinate"],
        [rng.integers(14, 150, len(off)), rng.integers(90, 900, len(off))],
        rng.integers(1500, 4000, len(off)),
    )
    custody = pd.DataFrame(
        {
            "person": off["person"].to_numpy(),
            "household": off["household"].to_numpy(),
            "year": off["year"].to_numpy(),
            "district": off["district"].to_numpy(),
            "start": np.minimum(start, END),
            "end": start + length,
            "sentence_type": kind,
        }
    )
    custody = custody.sort_values(["person", "start"])
    overlapping = (custody["person"] == custody["person"].shift()) & (
        custody["start"] < custody["end"].shift()
    )
    return custody[~overlapping].reset_index(drop=True)


def simulate_youth_justice(py: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Youth justice outcomes: person, district, offence and outcome days, type, gravity, first-time flag."""
    age = py["age"].to_numpy()
    columns = [
        "person",
        "year",
        "district",
        "age",
        "hh_da",
        "hh_mh",
        "hh_sm",
        "in_care",
        "maltreated",
        "suspensions",
        "permanently_excluded",
        "male",
        "depz",
        "stable_home",
        "consistent_carer",
    ]
    teen = py.loc[(age >= 10) & (age <= 17), columns].reset_index(drop=True)
    trio = teen["hh_da"].to_numpy().astype(int) + teen["hh_mh"].to_numpy() + teen["hh_sm"].to_numpy()
    weight = np.exp(
        1.3 * teen["in_care"].to_numpy()
        + 0.8 * teen["maltreated"].to_numpy()
        + 1.0 * (teen["suspensions"].to_numpy() > 0)
        + 1.2 * teen["permanently_excluded"].to_numpy()
        + 0.5 * trio
        + 1.2 * teen["male"].to_numpy()
        + 0.4 * teen["depz"].to_numpy()
        + 0.5 * (teen["age"].to_numpy() >= 15)
        - 0.4 * teen["stable_home"].to_numpy()
        - 0.4 * teen["consistent_carer"].to_numpy()
    )
    person, year, district = teen["person"].to_numpy(), teen["year"].to_numpy(), teen["district"].to_numpy()
    done = np.zeros(int(py["person"].max()) + 1, bool)
    first = []
    for y in range(YEARS):
        for d in range(5):
            cohort = np.flatnonzero((year == y) & (district == d))
            rows = cohort[~done[person[cohort]]]
            count = stochastic_round(rng, FTE_PER_100K / 100_000 * cohort.size)
            chosen = rows[weighted_sample(rng, weight[rows], count)]
            done[person[chosen]] = True
            first.append(chosen)
    fte = teen.iloc[np.concatenate(first)]
    offence = FY_START[fte["year"].to_numpy()] + rng.integers(0, 365, len(fte))
    repeats = rng.poisson(0.7, len(fte))
    rep_row = np.repeat(np.arange(len(fte)), repeats)
    rep_offence = offence[rep_row] + rng.integers(30, 700, rep_row.size)
    person = np.concatenate([fte["person"].to_numpy(), fte["person"].to_numpy()[rep_row]])
    offence_day = np.concatenate([offence, rep_offence])
    first_flag = np.concatenate([np.ones(len(fte), bool), np.zeros(rep_row.size, bool)])
    district = np.concatenate([fte["district"].to_numpy(), fte["district"].to_numpy()[rep_row]])
    outcome_day = offence_day + rng.integers(14, 120, offence_day.size)
    types = np.array(
        [
            "youth_caution",
            "youth_conditional_caution",
            "referral_order",
            "youth_rehabilitation_order",
            "custody",
            "other",
        ]
    )
    kind = np.where(
        first_flag,
        rng.choice(6, person.size, p=[0.4, 0.2, 0.3, 0.07, 0.01, 0.02]),
        rng.choice(6, person.size, p=[0.1, 0.15, 0.3, 0.3, 0.1, 0.05]),
    )
    gravity = np.clip(rng.poisson(2.5, person.size) + 1 + (kind >= 3), 1, 8)
    out = pd.DataFrame(
        {
            "person": person,
            "district": district,
            "offence": offence_day,
            "outcome": outcome_day,
            "outcome_type": types[kind],
            "gravity": gravity,
            "first_time": first_flag,
        }
    )
    return out[out["outcome"] <= END].sort_values(["person", "offence"]).reset_index(drop=True)
