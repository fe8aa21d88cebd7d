"""What happens to households over 2019/20-2024/25: births, separations, marriages and moves.

Each event is drawn for every eligible person or household at once, per year. Rates (documented
in docs/synthetic.md): births from ``demography.birth_probability``; 2% of two-parent families a
year separate (the partner leaves to live alone in the same district); 1.5% a year of partnered
women not sharing their partner's surname take it; moves from ``demography.move_rate`` plus a
forced move after every true homelessness episode.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic import names
from atr.synthetic.demography import END, FY_START, NAME_GROUP, OPEN, YEARS, birth_probability, move_rate
from atr.synthetic.population import COUPLE, FAMILY, SINGLE, Population

IntArray = npt.NDArray[np.int64]
SEPARATION_RATE = 0.02
SURNAME_CHANGE_RATE = 0.015
OTHER_DISTRICT_MOVE = 0.12


def partner_of_household(pop: Population) -> pd.Series:
    """household → the resident partner (family 'partner' role, or the man of a couple)."""
    m = pop.members
    female = pop.people["female"].to_numpy()
    kind = pop.households["kind"].to_numpy()
    is_partner = (m["role"] == "partner").to_numpy() | (
        (kind[m["household"].to_numpy()] == COUPLE)
        & ~female[m["person"].to_numpy()]
        & (m["role"] == "adult").to_numpy()
    )
    rows = m.loc[is_partner, ["household", "person"]].drop_duplicates("household")
    return pd.Series(rows["person"].to_numpy(), index=rows["household"].to_numpy())


def add_births(pop: Population, rng: np.random.Generator) -> None:
    """New babies join their mother's household; the resident partner is recorded as father."""
    people, m = pop.people, pop.members
    kind = pop.households["kind"].to_numpy()
    female = people["female"].to_numpy()
    hh_kind = kind[m["household"].to_numpy()]
    eligible = m[
        (female[m["person"].to_numpy()])
        & (m["role"].isin(["parent", "adult"]).to_numpy())
        & np.isin(hh_kind, [FAMILY, COUPLE])
    ]
    mothers = eligible["person"].to_numpy()
    households = eligible["household"].to_numpy()
    partners = partner_of_household(pop)
    partner = partners.reindex(households).fillna(-1).to_numpy(np.int64)
    dob = people["dob"].to_numpy()
    births_m, births_day = [], []
    for y in range(YEARS):
        age = (FY_START[y] - dob[mothers]) / 365.25
        p = birth_probability(age) * np.where(partner >= 0, 1.0, 0.4)
        hit = np.flatnonzero(rng.random(mothers.size) < p)
        births_m.append(hit)
        births_day.append(FY_START[y] + rng.integers(0, 365, hit.size))
    idx = np.concatenate(births_m)
    days = np.minimum(np.concatenate(births_day), END)
    mother, father, household = mothers[idx], partner[idx], households[idx]
    n0, n = len(people), idx.size
    new = np.arange(n0, n0 + n, dtype=np.int64)
    baby_female = rng.random(n) < 0.488
    surname = np.where(
        father >= 0, people["surname"].to_numpy()[np.maximum(father, 0)], people["surname"].to_numpy()[mother]
    )
    eth = people["eth"].to_numpy()[mother]
    babies = pd.DataFrame(
        {
            "person": new,
            "female": baby_female,
            "dob": days,
            "eth": eth,
            "forename": names.forenames(rng, NAME_GROUP[eth], baby_female),
            "middle_name": np.where(
                rng.random(n) < 0.6, names.forenames(rng, NAME_GROUP[eth], baby_female), ""
            ),
            "surname": surname,
            "birth_surname": surname,
            "surname_changed": np.full(n, OPEN, np.int64),
            "previous_surname": surname,
            "born_in_period": np.ones(n, bool),
        }
    )
    pop.people = pd.concat([people, babies], ignore_index=True)
    pop.members = pd.concat(
        [
            m,
            pd.DataFrame(
                {"person": new, "household": household, "role": "child", "start": days, "end": OPEN}
            ),
        ],
        ignore_index=True,
    )
    links = [pd.DataFrame({"child": new, "parent": mother, "relation": "mother", "resident": True})]
    has_father = father >= 0
    links.append(
        pd.DataFrame(
            {"child": new[has_father], "parent": father[has_father], "relation": "father", "resident": True}
        )
    )
    pop.parents = pd.concat([pop.parents, *links], ignore_index=True)


def add_separations(pop: Population, rng: np.random.Generator) -> None:
    """A share of two-parent families separate; the partner moves out to live alone."""
    m = pop.members
    family_partner = m[(m["role"] == "partner").to_numpy()]
    n = len(family_partner)
    years = rng.random((n, YEARS)) < SEPARATION_RATE
    leaves = years.any(axis=1)
    first_year = years.argmax(axis=1)[leaves]
    day = FY_START[first_year] + rng.integers(0, 365, first_year.size)
    rows = family_partner.index.to_numpy()[leaves]
    person = family_partner["person"].to_numpy()[leaves]
    old_hh = family_partner["household"].to_numpy()[leaves]
    pop.members.loc[rows, "end"] = day
    district = pop.households["district"].to_numpy()[old_hh]
    address = pop.addresses.new_in_district(district)
    h0 = len(pop.households)
    new_hh = np.arange(h0, h0 + person.size, dtype=np.int64)
    lsoa = pop.addresses.lsoa_of(address)
    pop.households = pd.concat(
        [
            pop.households,
            pd.DataFrame(
                {
                    "household": new_hh,
                    "kind": SINGLE,
                    "lsoa": lsoa,
                    "district": district,
                    "formed": day,
                    "address": address,
                }
            ),
        ],
        ignore_index=True,
    )
    pop.members = pd.concat(
        [
            pop.members,
            pd.DataFrame({"person": person, "household": new_hh, "role": "adult", "start": day, "end": OPEN}),
        ],
        ignore_index=True,
    )


def add_surname_changes(pop: Population, rng: np.random.Generator) -> None:
    """Partnered women who do not share their partner's surname sometimes take it."""
    people = pop.people
    partners = partner_of_household(pop)
    m = pop.members
    women = m[
        (people["female"].to_numpy()[m["person"].to_numpy()]) & m["role"].isin(["parent", "adult"]).to_numpy()
    ]
    partner = partners.reindex(women["household"].to_numpy()).fillna(-1).to_numpy(np.int64)
    person = women["person"].to_numpy()
    surname = people["surname"].to_numpy()
    ok = (partner >= 0) & (surname[person] != surname[np.maximum(partner, 0)])
    change = ok & (rng.random(person.size) < 1 - (1 - SURNAME_CHANGE_RATE) ** YEARS)
    who, new_name = person[change], surname[partner[change]]
    day = FY_START[0] + rng.integers(0, 365 * YEARS, who.size)
    people.loc[who, "previous_surname"] = people.loc[who, "surname"].to_numpy()
    people.loc[who, "surname"] = new_name
    people.loc[who, "surname_changed"] = day


def address_history(pop: Population, rng: np.random.Generator) -> pd.DataFrame:
    """household, address, start, end: each household's first address and its voluntary moves."""
    hh = pop.households
    decile = pop.geo.imd_decile[hh["lsoa"].to_numpy()]
    years_active = (END - hh["formed"].to_numpy()) / 365.25
    n_moves = np.minimum(rng.poisson(move_rate(decile, hh["kind"].to_numpy()) * years_active), 3)
    mover = np.repeat(hh["household"].to_numpy(), n_moves)
    formed = hh["formed"].to_numpy()[mover]
    day = formed + (rng.random(mover.size) * (END - formed)).astype(np.int64)
    first = pd.DataFrame(
        {
            "household": hh["household"].to_numpy(),
            "address": hh["address"].to_numpy(),
            "start": hh["formed"].to_numpy(),
        }
    )
    return _with_moves(pop, rng, first, mover, day)


def add_forced_moves(
    pop: Population, rng: np.random.Generator, history: pd.DataFrame, forced: pd.DataFrame
) -> pd.DataFrame:
    """Add a move 1-4 months after each forced event (``forced``: household, day)."""
    day = forced["day"].to_numpy() + rng.integers(30, 120, len(forced))
    keep = day <= END
    return _with_moves(
        pop, rng, history[["household", "address", "start"]], forced["household"].to_numpy()[keep], day[keep]
    )


def _with_moves(
    pop: Population, rng: np.random.Generator, base: pd.DataFrame, mover: IntArray, day: IntArray
) -> pd.DataFrame:
    district = pop.households["district"].to_numpy()[mover]
    elsewhere = rng.random(mover.size) < OTHER_DISTRICT_MOVE
    address = np.empty(mover.size, dtype=np.int64)
    away = np.flatnonzero(elsewhere)
    address[away] = pop.addresses.new_in_district((district[away] + rng.integers(1, 5, away.size)) % 5)
    stay = np.flatnonzero(~elsewhere)
    address[stay] = pop.addresses.new_nearby(pop.households["lsoa"].to_numpy()[mover[stay]])
    history = pd.concat(
        [base, pd.DataFrame({"household": mover, "address": address, "start": day})], ignore_index=True
    )
    history = history.sort_values(["household", "start"], kind="stable").drop_duplicates(
        ["household", "start"], keep="last"
    )
    history["end"] = history.groupby("household")["start"].shift(-1).fillna(OPEN).astype(np.int64)
    return history.reset_index(drop=True)
