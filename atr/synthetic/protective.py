"""Protective factors in children's lives, year by year: a stable home and a consistent carer.

They are truth (the services never record them as such) and they soften school and youth
justice outcomes, so "adversity is not destiny" is in the data: a child with the toxic trio at
home but a stable home and a consistent carer has lower risks than one without. Stable school
attendance, the third factor, is computed from the simulated attendance in ``schooling``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atr.synthetic.demography import FY_END, FY_START, START, YEARS
from atr.synthetic.population import Population
from atr.synthetic.timeline import IntervalIndex

STABLE_DAYS = 730  # same address and household for two years


def add_protective_factors(
    pop: Population, history: pd.DataFrame, py: pd.DataFrame, cla: pd.DataFrame
) -> None:
    """Adds ``in_care``, ``stable_home`` and ``consistent_carer`` to ``py`` (children's rows)."""
    person = py["person"].to_numpy().astype(np.int64)
    year = py["year"].to_numpy().astype(np.int64)
    day = py["day"].to_numpy().astype(np.int64)
    household = py["household"].to_numpy().astype(np.int64)
    dob = pop.people["dob"].to_numpy()

    # in care at any time in the financial year
    key = person * YEARS + year
    in_care_keys = []
    for y in range(YEARS):
        overlap = cla[(cla["start"] <= FY_END[y]) & (cla["end"] > FY_START[y])]
        in_care_keys.append(overlap["person"].to_numpy().astype(np.int64) * YEARS + y)
    py["in_care"] = np.isin(key, np.concatenate(in_care_keys))

    members = pop.members
    member_row = IntervalIndex.from_frame(members, "person", "household").row(person, day)
    joined = np.where(member_row >= 0, members["start"].to_numpy()[np.maximum(member_row, 0)], day)
    address_row = IntervalIndex.from_frame(history, "household", "address").row(household, day)
    moved_in = np.where(address_row >= 0, history["start"].to_numpy()[np.maximum(address_row, 0)], day)
    settled_since = np.maximum(joined, moved_in)
    # spells that began with the window (1 April 2019) are taken as settled from before it
    settled = (
        (day - settled_since >= STABLE_DAYS) | (settled_since <= dob[person] + 1) | (settled_since <= START)
    )
    py["stable_home"] = settled & ~py["in_care"].to_numpy()

    links = pop.parents[pop.parents["relation"].isin(["mother", "father"])]
    frame = pd.DataFrame({"row": np.arange(len(py)), "child": person, "day": day, "household": household})
    frame = frame[py["age"].to_numpy() < 18].merge(links[["child", "parent"]], on="child")
    parent_household = IntervalIndex.from_frame(members, "person", "household").lookup(
        frame["parent"].to_numpy().astype(np.int64), frame["day"].to_numpy()
    )
    with_parent = frame.loc[parent_household == frame["household"].to_numpy(), "row"].unique()
    carer = np.zeros(len(py), bool)
    carer[with_parent] = True
    py["consistent_carer"] = carer & ~py["in_care"].to_numpy()
