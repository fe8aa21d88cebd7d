"""Which adversities are true, and which the records show: the rows of the ``adversity`` truth tables.

The true side comes from the simulation's latent states (household domestic abuse, mental ill
health and substance misuse, maltreatment, a household member in custody, the adult domains of
multiple disadvantage); the recorded side from ``truth_recorded`` (derive's rules applied to the
extracts as written). ``true_adversity`` joins them, so a row can be true, recorded, or both.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import FY_END, YEARS
from atr.synthetic.partners import PartnerExtract
from atr.synthetic.truth_recorded import (
    TRUTH_CATEGORY,
    birthdays,
    record_evidence,
    recorded_adversity,
    summarise,
)
from atr.synthetic.world import World

PLAN_CATEGORY = {"NEG": "neglect", "EMO": "emotional_abuse", "PHY": "physical_abuse", "SAB": "sexual_abuse"}


def recorded_events(extracts: list[PartnerExtract]) -> pd.DataFrame:
    """Every piece of evidence in the extracts (``truth_recorded.record_evidence``).

    Must run before ``partners.finalize`` replaces true person numbers with raw ids.
    """
    return record_evidence(extracts)


def adults(world: World) -> npt.NDArray[np.bool_]:
    """Rows of ``world.py`` that are adults as ``adult_year`` counts them: 18 by 31 March (the
    birthday taken as the first of its month), so truth and derive count the same people."""
    _, adult_day = birthdays(world)
    mask: npt.NDArray[np.bool_] = (
        adult_day[world.py["person"].to_numpy()] <= FY_END[world.py["year"].to_numpy().astype(np.int64)]
    )
    return mask


def adult_domains(world: World) -> pd.DataFrame:
    """Per adult-year (``adults``): the true domains of multiple disadvantage, in the issue's meanings.

    The issue defines each domain by the service that sees it, and capture-recapture estimates
    everyone with the condition a list captures, seen or not; so the truth takes, per domain, the
    latent state from which the generator makes that list, never a narrower one:

    - ``homeless``: a member of a household that was homeless that year. A homelessness case
      lists every member of the household (``health_housing.simulate_housing``), so everyone in
      it is homeless, not only the adult the generator drew as homeless;
    - ``mental_health``: severe mental ill-health, or the milder problem
      (``adversity.milder_mental_health``) in a year the person has it, referred or not. The
      trust is referred both, and housing officers record both as a mental-health support need,
      so both lists capture this domain;
    - ``offending`` and ``substance``: the generator's offending and dependency in the year
      (custody and treatment are drawn from these); a spell carried into a later year is
      recorded there (``adult_year``) without the latent state;
    - ``da_victim``: a victim of domestic abuse (not a domain; kept for reference).
    """
    py = world.py
    adult = adults(world)
    person = py["person"].to_numpy().astype(np.int64)
    year = py["year"].to_numpy().astype(np.int64)
    household_year = py["household"].to_numpy().astype(np.int64) * YEARS + year
    homeless_households = np.unique(household_year[py["homeless"].to_numpy(bool)])
    frame = pd.DataFrame(
        {
            "person": person,
            "year": year,
            "homeless": np.isin(household_year, homeless_households),
            "offending": py["offending"].to_numpy(bool),
            "substance": py["substance"].to_numpy(bool),
            "mental_health": py["mental_health"].to_numpy(bool) | py["milder_mental_health"].to_numpy(bool),
            "da_victim": py["da_victim"].to_numpy(bool),
        }
    )
    return frame[adult].reset_index(drop=True)


def true_adversity(world: World, evidence: pd.DataFrame) -> pd.DataFrame:
    """Every adversity, true or recorded: (person, year, subject, category, carrier, is_true,
    record_category, recorded, recorded_in, recorded_about_adult_in).

    ``recorded_in`` lists the datasets whose records about the person show the adversity that
    year under derive's rules, ``recorded_about_adult_in`` those about an adult of the child's
    household (``truth_recorded``); rows that records show but the truth does not hold have
    ``is_true`` FALSE (e.g. a treatment, custody or referral spell carried into a year without the state).
    """
    py, hy = world.py, world.hy
    hy_index = pd.Series(np.arange(len(hy)), index=hy["household"].to_numpy() * YEARS + hy["year"].to_numpy())
    row = hy_index.reindex(
        py["household"].to_numpy().astype(np.int64) * YEARS + py["year"].to_numpy()
    ).to_numpy()
    child = (py["age"].to_numpy() < 18) & ~py["in_care"].to_numpy()
    parts = []
    for flag, carrier, category in (
        ("hh_da", "da_victim", "household_domestic_abuse"),
        ("hh_mh", "mh_person", "household_mental_ill_health"),
        ("hh_sm", "sm_person", "household_substance_misuse"),
    ):
        at = np.flatnonzero(child & py[flag].to_numpy())
        parts.append(
            pd.DataFrame(
                {
                    "person": py["person"].to_numpy()[at],
                    "year": py["year"].to_numpy()[at],
                    "category": category,
                    "carrier": hy[carrier].to_numpy()[row[at]],
                    "subject": "child",
                }
            )
        )
    at = np.flatnonzero(py["maltreated"].to_numpy())
    parts.append(
        pd.DataFrame(
            {
                "person": py["person"].to_numpy()[at],
                "year": py["year"].to_numpy()[at],
                "category": py["maltreatment"].map(PLAN_CATEGORY).to_numpy()[at],
                "carrier": -1,
                "subject": "child",
            }
        )
    )
    jail = world.custody.drop_duplicates(["household", "year"])
    kids = py.loc[child, ["person", "household", "year"]].merge(
        jail[["household", "year", "person"]].rename(columns={"person": "carrier"}), on=["household", "year"]
    )
    parts.append(
        kids[["person", "year", "carrier"]].assign(category="household_imprisonment", subject="child")
    )
    domains = adult_domains(world)
    for flag, category in (
        ("da_victim", "domestic_abuse_victim"),
        ("mental_health", "mental_ill_health"),
        ("substance", "substance_dependency"),
        ("homeless", "homelessness"),
        ("offending", "offending"),
    ):
        at = np.flatnonzero(domains[flag].to_numpy(bool))
        parts.append(
            pd.DataFrame(
                {
                    "person": domains["person"].to_numpy()[at],
                    "year": domains["year"].to_numpy()[at],
                    "category": category,
                    "carrier": -1,
                    "subject": "adult",
                }
            )
        )
    adv = pd.concat(parts, ignore_index=True)
    adv["person"] = adv["person"].astype(np.int64)
    adv["carrier"] = adv["carrier"].astype(np.int64)
    adv["record_category"] = adv["category"].map(TRUTH_CATEGORY).fillna(adv["category"])
    adv = adv.drop_duplicates(["person", "year", "subject", "category"])
    recorded = summarise(recorded_adversity(world, evidence)).rename(columns={"category": "record_category"})
    both = adv.assign(is_true=True).merge(
        recorded, on=["person", "year", "subject", "record_category"], how="outer"
    )
    both["is_true"] = both["is_true"].astype("boolean").fillna(False).astype(bool)
    both["category"] = both["category"].fillna(both["record_category"])
    both["carrier"] = both["carrier"].fillna(-1).astype(np.int64)
    for column in ("recorded_in", "recorded_about_adult_in"):
        both[column] = both[column].fillna("").astype(str)
    both["recorded"] = (both["recorded_in"] != "") | (both["recorded_about_adult_in"] != "")
    return both.reset_index(drop=True)
