"""``atr indicators``: every catalogue indicator, for every area, breakdown and year, made safe.

Order of work, per indicator: count (:mod:`~atr.indicators.aggregate`), calculate values and
limits (:mod:`~atr.indicators.calculate`), add trends and inequality rows
(:mod:`~atr.indicators.enrich`). Then, for the whole table at once, disclosure control
(:mod:`~atr.indicators.disclosure`) and the benchmark comparisons made from the published
figures. The results replace ``indicator_value`` and ``indicator_meta`` in one transaction and
are exported as CSV and Parquet, each file written atomically.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from atr.atomic import atomic_path
from atr.console import progress
from atr.errors import StageError
from atr.indicators.aggregate import CELL_KEYS, aggregate
from atr.indicators.benchmarks import load_national_figures, national_rows
from atr.indicators.calculate import compute_values
from atr.indicators.catalogue import YEAR_TABLES, Indicator, load_catalogue
from atr.indicators.disclosure import apply_disclosure_control, rule_description
from atr.indicators.enrich import add_comparisons, add_trends, inequality_rows
from atr.indicators.settings import DEFAULT_SII_REPETITIONS, DisclosureSettings
from atr.reference import AREA_NOT_KNOWN_CODE, REGION_CODE, REGION_NAME
from atr.warehouse import Warehouse

VALUE_SCHEMA = pa.schema(
    [
        ("indicator_id", pa.string()),
        ("period", pa.string()),
        ("area_code", pa.string()),
        ("area_type", pa.string()),
        ("breakdown", pa.string()),
        ("breakdown_value", pa.string()),
        ("count", pa.int64()),
        ("denominator", pa.int64()),
        ("value", pa.float64()),
        ("lower_95", pa.float64()),
        ("upper_95", pa.float64()),
        ("lower_998", pa.float64()),
        ("upper_998", pa.float64()),
        ("comparison", pa.string()),
        ("trend", pa.string()),
        ("suppressed", pa.bool_()),
        ("note", pa.string()),
        ("comparison_998", pa.string()),
        ("benchmark_value", pa.float64()),
    ]
)
META_COLUMNS = [
    "indicator_id",
    "title",
    "definition",
    "outcome",
    "method",
    "statistic",
    "multiplier",
    "unit",
    "polarity",
    "age_band",
    "breakdowns",
    "areas",
    "numerator",
    "denominator",
    "benchmark",
    "confidence",
    "trend_method",
    "inequality",
    "sources",
    "caveats",
    "disclosure",
    "target_value",
    "target_by",
    "target_label",
    "target_measure",
]


@dataclass(frozen=True)
class IndicatorRun:
    """What a run produced."""

    indicators: int
    rows: int
    suppressed: int
    periods: list[str]
    out_dir: Path
    seconds: float


def _area_frame(warehouse: Warehouse) -> pd.DataFrame:
    if not warehouse.table_exists("ref_area"):
        raise StageError(
            "indicators", "table 'ref_area' is not in the warehouse", fix="run `atr reference load` first"
        )
    frame: pd.DataFrame = warehouse.query("SELECT area_code, area_type, lad19_code FROM ref_area").to_pandas()
    return frame


def area_parents(areas: pd.DataFrame) -> dict[str, str]:
    """Each district's parent is West Yorkshire; each ward's and MSOA's is its district.

    The "area not known" remainder is a district-level child of West Yorkshire too, so that
    secondary suppression protects it within the region = sum of districts relation.
    """
    parents: dict[str, str] = {AREA_NOT_KNOWN_CODE: REGION_CODE}
    for row in areas.itertuples(index=False):
        if row.area_type == "district":
            parents[str(row.area_code)] = REGION_CODE
        elif row.area_type in ("ward", "msoa") and row.lad19_code is not None:
            parents[str(row.area_code)] = str(row.lad19_code)
    return parents


def available_periods(warehouse: Warehouse) -> list[str]:
    """Every financial year in the person-year (and network year) tables, oldest first."""
    found: set[str] = set()
    for table in YEAR_TABLES:
        if warehouse.table_exists(table):
            found |= {
                str(r["p"]) for r in warehouse.rows(f"SELECT DISTINCT financial_year AS p FROM {table}")
            }
    return sorted(p for p in found if p)


def _indicator_periods(indicator: Indicator, periods: list[str]) -> list[str]:
    return periods if indicator.periods == "all" else [p for p in periods if p in indicator.periods]


def compute_indicator(
    warehouse: Warehouse,
    indicator: Indicator,
    periods: list[str],
    known_areas: set[tuple[str, str]],
    sii_repetitions: int = DEFAULT_SII_REPETITIONS,
) -> pd.DataFrame:
    """All rows of one indicator before disclosure control (true counts)."""
    wanted = periods if indicator.method != "modelled" else list(indicator.periods)
    if not wanted:
        return pd.DataFrame()
    cells = aggregate(warehouse, indicator, wanted)
    if not cells.empty:
        known_areas = known_areas | {("district", AREA_NOT_KNOWN_CODE)}  # the region's remainder
        keep = [(t, c) in known_areas for t, c in zip(cells["area_type"], cells["area_code"], strict=True)]
        cells = cells[np.asarray(keep, dtype=bool)]
    values = compute_values(indicator, cells)
    values = add_trends(values, indicator, periods)
    inequality = inequality_rows(values, indicator, sii_repetitions)
    return pd.concat([values, inequality], ignore_index=True) if not inequality.empty else values


def _meta(indicators: list[Indicator], settings: DisclosureSettings) -> pd.DataFrame:
    statistic = {
        "proportion": "Wilson score intervals",
        "rate": "exact Poisson (under 10 events) or Byar's intervals",
        "dsr": "directly standardised rate (ESP 2013), Dobson intervals; not calculated under 10 events",
        "mean": "Student's t intervals",
        "modelled": "modelled estimate with simulation interval",
        "count": "a count (no interval)",
    }
    rows = []
    for ind in indicators:
        den = ind.denominator
        rows.append(
            {
                "indicator_id": ind.id,
                "title": ind.title,
                "definition": ind.definition,
                "outcome": ind.outcome,
                "method": ind.method,
                "statistic": statistic[ind.method],
                "multiplier": float(ind.multiplier),
                "unit": ind.unit,
                "polarity": str(ind.polarity),
                "age_band": ind.age_band,
                "breakdowns": "; ".join(ind.breakdowns),
                "areas": "; ".join(ind.areas),
                "numerator": f"{ind.numerator.table} where {ind.numerator.where}"
                + ("" if ind.numerator.count == "rows" else f", summing {ind.numerator.count}"),
                "denominator": ""
                if den is None
                else (
                    f"{den.table}: {den.population}" if den.population else f"{den.table} where {den.where}"
                ),
                "benchmark": f"{REGION_NAME} ({REGION_CODE})",
                "confidence": "95% and 99.8%",
                "trend_method": "chi-square test for trend in proportions"
                if ind.method == "proportion"
                else "weighted regression chi-square test (Fingertips)",
                "inequality": "slope and relative index of inequality across national IMD deciles/quintiles",
                "sources": "; ".join(ind.sources),
                "caveats": " | ".join(ind.caveats),
                "disclosure": rule_description(settings),
                "target_value": ind.target.value if ind.target else None,
                "target_by": ind.target.by if ind.target else None,
                "target_label": ind.target.label if ind.target else None,
                "target_measure": ind.target.measure if ind.target else None,
            }
        )
    return pd.DataFrame(rows, columns=META_COLUMNS)


def _value_table(frame: pd.DataFrame) -> pa.Table:
    out = frame.copy()
    for column in ("count", "denominator"):
        out[column] = pd.array(np.round(out[column].to_numpy(float)), dtype="Int64")
    out["suppressed"] = out["suppressed"].astype(bool)
    for column in ("comparison", "trend", "note", "comparison_998"):
        out[column] = out[column].astype(object).where(out[column].notna(), None)
    return pa.Table.from_pandas(out[VALUE_SCHEMA.names], schema=VALUE_SCHEMA, preserve_index=False)


def export(values: pa.Table, meta: pa.Table, out_dir: Path) -> list[Path]:
    """CSV and Parquet of both tables; each file appears whole or not at all."""
    written = []
    for name, table in (("indicator_value", values), ("indicator_meta", meta)):
        parquet_path, csv_path = out_dir / f"{name}.parquet", out_dir / f"{name}.csv"
        with atomic_path(parquet_path) as tmp:
            pq.write_table(table, tmp)
        with atomic_path(csv_path) as tmp:
            table.to_pandas().to_csv(tmp, index=False)
        written += [csv_path, parquet_path]
    return written


def run_indicators(
    warehouse: Warehouse,
    out_dir: Path,
    *,
    catalogue: list[Indicator] | None = None,
    settings: DisclosureSettings | None = None,
    periods: list[str] | None = None,
    sii_repetitions: int = DEFAULT_SII_REPETITIONS,
) -> IndicatorRun:
    """Compute, protect, store and export every indicator."""
    started = time.perf_counter()
    indicators = catalogue if catalogue is not None else load_catalogue()
    rules = settings or DisclosureSettings()
    areas = _area_frame(warehouse)
    known = {(str(t), str(c)) for t, c in zip(areas["area_type"], areas["area_code"], strict=True)}
    known.add(("region", REGION_CODE))
    data_periods = available_periods(warehouse)
    if not data_periods and any(i.method != "modelled" for i in indicators):
        raise StageError(
            "indicators", "no child_year or adult_year rows to count", fix="run `atr derive` first"
        )
    chosen = [p for p in data_periods if periods is None or p in periods]
    frames = []
    with progress() as bar:
        task = bar.add_task("Indicators", total=len(indicators))
        for indicator in indicators:
            bar.update(task, description=f"Indicator {indicator.id}")
            frames.append(
                compute_indicator(
                    warehouse, indicator, _indicator_periods(indicator, chosen), known, sii_repetitions
                )
            )
            bar.advance(task)
    computed = [f for f in frames if not f.empty]
    if not computed:
        raise StageError(
            "indicators", "no indicator produced any figure", fix="check the periods and derived tables"
        )
    table = pd.concat(computed, ignore_index=True)
    published = apply_disclosure_control(table, area_parents(areas), rules)
    published = add_comparisons(published, {i.id: str(i.polarity) for i in indicators})
    scales = {i.id: i.multiplier for i in indicators}
    england = national_rows(scales, set(published["period"]), load_national_figures())
    if not england.empty:  # published figures, added after disclosure control (they are not ours)
        published = pd.concat([published, england], ignore_index=True)
    published = published.sort_values(
        ["indicator_id", "period", "area_type", "area_code", "breakdown", "breakdown_value"], kind="stable"
    )
    values = _value_table(published)
    meta = pa.Table.from_pandas(_meta(indicators, rules), preserve_index=False)
    with warehouse.transaction():
        warehouse.write_arrow("indicator_value", values)
        warehouse.write_arrow("indicator_meta", meta)
        warehouse.set_meta("disclosure", {"suppress_below": rules.suppress_below, "round_to": rules.round_to})
    export(values, meta, out_dir)
    return IndicatorRun(
        len(indicators),
        values.num_rows,
        int(published["suppressed"].sum()),
        chosen,
        out_dir,
        time.perf_counter() - started,
    )


__all__ = ["CELL_KEYS", "IndicatorRun", "run_indicators"]
