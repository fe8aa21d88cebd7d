"""Realistic published tables for testing the publish stage before (and apart from) indicators.

Writes ``indicator_meta`` and ``indicator_value`` in the contract's shape (docs/tables.md), built
on whatever reference geography the warehouse holds: West Yorkshire, its five districts, wards
and MSOAs, IMD-decile breakdowns with an SII row, England rows for some indicators, six
financial years, trends on the latest year, and small counts suppressed (1-7) with the rest
rounded to 5, as the indicators stage will publish them. Also writes the aggregate quality
tables the data-quality page reads. All numbers are invented.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import yaml
from publish_sample_network import network_published  # beside this file, on sys.path like it
from publish_sample_quality import quality_tables

from atr.warehouse import Warehouse

PERIODS = ("2019/20", "2020/21", "2021/22", "2022/23", "2023/24", "2024/25")
REGION = "E47000003"
ENGLAND = "E92000001"
Z95, Z998 = 1.959963984540054, 3.090232306167813


@dataclass(frozen=True)
class SampleIndicator:
    indicator_id: str
    title: str
    outcome: str
    polarity: str
    method: str  # "proportion" or "rate"
    multiplier: int
    unit: str
    base: float  # West Yorkshire's value in the first year
    drift: float  # change per year, relative
    gradient: float  # most deprived decile's value relative to the least deprived
    england: bool = False
    target: tuple[float, str, str] | None = None
    cohort: float = 1.0  # share of children in the denominator (a tracked cohort is small)


OUTCOMES = (
    "Reduce the number of children in care",
    "Reduce high-risk behaviours",
    "Increase protective factors",
)


def _catalogue() -> tuple[SampleIndicator, ...]:
    """The invented indicators, from ``data/sample_catalogue.yaml``."""
    rows = yaml.safe_load(
        (Path(__file__).parent / "data" / "sample_catalogue.yaml").read_text(encoding="utf-8")
    )
    return tuple(
        SampleIndicator(
            **{
                **row,
                "outcome": OUTCOMES[row["outcome"]],
                "target": tuple(row["target"]) if "target" in row else None,
            }
        )
        for row in rows["indicators"]
    )


CATALOGUE = _catalogue()


def _extra_indicators(n: int) -> tuple[SampleIndicator, ...]:
    """More indicators of the same kinds, for benchmark-scale sites."""
    extra = []
    for i in range(n):
        template = CATALOGUE[i % len(CATALOGUE)]
        extra.append(
            SampleIndicator(
                f"extra_{i:02d}",
                f"{template.title} (variant {i + 1})",
                template.outcome,
                template.polarity,
                template.method,
                template.multiplier,
                template.unit,
                template.base * (0.8 + 0.05 * (i % 8)),
                template.drift,
                template.gradient,
            )
        )
    return tuple(extra)


def _limits(count: float, denom: float, ind: SampleIndicator, z: float) -> tuple[float, float]:
    """Wilson limits for proportions and Byar's for rates (enough for a fixture)."""
    if ind.method == "proportion":
        p = count / denom
        centre = (2 * count + z * z) / (2 * (denom + z * z))
        half = z * math.sqrt(z * z + 4 * count * (1 - p)) / (2 * (denom + z * z))
        return (centre - half) * ind.multiplier, (centre + half) * ind.multiplier
    low = count * (1 - 1 / (9 * count) - z / (3 * math.sqrt(count))) ** 3 if count > 0 else 0.0
    up = (count + 1) * (1 - 1 / (9 * (count + 1)) + z / (3 * math.sqrt(count + 1))) ** 3
    return low / denom * ind.multiplier, up / denom * ind.multiplier


def _row(
    ind: SampleIndicator,
    period: str,
    code: str,
    area_type: str,
    breakdown: str,
    group: str,
    expected_rate: float,
    denom: float,
    rng: np.random.Generator,
) -> dict[str, Any]:
    denom = max(1.0, round(denom * ind.cohort))
    raw = int(rng.poisson(max(expected_rate, 0.0) * denom / ind.multiplier))
    raw = min(raw, int(denom))
    base = {
        "indicator_id": ind.indicator_id,
        "period": period,
        "area_code": code,
        "area_type": area_type,
        "breakdown": breakdown,
        "breakdown_value": group,
        "denominator": float(5 * round(denom / 5)),
        "comparison": None,
        "trend": None,
        "note": None,
    }
    if area_type != "country" and 0 < raw < 8:
        return {
            **base,
            "count": None,
            "value": None,
            "lower_95": None,
            "upper_95": None,
            "lower_998": None,
            "upper_998": None,
            "suppressed": True,
            "note": "Suppressed: fewer than 8",
        }
    count = float(5 * round(raw / 5)) if area_type != "country" else float(raw)
    denom = base["denominator"] or denom  # values come from the published (rounded) figures
    count = min(count, denom)
    value = count / denom * ind.multiplier
    lo95, up95 = _limits(count, denom, ind, Z95)
    lo998, up998 = _limits(count, denom, ind, Z998)
    return {
        **base,
        "count": count,
        "value": value,
        "lower_95": lo95,
        "upper_95": up95,
        "lower_998": lo998,
        "upper_998": up998,
        "suppressed": False,
    }


def _cap(ind: SampleIndicator, rate: float) -> float:
    return min(rate, 99.0) if ind.method == "proportion" else rate


def _populations(
    wh: Warehouse,
) -> tuple[dict[str, float], dict[tuple[str, int], float], dict[str, float], dict[str, float]]:
    """Children by district, by (district or region, IMD decile), by ward and by MSOA."""
    rows = wh.rows(
        "SELECT l.lad19_code, l.imd_decile, l.ward19_code, l.msoa11_code, p.pop_aged_0_15 AS pop "
        "FROM ref_lsoa l JOIN ref_population p USING (lsoa11_code)"
    )
    district: dict[str, float] = {}
    decile: dict[tuple[str, int], float] = {}
    ward: dict[str, float] = {}
    msoa: dict[str, float] = {}
    for r in rows:
        pop = float(r["pop"]) * 1.15  # 0-15 to roughly 0-17
        district[r["lad19_code"]] = district.get(r["lad19_code"], 0) + pop
        for key in ((r["lad19_code"], int(r["imd_decile"])), (REGION, int(r["imd_decile"]))):
            decile[key] = decile.get(key, 0) + pop
        ward[r["ward19_code"]] = ward.get(r["ward19_code"], 0) + pop
        msoa[r["msoa11_code"]] = msoa.get(r["msoa11_code"], 0) + pop
    return district, decile, ward, msoa


GROUPS = {
    "sex": ("F", "M"),
    "age_band": ("0-4", "5-9", "10-15", "16-17"),
    "ethnic_group": ("Asian", "Black", "Mixed", "Other", "White"),
    "imd_quintile": ("1", "2", "3", "4", "5"),
}
"""Further breakdowns (region and districts) for benchmark-scale tables."""


def sample_values(
    wh: Warehouse,
    indicators: tuple[SampleIndicator, ...],
    small_areas: tuple[str, ...],
    seed: int = 11,
    extra_breakdowns: bool = False,
) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    district_pop, decile_pop, ward_pop, msoa_pop = _populations(wh)
    ward_district = {
        r["area_code"]: r["lad19_code"]
        for r in wh.rows("SELECT area_code, lad19_code FROM ref_area WHERE area_type IN ('ward', 'msoa')")
    }
    district_factor = {code: 0.7 + 0.15 * i for i, code in enumerate(sorted(district_pop))}
    rows: list[dict[str, Any]] = []
    for ind in indicators:
        for y, period in enumerate(PERIODS):
            level = ind.base * (1 + ind.drift) ** y
            region_total = 0.0
            for code, pop in district_pop.items():
                rate = _cap(ind, level * district_factor[code])
                rows.append(_row(ind, period, code, "district", "all", "", rate, pop, rng))
                region_total += pop
                for d in range(1, 11):
                    slope = ind.gradient ** ((10 - d) / 9)
                    rows.append(
                        _row(
                            ind,
                            period,
                            code,
                            "district",
                            "imd_decile",
                            str(d),
                            _cap(ind, level * slope * 0.6),
                            decile_pop.get((code, d), 0) or 1,
                            rng,
                        )
                    )
            rows.append(_row(ind, period, REGION, "region", "all", "", level, region_total, rng))
            if extra_breakdowns:
                for code, pop in [*district_pop.items(), (REGION, region_total)]:
                    area_type = "region" if code == REGION else "district"
                    for breakdown, groups in GROUPS.items():
                        for group in groups:
                            rows.append(
                                _row(
                                    ind,
                                    period,
                                    code,
                                    area_type,
                                    breakdown,
                                    group,
                                    _cap(ind, level * rng.uniform(0.6, 1.4)),
                                    pop / len(groups),
                                    rng,
                                )
                            )
            for d in range(1, 11):
                slope = ind.gradient ** ((10 - d) / 9)
                rows.append(
                    _row(
                        ind,
                        period,
                        REGION,
                        "region",
                        "imd_decile",
                        str(d),
                        _cap(ind, level * slope * 0.6),
                        decile_pop.get((REGION, d), 1),
                        rng,
                    )
                )
            sii = level * (ind.gradient - 1) * 0.6
            for measure, index in (("sii", sii), ("rii", ind.gradient)):
                rows.append(
                    {
                        **_row(
                            ind,
                            period,
                            REGION,
                            "region",
                            "inequality",
                            f"{measure}_imd_decile",
                            level,
                            region_total,
                            rng,
                        ),
                        "count": None,
                        "denominator": None,
                        "value": index,
                        "lower_95": index * 0.8,
                        "upper_95": index * 1.2,
                        "lower_998": index * 0.7,
                        "upper_998": index * 1.3,
                        "suppressed": False,
                        "note": None,
                    }
                )
            if ind.england:
                rows.append(_row(ind, period, ENGLAND, "country", "all", "", level * 0.9, 11_000_000, rng))
            for area_type, pops in (("ward", ward_pop), ("msoa", msoa_pop)):
                if area_type not in small_areas:
                    continue
                for code, pop in pops.items():
                    factor = district_factor.get(ward_district.get(code, ""), 1.0) * rng.uniform(0.5, 1.6)
                    rows.append(
                        _row(ind, period, code, area_type, "all", "", _cap(ind, level * factor), pop, rng)
                    )
    _add_trends(rows, indicators)
    return rows


def _add_trends(rows: list[dict[str, Any]], indicators: tuple[SampleIndicator, ...]) -> None:
    labels = {1: "Increasing", -1: "Decreasing", 0: "No significant change"}
    for ind in indicators:
        direction = 0 if abs(ind.drift) < 0.015 else (1 if ind.drift > 0 else -1)
        for r in rows:
            if (
                r["indicator_id"] == ind.indicator_id
                and r["period"] == PERIODS[-1]
                and r["breakdown"] == "all"
            ):
                r["trend"] = (
                    labels[direction] if r["area_type"] in ("region", "district") else "Cannot be calculated"
                )


def sample_meta(indicators: tuple[SampleIndicator, ...]) -> list[dict[str, Any]]:
    return [
        {
            "indicator_id": i.indicator_id,
            "title": i.title,
            "definition": f"{i.title}: the number recorded during the year, {i.unit}.",
            "polarity": i.polarity,
            "outcome": i.outcome,
            "unit": i.unit,
            "multiplier": float(i.multiplier),
            "caveats": "Synthetic figures for testing."
            # as in the real catalogue, a caveat may name another indicator by its id
            + ("" if i is indicators[0] else f" | Counted as {indicators[0].indicator_id} is."),
            "method": i.method,
            "age_band": "0-17",
            "sources": "Children's social care; schools",
            "target_value": i.target[0] if i.target else None,
            "target_by": i.target[1] if i.target else None,
            "target_label": i.target[2] if i.target else None,
            "target_measure": "count" if i.target else None,
            "decimals": None,
        }
        for i in indicators
    ]


def write_sample_tables(
    wh: Warehouse,
    *,
    extra_indicators: int = 0,
    small_areas: tuple[str, ...] = ("ward",),
    seed: int = 11,
    quality: bool = True,
    extra_breakdowns: bool = False,
    network: bool = True,
) -> None:
    """Write the published tables (and, optionally, quality summaries) into a warehouse that
    already holds the reference geography; with ``network``, the network section's KPIs too."""
    indicators = CATALOGUE + _extra_indicators(extra_indicators)
    network_meta, network_values = network_published(wh, PERIODS) if network else ([], [])
    metas = sample_meta(indicators)
    metas += [{key: m.get(key) for key in metas[0]} for m in network_meta]
    wh.write_arrow("indicator_meta", pa.Table.from_pylist(metas))
    schema = pa.schema(
        [
            ("indicator_id", pa.string()),
            ("period", pa.string()),
            ("area_code", pa.string()),
            ("area_type", pa.string()),
            ("breakdown", pa.string()),
            ("breakdown_value", pa.string()),
            ("count", pa.float64()),
            ("denominator", pa.float64()),
            ("value", pa.float64()),
            ("lower_95", pa.float64()),
            ("upper_95", pa.float64()),
            ("lower_998", pa.float64()),
            ("upper_998", pa.float64()),
            ("comparison", pa.string()),
            ("trend", pa.string()),
            ("suppressed", pa.bool_()),
            ("note", pa.string()),
        ]
    )
    rows = sample_values(wh, indicators, small_areas, seed, extra_breakdowns)
    rows += [{key: v[key] for key in schema.names} for v in network_values]
    wh.write_arrow("indicator_value", pa.Table.from_pylist(rows, schema=schema))
    wh.set_meta("extracts_are_synthetic", True)
    wh.set_meta("disclosure", {"suppress_below": 8, "round_to": 5})
    if quality:
        quality_tables(wh, PERIODS, REGION)
