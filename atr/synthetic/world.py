"""The whole simulation, in order, with one seeded random stream per step.

Each step draws from its own stream (``numpy.random.SeedSequence`` spawned from the seed by the
step's name), so the world is identical for a seed and scale whatever datasets are written, and
changing one step does not reshuffle the others.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic import adversity, health_housing, justice, life_events, schooling, social_care
from atr.synthetic.demography import FY_END, FY_START, OPEN, YEARS
from atr.synthetic.identifiers import new_nhs_numbers, new_upns
from atr.synthetic.identity import IdentitySource
from atr.synthetic.places import DISTRICT_CODES, LA_CODE_OF, Geography, Institutions
from atr.synthetic.population import Population, build_population
from atr.synthetic.protective import add_protective_factors


def stream(seed: int, name: str) -> np.random.Generator:
    """The random generator of one named step for this seed."""
    digest = int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "little")
    return np.random.default_rng(np.random.SeedSequence([seed, digest]))


@dataclass
class World:
    """Everything true about synthetic West Yorkshire, before any extract is written."""

    seed: int
    scale: float
    geo: Geography
    inst: Institutions
    pop: Population
    history: pd.DataFrame
    py: pd.DataFrame
    hy: pd.DataFrame
    person_address: pd.DataFrame
    care: dict[str, pd.DataFrame]
    school: dict[str, pd.DataFrame]
    police: dict[str, pd.DataFrame]
    custody: pd.DataFrame
    youth_justice: pd.DataFrame
    mental_health: pd.DataFrame
    substance: pd.DataFrame
    housing: dict[str, pd.DataFrame]
    gp: pd.DataFrame
    source: IdentitySource = field(repr=False)
    participation: pd.DataFrame = field(default_factory=pd.DataFrame)
    programme_effects: pd.DataFrame = field(default_factory=pd.DataFrame)
    """Who took part in which programme, and each programme's true effect (``programme.py``)."""

    def rng(self, name: str) -> np.random.Generator:
        return stream(self.seed, name)

    def release_simulation_detail(self) -> None:
        """Drop what only the extract builders need, before the truth tables are made."""
        empty = pd.DataFrame()
        self.school, self.police, self.housing = {}, {}, {}
        self.mental_health = self.substance = self.gp = empty
        self.care = {k: v for k, v in self.care.items() if k == "cla"}
        self.source.release_lookups()


def _upns(
    pop: Population, py: pd.DataFrame, geo: Geography, inst: Institutions, rng: np.random.Generator
) -> npt.NDArray[np.str_]:
    """A UPN for everyone of school age at some point since 2004, allocated by their first school."""
    people = pop.people
    dob_year = people["dob"].to_numpy().astype("datetime64[D]").astype("datetime64[Y]").astype(int) + 1970
    first = py.drop_duplicates("person").set_index("person")["lsoa"]  # where each person is first seen
    lsoa = first.reindex(people["person"]).fillna(0).to_numpy(np.int64)
    entry_year = dob_year + 4
    eligible = (entry_year >= 2004) & (entry_year <= 2024)
    urn = inst.school_urn_primary[lsoa]
    estab = np.array([inst.school_estab[u] for u in urn.tolist()])
    la = np.array([LA_CODE_OF[DISTRICT_CODES[d]] for d in range(5)])[geo.district[lsoa]]
    frame = pd.DataFrame({"urn": urn, "year": entry_year})
    serial = frame.groupby(["urn", "year"]).cumcount().to_numpy() + rng.integers(0, 50)
    upn = new_upns(la, estab, entry_year % 100, serial % 1000)
    return np.where(eligible, upn, "")


def _pnc(py: pd.DataFrame, n_people: int, rng: np.random.Generator) -> npt.NDArray[np.str_]:
    """PNC ids for everyone who ever offends or is a domestic-abuse perpetrator."""
    holders = np.unique(
        py.loc[py["offending"].to_numpy() | py["da_perpetrator"].to_numpy(), "person"].to_numpy()
    )
    out = np.full(n_people, "", dtype=object)
    year = rng.integers(2000, 2025, holders.size)
    number = rng.integers(0, 10_000_000, holders.size)
    letter = np.array(list("ABCDEFGHJKLMNPQRTUVWXYZ"))[rng.integers(0, 23, holders.size)]
    out[holders] = [
        f"{y}/{n:07d}{c}" for y, n, c in zip(year.tolist(), number.tolist(), letter.tolist(), strict=True)
    ]
    return out.astype(str)


def _open_flags(py: pd.DataFrame, care: dict[str, pd.DataFrame]) -> None:
    key = py["person"].to_numpy().astype(np.int64) * YEARS + py["year"].to_numpy()
    for column, frame in (("cin_open", care["cin"]), ("cp_open", care["cp"])):
        keys = [
            frame.loc[(frame["start"] <= FY_END[y]) & (frame["end"] > FY_START[y]), "person"]
            .to_numpy()
            .astype(np.int64)
            * YEARS
            + y
            for y in range(YEARS)
        ]
        py[column] = np.isin(key, np.concatenate(keys))


def _apply_care_to_households(
    pop: Population, cla: pd.DataFrame, returns_home: npt.NDArray[np.bool_]
) -> None:
    """A child leaves their household on coming into care, and rejoins it only on going home.

    Loops over periods of care (tens of thousands at scale 1.0), not over people.
    """
    from atr.synthetic.timeline import IntervalIndex

    m = pop.members
    start = np.maximum(cla["start"].to_numpy(), m["start"].min())
    rows = IntervalIndex.from_frame(m, "person", "household").row(cla["person"].to_numpy(), start)
    periods = pd.DataFrame({"row": rows, "start": start, "end": cla["end"].to_numpy(), "home": returns_home})
    periods = periods[periods["row"] >= 0].sort_values(["row", "start"])
    begin, finish = m["start"].to_numpy(), m["end"].to_numpy().copy()
    extra: list[tuple[int, int, int, int]] = []  # row, start, end of spells after a return home
    for row, group in periods.groupby("row", sort=True):
        cursor: int | None = int(begin[row])
        pieces: list[tuple[int, int]] = []
        for s, e, home in zip(
            group["start"].tolist(), group["end"].tolist(), group["home"].tolist(), strict=True
        ):
            if cursor is None or s < cursor:
                continue
            if s > cursor:
                pieces.append((cursor, s))
            cursor = e if home and e < OPEN else None
        original_end = int(finish[row])
        if cursor is not None and cursor < original_end:
            pieces.append((cursor, original_end))
        finish[row] = pieces[0][1] if pieces else begin[row]
        extra.extend((int(row), a, b, 0) for a, b in pieces[1:])
    m["end"] = finish
    if extra:
        rejoin = pd.DataFrame(extra, columns=["row", "start", "end", "unused"])
        rows_back = rejoin["row"].to_numpy()
        added = pd.DataFrame(
            {
                "person": m["person"].to_numpy()[rows_back],
                "household": m["household"].to_numpy()[rows_back],
                "role": "child",
                "start": rejoin["start"].to_numpy(),
                "end": rejoin["end"].to_numpy(),
            }
        )
        m = pd.concat([m, added], ignore_index=True)
    pop.members = m[m["end"] > m["start"]].reset_index(drop=True)


def simulate(geo: Geography, seed: int, scale: float) -> World:
    """Run every step of the simulation (no files are written here)."""
    inst = Institutions.build(geo)
    pop = build_population(geo, stream(seed, "population"), scale)
    life_events.add_births(pop, stream(seed, "births"))
    life_events.add_separations(pop, stream(seed, "separations"))
    life_events.add_surname_changes(pop, stream(seed, "surnames"))
    history = life_events.address_history(pop, stream(seed, "moves"))
    py = adversity.person_years(pop, history)
    hy = adversity.household_trio(pop, py, stream(seed, "trio"))
    adversity.adult_domains(pop, py, hy, stream(seed, "adult_domains"))
    adversity.milder_mental_health(py, stream(seed, "milder_mental_health"))
    rng = stream(seed, "homeless_day")
    py["homeless_day"] = np.where(
        py["homeless"].to_numpy(), FY_START[py["year"].to_numpy()] + rng.integers(0, 365, len(py)), -1
    ).astype(np.int32)
    homeless = py.loc[py["homeless"].to_numpy(), ["household", "homeless_day"]].rename(
        columns={"homeless_day": "day"}
    )
    history = life_events.add_forced_moves(
        pop, stream(seed, "forced_moves"), history, homeless.drop_duplicates("household")
    )
    relocated = adversity.person_years(pop, history)
    py["lsoa"], py["district"] = relocated["lsoa"].to_numpy(), relocated["district"].to_numpy()
    adversity.child_maltreatment(pop, py, hy, stream(seed, "maltreatment"))
    py["male"] = ~pop.people["female"].to_numpy()[py["person"].to_numpy()]
    py["depz"] = geo.depz[py["lsoa"].to_numpy()].astype(np.float32)
    care = social_care.simulate_social_care(
        py, pop.people["dob"].to_numpy(), geo.imd_decile, stream(seed, "social_care")
    )
    _open_flags(py, care)
    add_protective_factors(pop, history, py, care["cla"])
    school = schooling.simulate_school(pop, py, inst, stream(seed, "school"))
    police = justice.simulate_police(pop, py, hy, stream(seed, "police"))
    custody = justice.simulate_custody(py, stream(seed, "custody"))
    youth = justice.simulate_youth_justice(py, stream(seed, "youth_justice"))
    mh = health_housing.simulate_mental_health(py, stream(seed, "mental_health"))
    sm = health_housing.simulate_substance(pop, py, hy, stream(seed, "substance"))
    housing = health_housing.simulate_housing(pop, py, stream(seed, "housing"))
    care["cla_outcome"] = social_care.care_outcomes(
        care["cla"], pop.people["dob"].to_numpy(), stream(seed, "care_outcomes")
    )
    _apply_care_to_households(pop, care["cla"], care["cla_outcome"]["returns_home"].to_numpy())
    person_address = health_housing.person_addresses(pop, history)
    gp = health_housing.simulate_gp(pop, person_address, inst, stream(seed, "gp"))
    ids = stream(seed, "identifiers")
    nhs = new_nhs_numbers(ids, len(pop.people))
    upn = _upns(pop, py, geo, inst, ids)
    pnc = _pnc(py, len(pop.people), ids)
    source = IdentitySource(pop.people, nhs, upn, pnc, person_address, pop.addresses.table())
    world = World(
        seed,
        scale,
        geo,
        inst,
        pop,
        history,
        py,
        hy,
        person_address,
        care,
        school,
        police,
        custody,
        youth,
        mh,
        sm,
        housing,
        gp,
        source,
    )
    return world
