"""Trends, inequality (SII/RII) and benchmark comparisons for a computed indicator table.

* **Trend**: each row carries the Fingertips recent-trend label over the five financial years
  ending at its period (the χ² test for trend in proportions for proportions, the weighted
  regression test otherwise), computed from unrounded figures; fewer than five consecutive
  years gives "Cannot be calculated".
* **Inequality**: for West Yorkshire and each district, the slope and relative index of
  inequality across national IMD deciles (and quintiles where the indicator is broken down by
  them), with simulated 95% and 99.8% limits, published as rows with breakdown ``inequality``
  and breakdown value ``sii_imd_decile`` / ``rii_imd_decile`` (…``_quintile``). Proportions are
  fitted on the logit scale and rates on the log scale (the package's ``transform``), so the
  fitted line cannot go below zero at the least deprived end and the RII stays a ratio of two
  positive rates; means are fitted as they are.
* **Comparison**: districts, wards and MSOAs against West Yorkshire for the same breakdown;
  West Yorkshire's breakdown rows against West Yorkshire as a whole. Made from the published
  (disclosure-controlled) values so that what a reader sees is consistent; see
  :mod:`atr.indicators.comparison`.
"""

from __future__ import annotations

import zlib

import numpy as np
import pandas as pd

from atr.indicators.aggregate import ALL, UNKNOWN
from atr.indicators.catalogue import QUANTILE_BREAKDOWNS, Indicator
from atr.indicators.comparison import NOT_COMPARED, compare_direction
from atr.indicators.disclosure import INEQUALITY
from atr.indicators.inequality import ValueType, sii_levels
from atr.indicators.trend import CANNOT_BE_CALCULATED, TREND_POINTS, trend_labels
from atr.reference import AREA_NOT_KNOWN_CODE, REGION_CODE

SII_LEVELS = ("region", "district")
QUANTILE_COUNTS = {"imd_decile": 10, "imd_quintile": 5}


def add_trends(table: pd.DataFrame, indicator: Indicator, periods: list[str]) -> pd.DataFrame:
    """Set ``trend`` on every row from the five years ending at its period."""
    out = table.copy()
    out["trend"] = None
    if indicator.method == "modelled" or out.empty:
        return out
    out["trend"] = CANNOT_BE_CALCULATED
    keys = ["area_code", "breakdown", "breakdown_value"]
    columns = ["value", "lower_95", "upper_95", "count", "denominator"]
    wide = out.set_index([*keys, "period"])[columns].unstack("period")
    grids = {c: wide[c].reindex(columns=periods).to_numpy(float) for c in columns}
    proportion = indicator.method == "proportion"
    needed = columns if proportion else columns[:3]
    valid = np.logical_and.reduce([~np.isnan(grids[c]) for c in needed])
    row_of = {key: i for i, key in enumerate(wide.index)}
    windows = [
        (s, end)
        for s, end in zip(*np.nonzero(valid), strict=True)
        if end >= TREND_POINTS - 1 and valid[s, end - TREND_POINTS + 1 : end + 1].all()
    ]
    labels: dict[tuple[int, int], str] = {}
    if windows:
        rows, ends = np.array([w[0] for w in windows]), np.array([w[1] for w in windows])
        offsets = ends[:, None] + np.arange(-TREND_POINTS + 1, 1)[None, :]
        stack = {c: grids[c][rows[:, None], offsets] for c in columns}
        found = trend_labels(
            stack["value"],
            stack["lower_95"],
            stack["upper_95"],
            counts=stack["count"] if proportion else None,
            denominators=stack["denominator"] if proportion else None,
            polarity=indicator.polarity,
        )
        labels = {(int(s), int(e)): label for s, e, label in zip(rows, ends, found, strict=True)}
    if labels:
        position = {p: i for i, p in enumerate(periods)}
        series = [
            row_of.get(k)
            for k in zip(out["area_code"], out["breakdown"], out["breakdown_value"], strict=True)
        ]
        per_row = [
            labels.get((s, position[p])) if s is not None else None
            for s, p in zip(series, out["period"], strict=True)
        ]
        out["trend"] = [label if label is not None else CANNOT_BE_CALCULATED for label in per_row]
    return out


def _value_type(indicator: Indicator) -> ValueType:
    if indicator.method == "proportion":
        return 2
    if indicator.method in ("rate", "dsr"):
        return 1
    return 0


def _seed(*parts: str) -> int:
    """A reproducible seed per (indicator, period, area, quantile) so reruns give the same limits."""
    return zlib.crc32("|".join(parts).encode("utf-8"))


def inequality_rows(table: pd.DataFrame, indicator: Indicator, repetitions: int) -> pd.DataFrame:
    """SII and RII rows across IMD quantiles for West Yorkshire and each district."""
    rows: list[dict[str, object]] = []
    quantile_breakdowns = [b for b in indicator.breakdowns if b in QUANTILE_BREAKDOWNS]
    if indicator.method == "modelled" or not quantile_breakdowns:
        return pd.DataFrame(rows)
    value_type = _value_type(indicator)
    scale = indicator.multiplier if value_type == 2 else 1.0
    columns = ["value", "lower_95", "upper_95", "denominator"]
    for breakdown in quantile_breakdowns:
        labels = [str(q) for q in range(1, QUANTILE_COUNTS[breakdown] + 1)]
        subset = table[
            (table["breakdown"] == breakdown)
            & table["area_type"].isin(SII_LEVELS)
            & (table["area_code"] != AREA_NOT_KNOWN_CODE)
        ]
        if subset.empty:
            continue
        wide = subset.set_index(["period", "area_type", "area_code", "breakdown_value"])[columns].unstack(
            "breakdown_value"
        )
        grids = {c: wide[c].reindex(columns=labels).to_numpy(float) for c in columns}
        suffix = breakdown.removeprefix("imd_")
        for i, (period, area_type, area_code) in enumerate(wide.index):
            values, lower, upper, pops = (grids[c][i] for c in columns)
            result = None
            note = f"not calculated: a {breakdown.replace('_', ' ')} has no value"
            if not (
                np.isnan(values).any() or np.isnan(lower).any() or np.isnan(pops).any() or (pops <= 0).any()
            ):
                result = sii_levels(
                    (values / scale).tolist(),
                    (lower / scale).tolist(),
                    (upper / scale).tolist(),
                    pops.tolist(),
                    levels=(0.95, 0.998),
                    value_type=value_type,
                    transform=value_type != 0,
                    multiplier=scale,
                    repetitions=repetitions,
                    seed=_seed(indicator.id, str(period), str(area_code), breakdown),
                )
                note = result[0.95].note or note
            base = {
                "indicator_id": indicator.id,
                "period": period,
                "area_type": area_type,
                "area_code": area_code,
                "breakdown": INEQUALITY,
                "method": "sii",
                "multiplier": scale,
            }
            for measure in ("sii", "rii"):
                row: dict[str, object] = {**base, "breakdown_value": f"{measure}_imd_{suffix}", "note": note}
                if result is not None and result[0.95].value is not None:
                    at95, at998 = result[0.95], result[0.998]
                    if measure == "sii":
                        row.update(
                            value=at95.value,
                            lower_95=at95.lower,
                            upper_95=at95.upper,
                            lower_998=at998.lower,
                            upper_998=at998.upper,
                        )
                    else:
                        row.update(
                            value=at95.rii,
                            lower_95=at95.rii_lower,
                            upper_95=at95.rii_upper,
                            lower_998=at998.rii_lower,
                            upper_998=at998.rii_upper,
                        )
                    kind = "slope" if measure == "sii" else "relative"
                    row["note"] = (
                        f"{kind} index of inequality across national IMD {suffix}s, "
                        f"1 = most deprived ({at95.method})"
                    )
                rows.append(row)
    return pd.DataFrame(rows)


def add_comparisons(published: pd.DataFrame, polarity_by_indicator: dict[str, str]) -> pd.DataFrame:
    """Set ``comparison`` (95%), ``comparison_998`` and ``benchmark_value`` on published rows."""
    out = published.copy()
    region = out[out["area_code"] == REGION_CODE]
    same = region.drop_duplicates(["indicator_id", "period", "breakdown", "breakdown_value"])
    same = same[["indicator_id", "period", "breakdown", "breakdown_value", "value"]].rename(
        columns={"value": "_same"}
    )
    total = region[region["breakdown"] == ALL].drop_duplicates(["indicator_id", "period"])
    total = total[["indicator_id", "period", "value"]].rename(columns={"value": "_total"})
    merged = (
        out[["indicator_id", "period", "breakdown", "breakdown_value"]]
        .merge(same, how="left", on=["indicator_id", "period", "breakdown", "breakdown_value"])
        .merge(total, how="left", on=["indicator_id", "period"])
    )
    is_region = (out["area_code"] == REGION_CODE).to_numpy()
    benchmarks = np.where(is_region, merged["_total"].to_numpy(float), merged["_same"].to_numpy(float))
    excluded = (
        (out["breakdown"] == INEQUALITY)
        | (is_region & (out["breakdown"] == ALL))
        | (out["breakdown_value"] == UNKNOWN)
        | out["method"].isin(["modelled", "count"])
        | (out["area_code"] == AREA_NOT_KNOWN_CODE)
    ).to_numpy()
    benchmarks = np.where(excluded, np.nan, benchmarks)
    value = out["value"].to_numpy(float)
    polarity = out["indicator_id"].map(polarity_by_indicator).to_numpy(object)
    for suffix, column in (("95", "comparison"), ("998", "comparison_998")):
        lower, upper = out[f"lower_{suffix}"].to_numpy(float), out[f"upper_{suffix}"].to_numpy(float)
        known = ~(np.isnan(value) | np.isnan(lower) | np.isnan(upper) | np.isnan(benchmarks))
        direction = np.where(lower > benchmarks, "higher", np.where(upper < benchmarks, "lower", "similar"))
        result = np.full(len(out), NOT_COMPARED, dtype=object)
        for pol in set(polarity[known]):
            rows = known & (polarity == pol)
            result[rows] = [compare_direction(d, pol) for d in direction[rows]]
        out[column] = result
    out["benchmark_value"] = benchmarks
    return out
