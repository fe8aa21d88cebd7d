"""From counted cells to values and 95%/99.8% limits, by each indicator's method.

Vectorised over every cell of an indicator at once with the array forms of the statistics in
:mod:`atr.indicators.intervals` and :mod:`atr.indicators.dsr`, so the engine makes a handful of
numpy calls per indicator rather than one scipy call per cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atr.indicators.aggregate import CELL_KEYS, standard_bands
from atr.indicators.catalogue import Indicator
from atr.indicators.dsr import DSR_MINIMUM_COUNT, dsr_limits, european_standard_population
from atr.indicators.intervals import mean_limits, proportion_limits, rate_limits

LEVELS = {"95": 0.95, "998": 0.998}
VALUE_COLUMNS = ["count", "denominator", "value", "lower_95", "upper_95", "lower_998", "upper_998", "note"]


def _notes(frame: pd.DataFrame) -> pd.Series:
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _crude(indicator: Indicator, cells: pd.DataFrame) -> pd.DataFrame:
    out = cells[CELL_KEYS].copy()
    x, n = cells["num"].to_numpy(float), cells["den"].to_numpy(float)
    out["count"], out["denominator"] = x, n
    notes = _notes(out)
    function = proportion_limits if indicator.method == "proportion" else rate_limits
    for suffix, level in LEVELS.items():
        lim = function(x, n, level, indicator.multiplier)
        out["value"] = lim.value
        out[f"lower_{suffix}"], out[f"upper_{suffix}"] = lim.lower, lim.upper
    no_population = ~(n > 0)
    notes[no_population] = "no population to compare with (for example, no known area)"
    out["note"] = notes
    return out


def _mean(indicator: Indicator, cells: pd.DataFrame) -> pd.DataFrame:
    out = cells[CELL_KEYS].copy()
    total, count = cells["val_sum"].to_numpy(float), cells["val_n"].to_numpy(float)
    squares = cells["val_sq"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        variance = np.where(count > 1, (squares - total * total / count) / (count - 1), np.nan)
    sd = np.sqrt(np.maximum(variance, 0.0))
    out["count"], out["denominator"] = total, cells["den"].to_numpy(float)
    for suffix, level in LEVELS.items():
        lim = mean_limits(total, count, sd, level)
        out["value"] = lim.value * indicator.multiplier
        out[f"lower_{suffix}"] = lim.lower * indicator.multiplier
        out[f"upper_{suffix}"] = lim.upper * indicator.multiplier
    notes = _notes(out)
    notes[count < 2] = "fewer than two people: no confidence interval"
    out["note"] = notes
    return out


def _dsr(indicator: Indicator, cells: pd.DataFrame) -> pd.DataFrame:
    esp = european_standard_population()
    bands = standard_bands(indicator)
    weights = {band: esp.weight_of(band) for band in bands}
    frame = cells[cells["std_band"].isin(bands)].copy()
    w = frame["std_band"].map(weights).to_numpy(float)
    x, n = frame["num"].to_numpy(float), frame["den"].to_numpy(float)
    frame["s1"], frame["s2"], frame["bands"] = w * x / n, w * w * x / (n * n), 1
    sums = frame.groupby(CELL_KEYS, sort=False, as_index=False)[["num", "den", "s1", "s2", "bands"]].sum()
    out = sums[CELL_KEYS].copy()
    out["count"], out["denominator"] = sums["num"].to_numpy(float), sums["den"].to_numpy(float)
    complete = sums["bands"].to_numpy() == len(bands)
    weight_total = np.full(len(sums), float(sum(weights.values())))
    for suffix, level in LEVELS.items():
        lim = dsr_limits(sums["s1"], sums["s2"], sums["num"], weight_total, level, indicator.multiplier)
        out["value"] = np.where(complete, lim.value, np.nan)
        out[f"lower_{suffix}"] = np.where(complete, lim.lower, np.nan)
        out[f"upper_{suffix}"] = np.where(complete, lim.upper, np.nan)
    notes = _notes(out)
    notes[~complete] = "not calculated: an age band of the standard population has no one in this group"
    notes[out["count"].to_numpy() < DSR_MINIMUM_COUNT] = (
        f"not calculated: fewer than {DSR_MINIMUM_COUNT} events"
    )
    out["note"] = notes
    return out


def _modelled(indicator: Indicator, cells: pd.DataFrame) -> pd.DataFrame:
    out = cells[CELL_KEYS].copy()
    out["count"] = np.round(cells["num"].to_numpy(float))
    out["denominator"] = np.round(cells["den"].to_numpy(float))
    scale = indicator.multiplier / 100.0  # the modelled table holds percentages
    out["value"] = cells["rate"].to_numpy(float) * scale
    out["lower_95"] = cells["rate_lower"].to_numpy(float) * scale
    out["upper_95"] = cells["rate_upper"].to_numpy(float) * scale
    out["lower_998"], out["upper_998"] = np.nan, np.nan
    notes = _notes(out)
    notes[:] = "modelled estimate with its 95% simulation interval"
    out["note"] = notes
    return out


def _count(cells: pd.DataFrame) -> pd.DataFrame:
    """A plain count (members, attendees): the number itself, no denominator and no interval."""
    out = cells[CELL_KEYS].copy()
    out["count"] = cells["num"].to_numpy(float)
    out["denominator"] = np.nan
    out["value"] = out["count"]
    for suffix in LEVELS:
        out[f"lower_{suffix}"], out[f"upper_{suffix}"] = np.nan, np.nan
    out["note"] = _notes(out)
    return out


def compute_values(indicator: Indicator, cells: pd.DataFrame) -> pd.DataFrame:
    """Values and limits for every cell; ``CELL_KEYS`` + ``VALUE_COLUMNS`` + method, multiplier."""
    if cells.empty:
        out = pd.DataFrame(columns=[*CELL_KEYS, *VALUE_COLUMNS])
    elif indicator.method in ("proportion", "rate"):
        out = _crude(indicator, cells)
    elif indicator.method == "mean":
        out = _mean(indicator, cells)
    elif indicator.method == "dsr":
        out = _dsr(indicator, cells)
    elif indicator.method == "count":
        out = _count(cells)
    else:
        out = _modelled(indicator, cells)
    out.insert(0, "indicator_id", indicator.id)
    out["method"] = indicator.method
    out["multiplier"] = float(indicator.multiplier)
    return out.reset_index(drop=True)


__all__ = ["LEVELS", "VALUE_COLUMNS", "compute_values"]
