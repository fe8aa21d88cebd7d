"""The ground truth written beside the extracts (``DIR/truth/*.parquet``).

Keyed by ``true_person_id`` (``T`` + 8 digits) and by the partners' *raw* person ids, so a test
can follow any record back to the simulated person, and any true adversity forward to the
records (if any) that saw it. Tables: ``person_record``, ``person``, ``person_address``,
``household``, ``household_membership``, ``household_address``, ``parent_link``,
``household_year``, ``child_year``, ``adversity``, ``recorded_adversity``, ``multiple_disadvantage`` and
``multiple_disadvantage_summary`` (described in docs/synthetic.md). Which adversities are true
and which the records show is worked out in ``truth_adversity``; this module writes the tables.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import numpy.typing as npt
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from atr.synthetic.demography import END, ETHNICITY_CODES, FY_LABELS, FY_START, OPEN, YEARS
from atr.synthetic.places import DISTRICT_CODES
from atr.synthetic.population import KIND_NAMES
from atr.synthetic.truth_adversity import adults, recorded_events, true_adversity
from atr.synthetic.world import World


def true_ids(person: npt.NDArray[np.int64]) -> pa.Array:
    """``T`` + 8 digits, built in Arrow (a few bytes a row, no Python strings)."""
    digits = pc.utf8_lpad(pc.cast(pa.array(np.asarray(person, dtype=np.int64)), pa.string()), 8, "0")
    return pc.binary_join_element_wise("T", digits, "")


def _year(day: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    return np.searchsorted(FY_START, day, side="right") - 1


def _dates(days: npt.NDArray[np.int64]) -> pa.Array:
    days = np.asarray(days, dtype=np.int64)
    missing = (days >= OPEN) | (days < -100_000) | (days > END + 3650)
    return pa.array(np.where(missing, 0, days).astype("datetime64[D]"), type=pa.date32(), mask=missing)


def truth_tables(
    world: World, adversity: pd.DataFrame, mappings: list[pd.DataFrame]
) -> Iterator[tuple[str, pa.Table]]:
    """Every truth table as Arrow, one at a time (so only one is in memory)."""
    pop, geo = world.pop, world.geo
    people = pop.people
    addresses = world.source.addresses
    lsoa_code = geo.lsoa_code
    lad = np.array(DISTRICT_CODES)
    fy = np.array(FY_LABELS)

    def address_columns(address: npt.NDArray[np.int64]) -> dict[str, pa.Array]:
        lsoa = addresses["lsoa"].to_numpy()[address]
        return {
            "address_id": pa.array(address),
            "uprn": pa.array(addresses["uprn"].to_numpy().astype(str)[address]),
            "postcode": pa.array(addresses["postcode"].to_numpy().astype(str)[address]),
            "lsoa11_code": pa.array(lsoa_code[lsoa]),
            "lad19_code": pa.array(lad[geo.district[lsoa]]),
        }

    records = (
        pd.concat(mappings, ignore_index=True)
        if mappings
        else pd.DataFrame(columns=["dataset", "partner_code", "person_id", "person", "duplicate"])
    )
    pa_ = world.person_address
    hist = world.history
    builders: dict[str, Callable[[], pa.Table]] = {
        "person_record": lambda: pa.table(
            {
                "dataset": records["dataset"].astype(str).to_numpy(),
                "partner_code": records["partner_code"].astype(str).to_numpy(),
                "person_id": records["person_id"].astype(str).to_numpy(),
                "true_person_id": true_ids(records["person"].to_numpy(np.int64)),
                "is_duplicate_registration": records["duplicate"].to_numpy(bool),
            }
        ),
        "person": lambda: pa.table(
            {
                "true_person_id": true_ids(people["person"].to_numpy()),
                "sex": np.where(people["female"], "F", "M"),
                "date_of_birth": _dates(people["dob"].to_numpy()),
                "forename": people["forename"].to_numpy().astype(str),
                "middle_name": people["middle_name"].to_numpy().astype(str),
                "surname": people["surname"].to_numpy().astype(str),
                "previous_surname": people["previous_surname"].to_numpy().astype(str),
                "surname_changed_date": _dates(people["surname_changed"].to_numpy()),
                "birth_surname": people["birth_surname"].to_numpy().astype(str),
                "ethnicity_code": np.array(ETHNICITY_CODES)[people["eth"].to_numpy()],
                "nhs_number": world.source.nhs,
                "upn": world.source.upn,
                "pnc_id": world.source.pnc,
                "born_in_period": people["born_in_period"].to_numpy(bool),
            }
        ),
        "person_address": lambda: pa.table(
            {
                "true_person_id": true_ids(pa_["person"].to_numpy()),
                "household_id": pa_["household"].to_numpy(),
                **address_columns(pa_["address"].to_numpy()),
                "start_date": _dates(pa_["start"].to_numpy()),
                "end_date": _dates(pa_["end"].to_numpy()),
            }
        ),
        "household": lambda: pa.table(
            {
                "household_id": pop.households["household"].to_numpy(),
                "kind": np.array(KIND_NAMES)[pop.households["kind"].to_numpy()],
                "formed_date": _dates(pop.households["formed"].to_numpy()),
            }
        ),
        "household_membership": lambda: pa.table(
            {
                "true_person_id": true_ids(pop.members["person"].to_numpy()),
                "household_id": pop.members["household"].to_numpy(),
                "role": pop.members["role"].to_numpy().astype(str),
                "start_date": _dates(pop.members["start"].to_numpy()),
                "end_date": _dates(pop.members["end"].to_numpy()),
            }
        ),
        "household_address": lambda: pa.table(
            {
                "household_id": hist["household"].to_numpy(),
                **address_columns(hist["address"].to_numpy()),
                "start_date": _dates(hist["start"].to_numpy()),
                "end_date": _dates(hist["end"].to_numpy()),
            }
        ),
        "parent_link": lambda: pa.table(
            {
                "child_true_person_id": true_ids(pop.parents["child"].to_numpy()),
                "parent_true_person_id": true_ids(pop.parents["parent"].to_numpy()),
                "relation": pop.parents["relation"].to_numpy().astype(str),
            }
        ),
    }
    for name, build in builders.items():
        yield name, build()
    yield from _year_tables(world, adversity, fy, lad)


def person_or_null(values: npt.NDArray[np.int64]) -> pa.Array:
    return pc.if_else(pa.array(values < 0), pa.scalar(None, pa.string()), true_ids(np.maximum(values, 0)))


def _adversity_table(rows: pd.DataFrame, fy: npt.NDArray[np.str_], category: str) -> pa.Table:
    """``adversity`` (true rows, the truth's category names) or ``recorded_adversity`` (rows the
    records show, derive's category names, ``is_true`` saying whether the truth holds it)."""
    return pa.table(
        {
            "true_person_id": true_ids(rows["person"].to_numpy()),
            "financial_year": fy[rows["year"].to_numpy()],
            "category": rows[category].to_numpy().astype(str),
            "subject": rows["subject"].to_numpy().astype(str),
            "carrier_true_person_id": person_or_null(rows["carrier"].to_numpy()),
            "is_true": rows["is_true"].to_numpy(bool),
            "recorded": rows["recorded"].to_numpy(bool),
            "recorded_in": rows["recorded_in"].to_numpy().astype(str),
            "recorded_about_adult_in": rows["recorded_about_adult_in"].to_numpy().astype(str),
        }
    )


def _year_tables(
    world: World, adversity: pd.DataFrame, fy: npt.NDArray[np.str_], lad: npt.NDArray[np.str_]
) -> Iterator[tuple[str, pa.Table]]:
    py, hy, geo = world.py, world.hy, world.geo

    child_columns = [
        "person",
        "year",
        "age",
        "household",
        "lsoa",
        "district",
        "hh_da",
        "hh_mh",
        "hh_sm",
        "maltreated",
        "in_care",
        "cin_open",
        "cp_open",
        "stable_home",
        "consistent_carer",
        "pupil",
        "persistent_absence",
        "permanently_excluded",
        "maltreatment",
        "suspensions",
    ]
    child = py.loc[py["age"].to_numpy() < 18, child_columns]
    fte = world.youth_justice[world.youth_justice["first_time"]]
    fte_key = fte["person"].to_numpy().astype(np.int64) * YEARS + _year(fte["offence"].to_numpy())
    jail = adversity[(adversity["category"] == "household_imprisonment") & adversity["is_true"]]
    jail_key = jail["person"].to_numpy() * YEARS + jail["year"].to_numpy()
    key = child["person"].to_numpy().astype(np.int64) * YEARS + child["year"].to_numpy()
    grown = py.loc[adults(world), ["person", "year", "district", "homeless", "mental_health"]]
    # the four domains as ``adult_domains`` defines them (the rows of ``adversity``)
    adult_key = grown["person"].to_numpy().astype(np.int64) * YEARS + grown["year"].to_numpy()
    true_adult = adversity[(adversity["subject"] == "adult").to_numpy() & adversity["is_true"].to_numpy(bool)]

    def domain(category: str) -> npt.NDArray[np.bool_]:
        rows = true_adult[true_adult["category"] == category]
        return np.isin(adult_key, rows["person"].to_numpy(np.int64) * YEARS + rows["year"].to_numpy(np.int64))

    md = {
        "homeless": domain("homelessness"),
        "offending": domain("offending"),
        "substance": domain("substance_dependency"),
        "mental_health": domain("mental_ill_health"),
    }
    count = np.vstack(list(md.values())).astype(int).sum(axis=0)
    # Hard Edges (the calibration target) counts people: the adult drawn homeless, not the household
    homeless_person = grown["homeless"].to_numpy(bool)
    hard_edges = homeless_person.astype(int) + md["offending"] + md["substance"]
    keep = count >= 1
    summary = (
        pd.DataFrame(
            {
                "year": grown["year"].to_numpy(),
                "district": grown["district"].to_numpy(),
                "adults": 1,
                "two_plus": count >= 2,
                "three_plus": count >= 3,
                "hard_edges_two_plus": hard_edges >= 2,
                "hard_edges_all_three": hard_edges == 3,
            }
        )
        .groupby(["year", "district"])
        .sum()
        .reset_index()
    )
    tables: dict[str, Callable[[], pa.Table]] = {
        "household_year": lambda: pa.table(
            {
                "household_id": hy["household"].to_numpy(),
                "financial_year": fy[hy["year"].to_numpy()],
                "n_children": hy["n_children"].to_numpy(),
                "domestic_abuse": hy["da"].to_numpy(),
                "mental_ill_health": hy["mh"].to_numpy(),
                "substance_misuse": hy["sm"].to_numpy(),
                "da_victim": person_or_null(hy["da_victim"].to_numpy()),
                "da_perpetrator": person_or_null(hy["da_perpetrator"].to_numpy()),
                "mh_person": person_or_null(hy["mh_person"].to_numpy()),
                "sm_person": person_or_null(hy["sm_person"].to_numpy()),
            }
        ),
        "child_year": lambda: pa.table(
            {
                "true_person_id": true_ids(child["person"].to_numpy()),
                "financial_year": fy[child["year"].to_numpy()],
                "age": child["age"].to_numpy(),
                "household_id": child["household"].to_numpy(),
                "lsoa11_code": geo.lsoa_code[child["lsoa"].to_numpy()],
                "lad19_code": lad[child["district"].to_numpy()],
                "imd_decile": geo.imd_decile[child["lsoa"].to_numpy()],
                **{
                    c: child[c].to_numpy(bool)
                    for c in (
                        "hh_da",
                        "hh_mh",
                        "hh_sm",
                        "maltreated",
                        "in_care",
                        "cin_open",
                        "cp_open",
                        "stable_home",
                        "consistent_carer",
                        "pupil",
                        "persistent_absence",
                        "permanently_excluded",
                    )
                },
                "maltreatment": child["maltreatment"].to_numpy().astype(str),
                "suspensions": child["suspensions"].to_numpy(),
                "first_time_entrant": np.isin(key, fte_key),
                "household_imprisonment": np.isin(key, jail_key),
            }
        ),
        "adversity": lambda: _adversity_table(adversity[adversity["is_true"].to_numpy(bool)], fy, "category"),
        "recorded_adversity": lambda: _adversity_table(
            adversity[adversity["recorded"].to_numpy(bool)], fy, "record_category"
        ),
        "multiple_disadvantage": lambda: pa.table(
            {
                "true_person_id": true_ids(grown["person"].to_numpy()[keep]),
                "financial_year": fy[grown["year"].to_numpy()[keep]],
                "lad19_code": lad[grown["district"].to_numpy()[keep]],
                "homelessness": md["homeless"][keep],
                "offending": md["offending"][keep],
                "substance_misuse": md["substance"][keep],
                "mental_ill_health": md["mental_health"][keep],
                "domain_count": count[keep],
                "hard_edges_count": hard_edges[keep],
                "homeless_person": homeless_person[keep],
                "severe_mental_ill_health": grown["mental_health"].to_numpy(bool)[keep],
            }
        ),
        "multiple_disadvantage_summary": lambda: pa.table(
            {
                "financial_year": fy[summary["year"].to_numpy()],
                "lad19_code": lad[summary["district"].to_numpy()],
                **{
                    c: summary[c].to_numpy(np.int64)
                    for c in (
                        "adults",
                        "two_plus",
                        "three_plus",
                        "hard_edges_two_plus",
                        "hard_edges_all_three",
                    )
                },
            }
        ),
    }
    for name, build in tables.items():
        yield name, build()


__all__ = ["adults", "person_or_null", "recorded_events", "true_adversity", "true_ids", "truth_tables"]
