"""The true adversity in synthetic lives, year by year, before any service sees it.

Household toxic trio. Each household and financial year has a latent propensity per domain
(domestic abuse, severe mental ill-health, alcohol/drug dependency):
``L = 0.3·deprivation + √(ρ−0.09)·u_household + √(1−ρ)·(√0.65·v_persistent + √0.35·e_year)``, so
the three domains correlate at ρ ≈ 0.56-0.60 by district (``targets.TRIO_LATENT_CORRELATION``)
and persist across years.
The threshold per district and domain is set so the share of children aged 0-17 living in a
household with the issue equals the Children's Commissioner's narrow estimate exactly (a
weighted quantile); the overlaps (any, 2+, all three) then follow from the correlation. Each
issue is carried by one adult: domestic abuse by the woman of the household (with her partner,
or an ex-partner elsewhere, as perpetrator), mental ill-health and dependency by an adult
weighted by sex. Households of people over 60 only have lower propensities.

Adults' severe and multiple disadvantage adds homelessness and offending, driven by dependency,
mental ill-health, domestic abuse, deprivation, sex, age and a personal frailty, so the domains
overlap as in Hard Edges. A milder mental-health problem (short of the severe illness above) is
its own yearly state, more common among victims of domestic abuse and homeless adults; the trust
is referred only some of it (``health_housing``). Children's maltreatment (neglect, emotional, physical, sexual abuse)
responds to the household's trio, lone parenthood and deprivation.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import FY_END, FY_START, YEARS
from atr.synthetic.places import DISTRICT_CODES
from atr.synthetic.population import Population
from atr.synthetic.targets import MALTREATMENT_PREVALENCE, TOXIC_TRIO, TRIO_LATENT_CORRELATION
from atr.synthetic.timeline import IntervalIndex

FloatArray = npt.NDArray[np.float64]
DOMAINS = ("da", "mh", "sm")
DEPRIVATION_LOADING = 0.3
PERSISTENCE = 0.65
OLDER_HOUSEHOLD_SHIFT = {"da": -1.0, "mh": -0.3, "sm": -0.6}
NO_CHILD_DA_SHIFT = -0.35  # tuned so about a third of police DA occurrences have a child present
HOMELESS_PREVALENCE = 0.009  # adults a year (England: ~300k households owed a duty a year) [recalled]
OFFENDING_PREVALENCE = 0.007  # adults a year under probation or in custody [recalled]
MALTREATMENT_CATEGORIES = ("NEG", "EMO", "PHY", "SAB")
MILDER_MH_REFERRED = 0.30
"""Share of years with the milder problem in which the mental-health trust receives a referral
(judgement: below the 45% for severe illness, since most common mental disorders are treated in
primary care or not at all; APMS 2014 found about a third of adults with one in any treatment)
[recalled]."""
MILDER_MH_RATE = 0.02 / MILDER_MH_REFERRED
"""Yearly chance of the milder problem for an adult without severe illness (times e^0.5 for a
victim of domestic abuse or a homeless adult): about 6-7% of adults, within the one in six with a
common mental disorder (APMS 2014) [recalled]. Set so that referrals for it stay at the 2% of
other adults a year the referral volumes were calibrated with."""


def person_years(pop: Population, history: pd.DataFrame) -> pd.DataFrame:
    """One row per person alive in each financial year: household, age and LSOA at mid-year."""
    dob = pop.people["dob"].to_numpy()
    members = IntervalIndex.from_frame(pop.members, "person", "household")
    addresses = IntervalIndex.from_frame(history, "household", "address")
    address_lsoa = pop.addresses.lsoa_of
    parts = []
    for y in range(YEARS):
        person = np.flatnonzero(dob <= FY_END[y])
        day = np.maximum(FY_START[y] + 182, dob[person])
        household = members.lookup(person, day)
        ok = household >= 0
        person, day, household = person[ok], day[ok], household[ok]
        lsoa = address_lsoa(addresses.lookup(household, day))
        parts.append(
            pd.DataFrame(
                {
                    "person": person.astype(np.int32),
                    "year": np.full(person.size, y, np.int8),
                    "household": household.astype(np.int32),
                    "age": ((day - dob[person]) // 365.25).astype(np.int16),
                    "lsoa": lsoa.astype(np.int32),
                    "day": day.astype(np.int32),
                }
            )
        )
    py = pd.concat(parts, ignore_index=True)
    py["district"] = pop.geo.district[py["lsoa"].to_numpy()].astype(np.int8)
    return py


def _weighted_threshold(values: FloatArray, weights: FloatArray, share: float) -> float:
    """The value above which ``share`` of the total weight lies."""
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order])
    at = np.searchsorted(cumulative, (1 - share) * cumulative[-1])
    return float(values[order][min(at, values.size - 1)])


def household_trio(pop: Population, py: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per household-year with the three domain flags and who carries each."""
    child = py["age"].to_numpy() < 18
    adult = ~child
    key = py["household"].to_numpy().astype(np.int64) * YEARS + py["year"].to_numpy()
    hy_key, inverse = np.unique(key, return_inverse=True)
    n_children = np.bincount(inverse, weights=child, minlength=hy_key.size)
    n_adults = np.bincount(inverse, weights=adult, minlength=hy_key.size)
    young_adults = np.bincount(inverse, weights=adult & (py["age"].to_numpy() < 60), minlength=hy_key.size)
    first = np.unique(inverse, return_index=True)[1]
    household = (hy_key // YEARS).astype(np.int64)
    district = py["district"].to_numpy()[first]
    depz = pop.geo.depz[py["lsoa"].to_numpy()[first]]
    n_hh = int(household.max()) + 1
    u = rng.standard_normal(n_hh)[household]
    hy = pd.DataFrame(
        {
            "household": household,
            "year": hy_key % YEARS,
            "district": district,
            "depz": depz,
            "n_children": n_children.astype(np.int32),
            "n_adults": n_adults.astype(np.int32),
        }
    )
    correlation = np.array([TRIO_LATENT_CORRELATION[c] for c in DISTRICT_CODES])[district]
    shared = np.sqrt(correlation - DEPRIVATION_LOADING**2)
    idio = np.sqrt(1 - correlation)
    has_children = n_children > 0
    for domain in DOMAINS:
        v = rng.standard_normal(n_hh)[household]
        e = rng.standard_normal(household.size)
        latent = (
            DEPRIVATION_LOADING * depz
            + shared * u
            + idio * (np.sqrt(PERSISTENCE) * v + np.sqrt(1 - PERSISTENCE) * e)
        )
        latent = latent + np.where(young_adults == 0, OLDER_HOUSEHOLD_SHIFT[domain], 0.0)
        if domain == "da":
            latent = latent + np.where(has_children, 0.0, NO_CHILD_DA_SHIFT)
        flag = np.zeros(household.size, bool)
        for d, code in enumerate(DISTRICT_CODES):
            rows = np.flatnonzero((district == d) & has_children)
            share = (
                getattr(
                    TOXIC_TRIO[code],
                    {"da": "domestic_abuse", "mh": "mental_health", "sm": "substance"}[domain],
                )
                / 100
            )
            threshold = _weighted_threshold(latent[rows], n_children[rows].astype(np.float64), share)
            at = np.flatnonzero(district == d)
            flag[at] = latent[at] > threshold
        hy[domain] = flag & (n_adults > 0)
    _carriers(pop, py, hy, rng)
    return hy


class _AdultPicker:
    """Per household-year, one adult chosen with probability ∝ weight (stable across years).

    Rows are sorted by household-year once; each pick is then a segmented minimum of
    exponential keys (``np.minimum.reduceat``), with no further sorting.
    """

    def __init__(self, group: npt.NDArray[np.int64], person: npt.NDArray[np.int64]) -> None:
        self.order = np.argsort(group, kind="stable")
        sorted_group = group[self.order]
        self.starts = np.flatnonzero(np.r_[True, sorted_group[1:] != sorted_group[:-1]])
        self.groups = sorted_group[self.starts]
        self.sizes = np.diff(np.r_[self.starts, sorted_group.size])
        self.person = person[self.order]

    def pick(self, weight: FloatArray, stable: FloatArray) -> pd.Series:
        keys = (-np.log(np.maximum(stable, 1e-12)) / weight)[self.order]
        minimum = np.minimum.reduceat(keys, self.starts)
        hit = np.flatnonzero(keys == np.repeat(minimum, self.sizes))
        segment = np.searchsorted(self.starts, hit, side="right") - 1
        segment, first = np.unique(segment, return_index=True)
        return pd.Series(self.person[hit[first]], index=self.groups[segment])


def _carriers(pop: Population, py: pd.DataFrame, hy: pd.DataFrame, rng: np.random.Generator) -> None:
    adults = py.loc[py["age"].to_numpy() >= 18, ["person", "household", "year"]]
    female = pop.people["female"].to_numpy()[adults["person"].to_numpy()]
    row_key = adults["household"].to_numpy().astype(np.int64) * YEARS + adults["year"].to_numpy()
    hy_key = hy["household"].to_numpy() * YEARS + hy["year"].to_numpy()
    n_people = len(pop.people)
    person = adults["person"].to_numpy()
    picker = _AdultPicker(row_key, person)
    for column, weight in (
        ("mh_person", np.where(female, 0.6, 0.4)),
        ("sm_person", np.where(female, 0.35, 0.65)),
        ("da_victim", np.where(female, 0.9, 0.1)),
    ):
        picked = picker.pick(weight, rng.random(n_people)[person])
        hy[column] = picked.reindex(hy_key).fillna(-1).to_numpy(np.int64)
    # the perpetrator: another adult of the household of the other sex if any, else outside
    other = picker.pick(np.where(female, 0.1, 0.9), rng.random(n_people)[person])
    perp = other.reindex(hy_key).fillna(-1).to_numpy(np.int64)
    perp = np.where(perp == hy["da_victim"].to_numpy(), -1, perp)
    hy["da_perpetrator"] = perp
    hy["sm_alcohol"] = rng.random(len(hy)) < 0.45
    for domain, column in (("da", "da_victim"), ("mh", "mh_person"), ("sm", "sm_person")):
        hy.loc[~hy[domain].to_numpy(), column] = -1
    hy.loc[~hy["da"].to_numpy(), "da_perpetrator"] = -1


def adult_domains(pop: Population, py: pd.DataFrame, hy: pd.DataFrame, rng: np.random.Generator) -> None:
    """Adds to ``py`` the adult flags: da_victim, mental_health, substance, homeless, offending."""
    n = len(py)
    key = py["person"].to_numpy().astype(np.int64) * YEARS + py["year"].to_numpy()
    for domain, column in (
        ("da_victim", "da_victim"),
        ("mental_health", "mh_person"),
        ("substance", "sm_person"),
    ):
        carriers = hy.loc[hy[column] >= 0, [column, "year"]]
        carrier_key = carriers[column].to_numpy() * YEARS + carriers["year"].to_numpy()
        py[domain] = np.isin(key, carrier_key)
    perps = hy.loc[hy["da_perpetrator"] >= 0]
    py["da_perpetrator"] = np.isin(key, perps["da_perpetrator"].to_numpy() * YEARS + perps["year"].to_numpy())
    adult = py["age"].to_numpy() >= 18
    age = py["age"].to_numpy().astype(float)
    male = ~pop.people["female"].to_numpy()[py["person"].to_numpy()]
    frailty = rng.standard_normal(len(pop.people))[py["person"].to_numpy()]
    depz = pop.geo.depz[py["lsoa"].to_numpy()]
    prime = np.exp(-(((age - 33) / 13) ** 2))  # peaks in the late twenties to early forties
    base = (
        1.6 * frailty
        + 0.35 * depz
        + 1.9 * py["substance"].to_numpy()
        + 0.6 * py["mental_health"].to_numpy()
        + 0.8 * prime
    )
    for column, share, extra in (
        ("homeless", HOMELESS_PREVALENCE, 0.6 * py["da_victim"].to_numpy() + 0.3 * male),
        ("offending", OFFENDING_PREVALENCE, 1.2 * py["da_perpetrator"].to_numpy() + 1.0 * male),
    ):
        latent = base + extra + 0.7 * rng.standard_normal(n)
        threshold = np.quantile(latent[adult], 1 - share)
        py[column] = adult & (latent > threshold)


def child_maltreatment(pop: Population, py: pd.DataFrame, hy: pd.DataFrame, rng: np.random.Generator) -> None:
    """Adds ``maltreated`` and ``maltreatment`` (category) to ``py`` for children 0-17."""
    hy_index = pd.Series(np.arange(len(hy)), index=hy["household"].to_numpy() * YEARS + hy["year"].to_numpy())
    row = hy_index.reindex(
        py["household"].to_numpy().astype(np.int64) * YEARS + py["year"].to_numpy()
    ).to_numpy()
    for domain in DOMAINS:
        py[f"hh_{domain}"] = hy[domain].to_numpy()[row]
    child = py["age"].to_numpy() < 18
    frailty = rng.standard_normal(len(pop.people))[py["person"].to_numpy()]
    hh_u = rng.standard_normal(int(py["household"].max()) + 1)[py["household"].to_numpy()]
    depz = pop.geo.depz[py["lsoa"].to_numpy()]
    lone = (hy["n_adults"].to_numpy()[row] == 1) & child
    latent = (
        1.1 * py["hh_da"]
        + 0.7 * py["hh_mh"]
        + 1.1 * py["hh_sm"]
        + 0.35 * depz
        + 0.3 * lone
        + 0.8 * frailty
        + 0.5 * hh_u
        + 0.6 * rng.standard_normal(len(py))
    ).to_numpy()
    threshold = np.quantile(latent[child], 1 - MALTREATMENT_PREVALENCE)
    py["maltreated"] = child & (latent > threshold)
    emotional = 0.2 + 0.15 * py["hh_da"].to_numpy()
    u = rng.random(len(pop.people))[py["person"].to_numpy()]
    category = np.select(
        [u < 0.5, u < 0.5 + emotional, u < 0.5 + emotional + (0.5 - emotional) * 0.7], [0, 1, 2], 3
    )
    py["maltreatment"] = pd.Categorical(
        np.where(py["maltreated"].to_numpy(), np.array(MALTREATMENT_CATEGORIES)[category], "")
    )


def milder_mental_health(py: pd.DataFrame, rng: np.random.Generator) -> None:
    """Adds ``milder_mental_health``: an adult's milder mental-health problem that year.

    Drawn independently each year for adults without severe mental ill-health. Housing officers
    record it as a mental-health support need just as they do severe illness, and the trust is
    referred ``MILDER_MH_REFERRED`` of it, so the truth's mental-health domain (severe or milder)
    is what both lists see.
    """
    adult = py["age"].to_numpy() >= 18
    exposed = py["da_victim"].to_numpy(bool) | py["homeless"].to_numpy(bool)
    chance = MILDER_MH_RATE * np.exp(0.5 * exposed)
    py["milder_mental_health"] = adult & ~py["mental_health"].to_numpy(bool) & (rng.random(len(py)) < chance)
