"""The people of synthetic West Yorkshire at 1 April 2019, in households at addresses.

Built LSOA by LSOA from the reference populations (children 0-15, adults 16-59, 60+), scaled by
``--scale``: families with children first (sized from the child count), then working-age singles,
couples and sharers from the adults left, then older singles and couples. Everything is drawn
for all LSOAs at once with numpy (no per-person Python loop), so scale 1.0 (2.3m people) builds
in seconds. Births, separations and moves over 2019/20-2024/25 are in ``life_events``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic import names
from atr.synthetic.demography import (
    CHILDREN_PER_FAMILY,
    ETHNICITY_CODES,
    NAME_GROUP,
    OPEN,
    START,
    draw_categorical,
    ethnic_weights,
    lone_parent_share,
)
from atr.synthetic.places import AddressBook, Geography

IntArray = npt.NDArray[np.int64]
FAMILY, SINGLE, COUPLE, OLDER = 0, 1, 2, 3
KIND_NAMES = ("family", "single_or_sharing", "couple", "older")


@dataclass
class Population:
    """Every simulated person, household, membership spell and parent link (integer dates)."""

    people: pd.DataFrame  # person, female, dob, eth, forename, middle_name, surname, birth_surname, ...
    households: pd.DataFrame  # household, kind, lsoa, district, formed, address
    members: pd.DataFrame  # person, household, role, start, end
    parents: pd.DataFrame  # child, parent, relation, resident
    addresses: AddressBook
    geo: Geography


def _sround(rng: np.random.Generator, x: npt.NDArray[np.float64]) -> IntArray:
    """Stochastic rounding: keeps expected totals exact at any scale."""
    return np.floor(x + rng.random(x.size)).astype(np.int64)


def _dob(rng: np.random.Generator, age_years: npt.NDArray[np.float64]) -> IntArray:
    return (START - np.floor(age_years * 365.25)).astype(np.int64)


class _Builder:
    """Accumulates people and households as column chunks, then concatenates once."""

    def __init__(self, rng: np.random.Generator, geo: Geography, book: AddressBook) -> None:
        self.rng, self.geo, self.book = rng, geo, book
        self.people: dict[str, list[npt.NDArray[np.generic]]] = {
            k: [] for k in ("female", "dob", "eth", "surname", "birth_surname")
        }
        self.hh: dict[str, list[IntArray]] = {k: [] for k in ("kind", "lsoa", "address")}
        self.mem: dict[str, list[npt.NDArray[np.generic]]] = {k: [] for k in ("person", "household", "role")}
        self.links: dict[str, list[npt.NDArray[np.generic]]] = {
            k: [] for k in ("child", "parent", "relation", "resident")
        }
        self.n_people = 0
        self.n_households = 0

    def households(self, kind: IntArray, lsoa: IntArray) -> IntArray:
        ids = np.arange(self.n_households, self.n_households + lsoa.size, dtype=np.int64)
        self.hh["kind"].append(kind)
        self.hh["lsoa"].append(lsoa)
        self.hh["address"].append(self.book.new(lsoa))
        self.n_households += lsoa.size
        return ids

    def persons(
        self,
        female: npt.NDArray[np.bool_],
        dob: IntArray,
        eth: IntArray,
        surname: npt.NDArray[np.object_],
        birth_surname: npt.NDArray[np.object_],
        household: IntArray,
        role: str,
    ) -> IntArray:
        ids = np.arange(self.n_people, self.n_people + dob.size, dtype=np.int64)
        for key, value in (
            ("female", female),
            ("dob", dob),
            ("eth", eth),
            ("surname", surname),
            ("birth_surname", birth_surname),
        ):
            self.people[key].append(value)
        self.mem["person"].append(ids)
        self.mem["household"].append(household)
        self.mem["role"].append(np.full(ids.size, role, dtype=object))
        self.n_people += dob.size
        return ids

    def link(self, child: IntArray, parent: IntArray, relation: str, resident: npt.NDArray[np.bool_]) -> None:
        self.links["child"].append(child)
        self.links["parent"].append(parent)
        self.links["relation"].append(np.full(child.size, relation, dtype=object))
        self.links["resident"].append(resident)

    def surnames(self, eth: IntArray) -> npt.NDArray[np.object_]:
        return names.draw(self.rng, names.SURNAMES, NAME_GROUP[eth])


def _families(b: _Builder, children_per_lsoa: IntArray) -> IntArray:
    """Families with children; returns, per LSOA, the number of working-age adults they used."""
    rng, geo = b.rng, b.geo
    mean_k = float((CHILDREN_PER_FAMILY[0] * CHILDREN_PER_FAMILY[1]).sum())
    n_fam = _sround(rng, children_per_lsoa / mean_k)
    lsoa = np.repeat(np.arange(geo.n), n_fam)
    k = rng.choice(CHILDREN_PER_FAMILY[0], size=lsoa.size, p=CHILDREN_PER_FAMILY[1])
    decile, depz, district = geo.imd_decile[lsoa], geo.depz[lsoa], geo.district[lsoa]
    lone = rng.random(lsoa.size) < lone_parent_share(decile)
    lone_father = lone & (rng.random(lsoa.size) < 0.1)
    step = ~lone & (rng.random(lsoa.size) < 0.10)
    eth = draw_categorical(rng, ethnic_weights(district, np.ones(lsoa.size, bool), depz))
    hh = b.households(np.full(lsoa.size, FAMILY), lsoa)
    family_surname = b.surnames(eth)

    # children: ages spread around a family "base" age so siblings are close in age
    fam_of_child = np.repeat(np.arange(lsoa.size), k)
    base = rng.uniform(0, 18, size=lsoa.size)
    age = np.clip(base[fam_of_child] + rng.uniform(-6, 6, size=fam_of_child.size), 0, 17.99)
    oldest = np.maximum.reduceat(age, np.concatenate([[0], np.cumsum(k)[:-1]]))
    mother_age = oldest + np.clip(rng.normal(27 + 0.5 * (decile - 5.5), 5), 16, 44)
    partner_age = np.clip(mother_age + rng.normal(2.5, 4, size=lsoa.size), 18, 80)

    # main carer (mother, or father in a tenth of lone-parent families)
    maiden = b.surnames(eth)
    keeps_family_name = np.where(
        lone,
        rng.random(lsoa.size) < 0.6,
        np.where(step, rng.random(lsoa.size) < 0.5, rng.random(lsoa.size) < 0.8),
    )
    carer_surname = np.where(lone_father | keeps_family_name, family_surname, maiden)
    carer_birth = np.where(lone_father, family_surname, maiden)
    carer = b.persons(~lone_father, _dob(rng, mother_age), eth, carer_surname, carer_birth, hh, "parent")
    kids = b.persons(
        rng.random(fam_of_child.size) < 0.488,
        _dob(rng, age),
        eth[fam_of_child],
        family_surname[fam_of_child],
        family_surname[fam_of_child],
        hh[fam_of_child],
        "child",
    )
    b.link(kids, carer[fam_of_child], "mother_or_father", np.ones(kids.size, bool))

    # resident partner: the children's father, or a step-parent with his own surname
    two = np.flatnonzero(~lone)
    step_surname = b.surnames(eth[two])
    partner_surname = np.where(step[two], step_surname, family_surname[two])
    partner = b.persons(
        np.zeros(two.size, bool),
        _dob(rng, partner_age[two]),
        eth[two],
        partner_surname,
        partner_surname,
        hh[two],
        "partner",
    )
    partner_of_family = np.full(lsoa.size, -1, dtype=np.int64)
    partner_of_family[two] = partner
    has_partner = partner_of_family[fam_of_child] >= 0
    kid_partner = partner_of_family[fam_of_child]
    is_step = step[fam_of_child]
    b.link(
        kids[has_partner & ~is_step],
        kid_partner[has_partner & ~is_step],
        "father",
        np.ones(int((has_partner & ~is_step).sum()), bool),
    )
    b.link(
        kids[has_partner & is_step],
        kid_partner[has_partner & is_step],
        "step_parent",
        np.ones(int((has_partner & is_step).sum()), bool),
    )

    # non-resident fathers of lone-mother and step families live alone in the same district
    away = np.flatnonzero(
        (lone & ~lone_father & (rng.random(lsoa.size) < 0.7)) | (step & (rng.random(lsoa.size) < 0.8))
    )
    away_lsoa = _lsoa_in_district(b, district[away])
    away_hh = b.households(np.full(away.size, SINGLE), away_lsoa)
    father = b.persons(
        np.zeros(away.size, bool),
        _dob(rng, partner_age[away]),
        eth[away],
        family_surname[away],
        family_surname[away],
        away_hh,
        "adult",
    )
    father_of_family = np.full(lsoa.size, -1, dtype=np.int64)
    father_of_family[away] = father
    has_away = father_of_family[fam_of_child] >= 0
    b.link(
        kids[has_away],
        father_of_family[fam_of_child][has_away],
        "father",
        np.zeros(int(has_away.sum()), bool),
    )

    # an adult son or daughter (18-24) still at home in some families with older children
    grown = np.flatnonzero((oldest >= 12) & (rng.random(lsoa.size) < 0.15))
    adult_kid = b.persons(
        rng.random(grown.size) < 0.5,
        _dob(rng, rng.uniform(18, 24.99, grown.size)),
        eth[grown],
        family_surname[grown],
        family_surname[grown],
        hh[grown],
        "adult_child",
    )
    b.link(adult_kid, carer[grown], "mother_or_father", np.ones(grown.size, bool))

    used = np.bincount(
        lsoa, weights=(mother_age < 60).astype(float) + (~lone & (partner_age < 60)), minlength=geo.n
    )
    used += np.bincount(lsoa[grown], minlength=geo.n) + np.bincount(away_lsoa, minlength=geo.n)
    return np.round(used).astype(np.int64)


def _lsoa_in_district(b: _Builder, district: IntArray) -> IntArray:
    out = np.empty(district.size, dtype=np.int64)
    for d in np.unique(district):
        rows, weights = b.geo.district_weights(int(d))
        at = np.flatnonzero(district == d)
        out[at] = rows[b.rng.choice(rows.size, size=at.size, p=weights)]
    return out


def _adult_households(b: _Builder, adults_left: IntArray, older: IntArray) -> None:
    """Working-age singles, couples and sharers; older singles and couples."""
    rng, geo = b.rng, b.geo
    for kind_sizes, probs, count, age_low, age_span in (
        ((1, 2, 3), (0.5, 0.38, 0.12), adults_left, 18.0, 42.0),
        ((1, 2), (0.45, 0.55), older, 60.0, 35.0),
    ):
        sizes = np.array(kind_sizes)
        mean_size = float((sizes * np.array(probs)).sum())
        n_hh = _sround(rng, count / mean_size)
        lsoa = np.repeat(np.arange(geo.n), n_hh)
        size = rng.choice(sizes, size=lsoa.size, p=probs)
        kind = np.where(age_low >= 60, OLDER, np.where(size == 2, COUPLE, SINGLE))
        hh = b.households(kind.astype(np.int64), lsoa)
        eth = draw_categorical(
            rng, ethnic_weights(geo.district[lsoa], np.zeros(lsoa.size, bool), geo.depz[lsoa])
        )
        head_age = age_low + (
            rng.uniform(0, age_span, lsoa.size)
            if age_low < 60
            else np.minimum(rng.exponential(11, lsoa.size), age_span)
        )
        role = "older" if age_low >= 60 else "adult"
        head_surname = b.surnames(eth)
        head_female = np.where(size == 2, False, rng.random(lsoa.size) < 0.5)
        b.persons(head_female, _dob(rng, head_age), eth, head_surname, head_surname, hh, role)
        second = np.flatnonzero(size >= 2)
        own = b.surnames(eth[second])
        shares = (size[second] == 2) & (rng.random(second.size) < 0.6)
        female = np.where(size[second] == 2, True, rng.random(second.size) < 0.5)
        age = np.clip(head_age[second] + rng.normal(-1.5, 4, second.size), 18, 99)
        b.persons(
            female,
            _dob(rng, age),
            eth[second],
            np.where(shares, head_surname[second], own),
            own,
            hh[second],
            role,
        )
        third = np.flatnonzero(size >= 3)
        age = np.clip(head_age[third] + rng.normal(0, 4, third.size), 18, 59)
        surname = b.surnames(eth[third])
        b.persons(rng.random(third.size) < 0.5, _dob(rng, age), eth[third], surname, surname, hh[third], role)


def build_population(geo: Geography, rng: np.random.Generator, scale: float) -> Population:
    """People and households at 1 April 2019 (births, separations and moves come later)."""
    book = AddressBook(geo, rng)
    b = _Builder(rng, geo, book)
    children = _sround(rng, scale * geo.pop_0_15 * 18 / 16)
    adults = _sround(rng, scale * np.maximum(geo.pop_16_59 - geo.pop_0_15 * 2 / 16, 0))
    older = _sround(rng, scale * geo.pop_60_plus)
    used = _families(b, children)
    _adult_households(b, np.maximum(adults - used, 0), older)

    cat = {k: np.concatenate(v) for k, v in b.people.items()}
    n = b.n_people
    group = NAME_GROUP[cat["eth"].astype(np.int64)]
    female = cat["female"].astype(bool)
    forename = names.forenames(rng, group, female)
    middle = np.where(rng.random(n) < 0.55, names.forenames(rng, group, female), "").astype(object)
    people = pd.DataFrame(
        {
            "person": np.arange(n, dtype=np.int64),
            "female": female,
            "dob": cat["dob"].astype(np.int64),
            "eth": cat["eth"].astype(np.int64),
            "forename": forename,
            "middle_name": middle,
            "surname": cat["surname"].astype(object),
            "birth_surname": cat["birth_surname"].astype(object),
            "surname_changed": np.full(n, OPEN, dtype=np.int64),
            "previous_surname": cat["surname"].astype(object),
            "born_in_period": np.zeros(n, bool),
        }
    )
    hh_lsoa = np.concatenate(b.hh["lsoa"])
    households = pd.DataFrame(
        {
            "household": np.arange(b.n_households, dtype=np.int64),
            "kind": np.concatenate(b.hh["kind"]),
            "lsoa": hh_lsoa,
            "district": geo.district[hh_lsoa],
            "formed": np.full(b.n_households, START, dtype=np.int64),
            "address": np.concatenate(b.hh["address"]),
        }
    )
    members = pd.DataFrame({k: np.concatenate(v) for k, v in b.mem.items()})
    members["start"] = np.minimum(START, people["dob"].to_numpy()[members["person"].to_numpy()])
    members["end"] = OPEN
    parents = pd.DataFrame({k: np.concatenate(v) for k, v in b.links.items()})
    carer_female = female[parents["parent"].to_numpy()]
    generic = parents["relation"] == "mother_or_father"
    parents.loc[generic, "relation"] = np.where(carer_female[generic.to_numpy()], "mother", "father")
    return Population(people, households, members, parents, book, geo)


def ethnicity_codes(eth: IntArray) -> npt.NDArray[np.str_]:
    return np.array(ETHNICITY_CODES)[eth]
