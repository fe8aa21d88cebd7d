"""Mental-health referrals, substance-misuse treatment, homelessness cases and GP registrations.

Recording probabilities (the rest of the need stays hidden; the truth keeps both):
- severe mental ill-health: a referral to the trust in 45% of the years an adult has it; the
  milder problem (``adversity.milder_mental_health``) in 30% of its years (about 2% of other
  adults a year); 3% of children aged 10-17, weighted by adversity;
- alcohol or drug dependency: a treatment episode in 35% of the years (OHID estimates most
  dependent drinkers are not in treatment) [recalled];
- homelessness: a statutory case for 75% of homeless households a year (the other 25% never
  approach the council: the hidden homelessness ``atr demo`` gives derive as
  ``homelessness_coverage``); support needs recorded from the applicant's true conditions
  (mental health, severe or milder, 70%; dependency 60%; domestic abuse 80%; offending 60%);
- GP registration: 99% of people, a new practice when they move to another MSOA.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.adversity import MILDER_MH_REFERRED
from atr.synthetic.demography import END, FY_START, YEARS
from atr.synthetic.places import Institutions
from atr.synthetic.population import Population
from atr.synthetic.timeline import IntervalIndex

IntArray = npt.NDArray[np.int64]
MH_RECORDED, SM_RECORDED, HOMELESS_RECORDED = 0.45, 0.35, 0.75
DRUGS = ("1011", "3201", "3200", "5000", "3100", "2200")
ADULT_TEAMS = ("A05", "A06", "A08", "A12", "A13", "A14", "A16")
MH_SOURCES = ("A1", "A1", "A1", "B1", "E1", "H1", "C1", "A2")
MH_REASONS = ("01", "08", "10", "11", "12", "15", "18")


def _year_day(rng: np.random.Generator, year: npt.NDArray[np.int64]) -> IntArray:
    days: IntArray = np.minimum(FY_START[year] + rng.integers(0, 365, year.size), END)
    return days


def simulate_mental_health(py: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Referrals: person, district, received, discharge, source, reason, team, severe (truth)."""
    adult = py["age"].to_numpy() >= 18
    severe = py["mental_health"].to_numpy() & (rng.random(len(py)) < MH_RECORDED)
    milder = adult & py["milder_mental_health"].to_numpy(bool) & (rng.random(len(py)) < MILDER_MH_REFERRED)
    trio = py["hh_da"].to_numpy().astype(int) + py["hh_mh"].to_numpy() + py["hh_sm"].to_numpy()
    teen = (py["age"].to_numpy() >= 10) & ~adult
    camhs = teen & (
        rng.random(len(py))
        < 0.03 * np.exp(0.4 * trio + 0.8 * py["maltreated"].to_numpy() + 0.6 * py["in_care"].to_numpy())
    )
    chosen = np.flatnonzero(severe | milder | camhs)
    r = py.iloc[chosen]
    received = _year_day(rng, r["year"].to_numpy())
    child = r["age"].to_numpy() < 18
    return pd.DataFrame(
        {
            "person": r["person"].to_numpy(),
            "district": r["district"].to_numpy(),
            "received": received,
            "discharge": received + rng.exponential(200, len(r)).astype(np.int64) + 7,
            "source": np.where(
                child,
                np.array(["D1", "A1", "C1"])[rng.integers(0, 3, len(r))],
                np.array(MH_SOURCES)[rng.integers(0, len(MH_SOURCES), len(r))],
            ),
            "reason": np.array(MH_REASONS)[rng.integers(0, len(MH_REASONS), len(r))],
            "team": np.where(child, "F01", np.array(ADULT_TEAMS)[rng.integers(0, len(ADULT_TEAMS), len(r))]),
            "severe": py["mental_health"].to_numpy()[chosen],
        }
    )


def simulate_substance(
    pop: Population, py: pd.DataFrame, hy: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Treatment episodes with parental status worked out from who the client lives with."""
    sm = py[py["substance"].to_numpy() & (rng.random(len(py)) < SM_RECORDED)]
    hy_alcohol = pd.Series(
        hy["sm_alcohol"].to_numpy(), index=hy["household"].to_numpy() * YEARS + hy["year"].to_numpy()
    )
    alcohol = (
        hy_alcohol.reindex(sm["household"].to_numpy().astype(np.int64) * YEARS + sm["year"].to_numpy())
        .fillna(False)
        .to_numpy(bool)
    )
    referral = _year_day(rng, sm["year"].to_numpy())
    triage = referral + rng.integers(0, 21, len(sm))
    kids = py.loc[py["age"].to_numpy() < 18, ["person", "household", "year"]]
    living = kids.groupby(["household", "year"]).size()
    n_living = (
        living.reindex(pd.MultiIndex.from_arrays([sm["household"].to_numpy(), sm["year"].to_numpy()]))
        .fillna(0)
        .to_numpy(np.int64)
    )
    own = pop.parents.merge(kids, left_on="child", right_on="person")
    own = own[own["parent"].isin(sm["person"])]
    own_key = own["parent"].to_numpy().astype(np.int64) * YEARS + own["year"].to_numpy()
    sm_key = sm["person"].to_numpy().astype(np.int64) * YEARS + sm["year"].to_numpy()
    own_count = pd.Series(own_key).value_counts().reindex(sm_key).fillna(0).to_numpy(np.int64)
    own_with = own[
        own["household"].to_numpy()
        == pd.Series(sm["household"].to_numpy(), index=sm_key)
        .groupby(level=0)
        .first()
        .reindex(own_key)
        .to_numpy()
    ]
    with_count = (
        pd.Series(own_with["parent"].to_numpy().astype(np.int64) * YEARS + own_with["year"].to_numpy())
        .value_counts()
        .reindex(sm_key)
        .fillna(0)
        .to_numpy(np.int64)
    )
    status = np.select([own_count == 0, with_count == own_count, with_count > 0], ["14", "11", "12"], "13")
    status = np.where(rng.random(len(sm)) < 0.06, "15", status)
    drug = np.array(DRUGS)[rng.integers(0, len(DRUGS), len(sm))]
    return pd.DataFrame(
        {
            "person": sm["person"].to_numpy(),
            "district": sm["district"].to_numpy(),
            "referral": referral,
            "triage": triage,
            "discharge": triage + rng.exponential(220, len(sm)).astype(np.int64) + 14,
            "drug_1": np.where(alcohol, "7000", drug),
            "drug_2": np.where(rng.random(len(sm)) < 0.3, np.where(alcohol, drug, "7000"), ""),
            "parental_status": status,
            "children_living": n_living,
        }
    )


def simulate_housing(pop: Population, py: pd.DataFrame, rng: np.random.Generator) -> dict[str, pd.DataFrame]:
    """Homelessness cases (approach on the true homelessness day) with members and needs."""
    homeless = py[py["homeless"].to_numpy()].drop_duplicates(["household", "year"])
    # one draw per household: an approach brings the whole household onto the case
    hl = homeless[rng.random(len(homeless)) < HOMELESS_RECORDED].assign(
        any_mental_health=lambda f: (
            f["mental_health"].to_numpy(bool) | f["milder_mental_health"].to_numpy(bool)
        )
    )
    case = pd.DataFrame(
        {
            "case": np.arange(len(hl)),
            "person": hl["person"].to_numpy(),
            "household": hl["household"].to_numpy(),
            "year": hl["year"].to_numpy(),
            "district": hl["district"].to_numpy(),
            "approach": hl["homeless_day"].to_numpy(),
        }
    )
    case["outcome"] = np.array(["prevention_duty", "relief_duty", "no_duty", "ineligible"])[
        rng.choice(4, len(case), p=[0.4, 0.45, 0.1, 0.05])
    ]
    reasons = np.array(
        [
            "family_friends_no_longer_willing",
            "end_of_private_rented_tenancy",
            "non_violent_relationship_breakdown",
            "eviction_from_supported_housing",
            "left_institution",
            "other",
        ]
    )
    da = hl["da_victim"].to_numpy()
    case["reason"] = np.where(
        da, "domestic_abuse", reasons[rng.choice(6, len(case), p=[0.3, 0.25, 0.15, 0.08, 0.07, 0.15])]
    )
    members = py[["person", "household", "year", "age"]].merge(
        case[["case", "household", "year", "person"]].rename(columns={"person": "applicant"}),
        on=["household", "year"],
    )
    female = pop.people["female"].to_numpy()
    applicant_sex = female[members["applicant"].to_numpy()]
    members["relationship"] = np.select(
        [
            members["person"] == members["applicant"],
            members["age"] < 18,
            (members["age"] >= 18) & (female[members["person"].to_numpy()] != applicant_sex),
        ],
        ["main_applicant", "child", "partner"],
        "other",
    )
    partner = (
        (members["relationship"] == "partner")
        .groupby(members["case"])
        .any()
        .reindex(case["case"])
        .fillna(False)
        .to_numpy(int)
    )
    children = (
        (members["relationship"] == "child")
        .groupby(members["case"])
        .sum()
        .reindex(case["case"])
        .fillna(0)
        .to_numpy(int)
    )
    case["household_type"] = np.select(
        [(partner == 0) & (children == 0), (partner == 1) & (children == 0), partner == 0],
        ["single", "couple", "single_with_children"],
        "couple_with_children",
    )
    needs = []
    for flag, need, p in (
        ("any_mental_health", "mental_health", 0.7),
        ("da_victim", "domestic_abuse", 0.8),
        ("offending", "offending", 0.6),
    ):
        hit = hl[flag].to_numpy() & (rng.random(len(hl)) < p)
        needs.append(
            pd.DataFrame(
                {"case": case["case"].to_numpy()[hit], "person": hl["person"].to_numpy()[hit], "need": need}
            )
        )
    dep = hl["substance"].to_numpy() & (rng.random(len(hl)) < 0.6)
    needs.append(
        pd.DataFrame(
            {
                "case": case["case"].to_numpy()[dep],
                "person": hl["person"].to_numpy()[dep],
                "need": np.where(rng.random(int(dep.sum())) < 0.5, "alcohol_dependency", "drug_dependency"),
            }
        )
    )
    other = rng.random(len(hl)) < 0.15
    needs.append(
        pd.DataFrame(
            {
                "case": case["case"].to_numpy()[other],
                "person": hl["person"].to_numpy()[other],
                "need": np.array(["physical_ill_health", "learning_disability", "young_parent", "other"])[
                    rng.integers(0, 4, int(other.sum()))
                ],
            }
        )
    )
    return {
        "case": case,
        "member": members[["case", "person", "relationship"]],
        "need": pd.concat(needs, ignore_index=True),
    }


def simulate_gp(
    pop: Population, person_address: pd.DataFrame, inst: Institutions, rng: np.random.Generator
) -> pd.DataFrame:
    """Registrations: person, practice, start, end (-1 open); a new practice on moving MSOA."""
    pa = person_address.sort_values(["person", "start"])
    practice = inst.practice[pa["lsoa"].to_numpy()]
    same = (pa["person"].to_numpy()[1:] == pa["person"].to_numpy()[:-1]) & (practice[1:] == practice[:-1])
    new = np.concatenate([[True], ~same])
    spell = np.cumsum(new) - 1
    reg = (
        pd.DataFrame(
            {
                "person": pa["person"].to_numpy(),
                "practice": practice,
                "start": pa["start"].to_numpy(),
                "end": pa["end"].to_numpy(),
                "lsoa": pa["lsoa"].to_numpy(),
            }
        )
        .groupby(spell)
        .agg(
            person=("person", "first"),
            practice=("practice", "first"),
            start=("start", "min"),
            end=("end", "max"),
            lsoa=("lsoa", "last"),
        )
    )
    dob = pop.people["dob"].to_numpy()[reg["person"].to_numpy()]
    first = ~reg["person"].duplicated().to_numpy()
    earlier = reg["start"].to_numpy() - (
        rng.random(len(reg)) * np.maximum(reg["start"].to_numpy() - dob, 0) * 0.6
    ).astype(np.int64)
    reg["start"] = np.where(
        first,
        np.maximum(earlier, dob),
        np.minimum(reg["start"].to_numpy() + rng.integers(0, 60, len(reg)), reg["end"].to_numpy() - 1),
    )
    reg["end"] = np.where(reg["end"].to_numpy() > END, -1, reg["end"].to_numpy())
    registered = rng.random(int(pop.people["person"].max()) + 1) < 0.99
    return reg[registered[reg["person"].to_numpy()]].reset_index(drop=True)


def person_addresses(pop: Population, history: pd.DataFrame) -> pd.DataFrame:
    """Each person's address spells: membership spells crossed with household address spells."""
    m = pop.members[["person", "household", "start", "end"]]
    joined = m.merge(history, on="household", suffixes=("", "_addr"))
    start = np.maximum(joined["start"].to_numpy(), joined["start_addr"].to_numpy())
    end = np.minimum(joined["end"].to_numpy(), joined["end_addr"].to_numpy())
    keep = start < end
    out = pd.DataFrame(
        {
            "person": joined["person"].to_numpy()[keep],
            "household": joined["household"].to_numpy()[keep],
            "address": joined["address"].to_numpy()[keep],
            "start": start[keep],
            "end": end[keep],
        }
    )
    out["lsoa"] = pop.addresses.lsoa_of(out["address"].to_numpy())
    return out.sort_values(["person", "start"]).reset_index(drop=True)


def address_at(person_address: pd.DataFrame, person: IntArray, day: IntArray) -> IntArray:
    """Address id of each person on each day (-1 if none)."""
    return IntervalIndex.from_frame(person_address, "person", "address").lookup(person, day)
