"""Synthetic derived tables shaped like the derive stage's output, for tests and the benchmark.

``child_year``, ``adult_year`` and ``modelled_toxic_trio`` with the column names of
``atr/derive`` (issue 6), filled with invented people on the synthetic West Yorkshire geography:
flags are drawn with a deprivation gradient and a gentle trend over the years so that
comparisons, trends and inequality indices have something to find. No real data.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from atr.derive.network import year_tables
from atr.reference.layout import REGION_CODE
from atr.reference.loader import load_reference
from atr.reference.sources import ReferenceSource
from atr.synthetic.network import DEFAULT_EXTRACT_DATE, as_ingested, generate_network
from atr.warehouse import Warehouse

PERIODS = ["2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25"]
ETHNIC_GROUPS = ["White", "Asian", "Black", "Mixed", "Other", "Unknown"]
ETHNIC_SHARES = [0.70, 0.17, 0.03, 0.04, 0.02, 0.04]


def load_synthetic_reference(warehouse: Warehouse, folder: Path) -> None:
    """The synthetic West Yorkshire geography (ref_lsoa, ref_area, ref_population, …)."""
    load_reference(warehouse, ReferenceSource("synthetic", folder))


def _lsoas(warehouse: Warehouse) -> pd.DataFrame:
    frame: pd.DataFrame = warehouse.query(
        "SELECT l.lsoa11_code, l.lad19_code, l.ward19_code, l.msoa11_code, CAST(l.imd_decile AS INTEGER) AS imd_decile, "
        "CAST(l.imd_quintile AS INTEGER) AS imd_quintile, p.pop_aged_0_15, p.pop_aged_16_59 + p.pop_aged_60_plus AS adults "
        "FROM ref_lsoa l JOIN ref_population p USING (lsoa11_code) ORDER BY l.lsoa11_code"
    ).to_pandas()
    return frame


def _people(rng: np.random.Generator, lsoas: pd.DataFrame, weights: np.ndarray, n: int) -> pd.DataFrame:
    pick = rng.choice(len(lsoas), size=n, p=weights / weights.sum())
    people = lsoas.iloc[pick].reset_index(drop=True)
    people["sex"] = rng.choice(["F", "M", "U"], size=n, p=[0.49, 0.49, 0.02])
    people["ethnic_group"] = rng.choice(ETHNIC_GROUPS, size=n, p=ETHNIC_SHARES)
    unknown_area = rng.random(n) < 0.01  # a few people with no known address
    for column in ("lsoa11_code", "lad19_code", "ward19_code", "msoa11_code", "imd_decile", "imd_quintile"):
        people[column] = people[column].astype(object).where(~unknown_area, None)
    return people


def _nullable(present: np.ndarray, values: np.ndarray) -> pd.arrays.BooleanArray:
    """Booleans that are missing (NULL) where ``present`` is false."""
    result = pd.array(np.asarray(values, dtype=bool), dtype="boolean")
    result[~np.asarray(present, dtype=bool)] = pd.NA
    return result


def _flag(rng: np.random.Generator, base: float, risk: np.ndarray) -> np.ndarray:
    return rng.random(risk.size) < np.clip(base * risk, 0, 0.95)


def child_year_frame(warehouse: Warehouse, children: int, seed: int = 1) -> pd.DataFrame:
    """About ``children`` × 6 × 18/18 child-year rows (each child seen while aged 0–17)."""
    rng = np.random.default_rng(seed)
    lsoas = _lsoas(warehouse)
    people = _people(rng, lsoas, lsoas["pop_aged_0_15"].to_numpy(float), children)
    people["entity_id"] = [f"E{i:015x}" for i in range(children)]
    birth_year = rng.integers(2002, 2025, size=children)
    frames = []
    for index, period in enumerate(PERIODS):
        start = int(period[:4])
        age = start - birth_year
        alive = (age >= 0) & (age <= 17)
        year = people[alive].copy()
        year["financial_year"] = period
        year["age"] = age[alive]
        frames.append((year, index))
    rows = []
    for year, index in frames:
        n = len(year)
        decile = pd.to_numeric(year["imd_decile"], errors="coerce").fillna(5).to_numpy(float)
        risk = (1.0 + 0.25 * (10 - decile)) * (1.0 + 0.04 * index)  # deprivation gradient, rising over time
        age = year["age"].to_numpy()
        school = age >= 5
        year["age_band"] = np.select([age <= 4, age <= 9, age <= 14], ["0-4", "5-9", "10-14"], "15-17")
        year["toxic_trio_any2"] = _flag(rng, 0.012, risk)
        year["toxic_trio_any2_ab"] = year["toxic_trio_any2"] & (rng.random(n) < 0.6)
        year["toxic_trio_window"] = year["toxic_trio_any2"] & (rng.random(n) < 0.15)
        year["toxic_trio_assessment"] = year["toxic_trio_any2"] & (rng.random(n) < 0.3)
        year["observable_ace_count"] = np.minimum(rng.poisson(0.05 * risk), 8).astype(np.int64)
        year["child_in_need_31_march"] = _flag(rng, 0.012, risk)
        year["cp_plan_31_march"] = year["child_in_need_31_march"] & (rng.random(n) < 0.15)
        year["looked_after_31_march"] = _flag(rng, 0.003, risk)
        year["looked_after"] = year["looked_after_31_march"] | _flag(rng, 0.0008, risk)
        year["care_entry"] = year["looked_after"] & (rng.random(n) < 0.3)
        year["first_time_entrant"] = (age >= 10) & _flag(rng, 0.0012, risk)
        year["police_da_child_occurrences"] = rng.poisson(0.01 * risk).astype(np.int64)
        has_school = school & (rng.random(n) < 0.97)
        year["sessions_possible"] = np.where(has_school, 380, np.nan)
        absent = rng.beta(1.2, 14, size=n) * (0.85 + 0.03 * (10 - decile))
        year["persistent_absence"] = _nullable(has_school, absent >= 0.1)
        year["suspensions"] = np.where(has_school, rng.poisson(0.02 * risk), 0).astype(np.int64)
        year["permanent_exclusion"] = has_school & _flag(rng, 0.0004, risk)
        good = (
            (absent < 0.1) & (year["suspensions"].to_numpy() == 0) & ~year["permanent_exclusion"].to_numpy()
        )
        year["pf_good_attendance_proxy"] = _nullable(has_school, good)
        stable = rng.random(n) < 0.8
        looked_after = year["looked_after"].to_numpy(bool)
        year["pf_placement_stability_proxy"] = _nullable(looked_after, stable)
        year["pf_stable_address_proxy"] = pd.array(rng.random(n) < 0.9, dtype="boolean")
        year["pf_early_help_proxy"] = _flag(rng, 0.01, risk)
        rows.append(year)
    frame = pd.concat(rows, ignore_index=True)
    return frame.drop(columns=["pop_aged_0_15", "adults"])


def adult_year_frame(warehouse: Warehouse, adults: int, seed: int = 2) -> pd.DataFrame:
    """Adult-years with at least one domain of multiple disadvantage (``adults`` per year)."""
    rng = np.random.default_rng(seed)
    lsoas = _lsoas(warehouse)
    decile_weight = lsoas["adults"].to_numpy(float) * (1 + 0.3 * (10 - lsoas["imd_decile"].to_numpy(float)))
    rows = []
    for index, period in enumerate(PERIODS):
        year = _people(rng, lsoas, decile_weight, adults + 200 * index)
        year["entity_id"] = [f"A{index}{i:014x}" for i in range(len(year))]
        year["financial_year"] = period
        domains = rng.random((len(year), 4)) < np.array([0.35, 0.25, 0.4, 0.45])
        domains[domains.sum(axis=1) == 0, 3] = True
        for column, values in zip(
            ("homelessness", "offending", "substance_misuse", "mental_health"), domains.T, strict=True
        ):
            year[column] = values
        year["domain_count"] = domains.sum(axis=1).astype(np.int64)
        year["age"] = rng.integers(18, 80, size=len(year))
        year["age_band"] = np.select([year["age"] <= 24, year["age"] <= 34], ["18-24", "25-34"], "35+")
        rows.append(year.drop(columns=["pop_aged_0_15", "adults"]))
    return pd.concat(rows, ignore_index=True)


def modelled_frame(warehouse: Warehouse) -> pd.DataFrame:
    """Modelled toxic-trio rows per area (two measures), consistent with district totals."""
    lsoas = _lsoas(warehouse)
    lsoas["children"] = lsoas["pop_aged_0_15"] * 18 / 16
    rows = []
    for measure, rate in (("any_narrow", 19.8), ("two_or_more_narrow", 4.5)):
        share = rate / 100 * (0.7 + 0.06 * (10 - lsoas["imd_decile"]))
        lsoas["estimate"] = lsoas["children"] * share
        levels = [
            ("region", None),
            ("district", "lad19_code"),
            ("ward", "ward19_code"),
            ("msoa", "msoa11_code"),
        ]
        for area_type, column in levels:
            keys = pd.Series(REGION_CODE, index=lsoas.index) if column is None else lsoas[column]
            sums = lsoas.groupby(keys)[["children", "estimate"]].sum()
            for code, total in sums.iterrows():
                value = 100 * total["estimate"] / total["children"]
                rows.append(
                    {
                        "area_code": code,
                        "area_type": area_type,
                        "measure": measure,
                        "children_0_17": total["children"],
                        "estimate": total["estimate"],
                        "rate": value,
                        "rate_lower": value * 0.85,
                        "rate_upper": value * 1.15,
                    }
                )
    return pd.DataFrame(rows)


def write_derived(warehouse: Warehouse, children: int = 4000, adults: int = 600, seed: int = 1) -> None:
    """Write child_year, adult_year, modelled_toxic_trio, the network year tables and the
    programmes' people supported into ``warehouse``."""
    child_year = child_year_frame(warehouse, children, seed)
    for name, frame in (
        ("child_year", child_year),
        ("adult_year", adult_year_frame(warehouse, adults, seed + 1)),
        ("modelled_toxic_trio", modelled_frame(warehouse)),
    ):
        warehouse.write_arrow(name, pa.Table.from_pandas(frame, preserve_index=False))
    write_network_years(warehouse, seed)
    warehouse.write_arrow(
        "programme_person_year", pa.Table.from_pandas(programme_years(child_year, seed), preserve_index=False)
    )


def programme_years(child_year: pd.DataFrame, seed: int = 1) -> pd.DataFrame:
    """``programme_person_year`` as ``atr evaluate`` writes it: a tenth of the children (and
    every child with no known district, so the area remainder shows) start a programme in some
    year and are counted in every year after, where they lived at the start."""
    rng = np.random.default_rng(seed + 2)
    first = child_year.drop_duplicates("entity_id")
    chosen = first[(rng.random(len(first)) < 0.1) | first["lad19_code"].isna()]
    start = rng.integers(1, len(PERIODS), size=len(chosen))
    rows = [
        {
            "entity_id": person.entity_id,
            "financial_year": PERIODS[year],
            "lad19_code": person.lad19_code,
            "ward19_code": person.ward19_code,
            "msoa11_code": person.msoa11_code,
            "sex": person.sex,
            "programme_code": "NAVIG",
            "new_in_year": year == begin,
        }
        for person, begin in zip(chosen.itertuples(), start.tolist(), strict=True)
        for year in range(begin, len(PERIODS))
    ]
    return pd.DataFrame(rows)


def write_network_years(warehouse: Warehouse, seed: int = 1) -> None:
    """The network's year tables, from the synthetic network as ingest would have loaded it."""
    rows = as_ingested(generate_network(seed))
    for name, table in year_tables(rows, {"WYATR": DEFAULT_EXTRACT_DATE}, PERIODS).items():
        warehouse.write_arrow(name, table)
