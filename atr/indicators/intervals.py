"""Proportions, crude rates and means with the confidence intervals OHID publishes.

The formulas are those of PHEindicatormethods 2.1.0 (the R package behind Fingertips), written
out in ``shared/design/research/indicator-statistics.md`` §2–3:

* proportions: Wilson score interval (Wilson 1927; Newcombe 1998);
* crude rates: exact Poisson limits (χ² quantiles) below 10 events, Byar's approximation from
  10 (Breslow & Day 1987), chosen per value by the count alone, as the package does;
* means: Student's t.

Distributions come from :mod:`scipy.stats`. The interval formulas themselves are a few lines
of algebra with no well-kept Python library that reproduces the package's conventions (the
x < 10 switch, Byar's negative lower limit becoming missing, the exact lower limit of 0 for a
zero count where scipy's χ² with 0 degrees of freedom gives NaN), hence hand-written here.

Each method comes twice: a vectorised form over numpy arrays (``*_limits``), used by the engine
for thousands of cells at once, and the public scalar form returning an :class:`Estimate`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats as _sp

from atr.indicators.estimate import (
    Estimate,
    finite_or_none,
    is_missing,
    missing_estimate,
    normalise_confidence,
    z_value,
)

FloatArray = NDArray[np.float64]

EXACT_BELOW = 10
"""Rates (and ISRs) use exact Poisson limits when the count is below this, Byar's from it."""


@dataclass(frozen=True)
class Limits:
    """Vectorised results: arrays of values and limits (NaN where not calculable)."""

    value: FloatArray
    lower: FloatArray
    upper: FloatArray


def _as_float(values: ArrayLike) -> FloatArray:
    return np.asarray(values, dtype=np.float64)


# --- building blocks (§2 of the research note) -------------------------------------------------


def wilson_limits(x: ArrayLike, n: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Wilson score limits for x successes out of n, as fractions (0–1)."""
    x_arr, n_arr = _as_float(x), _as_float(n)
    level = normalise_confidence(confidence)
    if level == 1:
        return np.zeros_like(x_arr), np.ones_like(x_arr)
    z = z_value(level)
    with np.errstate(invalid="ignore", divide="ignore"):
        root = z * np.sqrt(z * z + 4 * x_arr * (1 - x_arr / n_arr))
        denominator = 2 * (n_arr + z * z)
        lower = (2 * x_arr + z * z - root) / denominator
        upper = (2 * x_arr + z * z + root) / denominator
    # The algebra gives exactly 0 and 1 at the edges; pin them against rounding noise.
    lower = np.where(x_arr == 0, 0.0, lower)
    upper = np.where(x_arr == n_arr, 1.0, upper)
    return lower, upper


def byars_limits(count: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Byar's approximate Poisson limits on a count; a negative lower limit becomes NaN (R's NA)."""
    o = _as_float(count)
    z = z_value(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        lower = o * (1 - 1 / (9 * o) - z / (3 * np.sqrt(o))) ** 3
        upper = (o + 1) * (1 - 1 / (9 * (o + 1)) + z / (3 * np.sqrt(o + 1))) ** 3
    lower = np.where(lower < 0, np.nan, lower)
    return lower, upper


def exact_poisson_limits(count: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Exact (Garwood) Poisson limits on a count from χ² quantiles; lower is 0 for a zero count."""
    o = _as_float(count)
    alpha = 1 - normalise_confidence(confidence)
    with np.errstate(invalid="ignore"):
        lower = np.where(o > 0, _sp.chi2.ppf(alpha / 2, 2 * o) / 2, 0.0)
        upper = _sp.chi2.isf(alpha / 2, 2 * o + 2) / 2
    return lower.astype(np.float64), np.asarray(upper, dtype=np.float64)


def poisson_count_limits(count: ArrayLike, confidence: float) -> tuple[FloatArray, FloatArray]:
    """Limits on a count by the OHID rule: exact below 10 events, Byar's from 10."""
    o = _as_float(count)
    exact_lo, exact_hi = exact_poisson_limits(np.where(o < EXACT_BELOW, o, 0), confidence)
    byars_lo, byars_hi = byars_limits(np.where(o >= EXACT_BELOW, o, EXACT_BELOW), confidence)
    small = o < EXACT_BELOW
    return np.where(small, exact_lo, byars_lo), np.where(small, exact_hi, byars_hi)


# --- vectorised methods ----------------------------------------------------------------------------


def proportion_limits(
    x: ArrayLike, n: ArrayLike, confidence: float = 0.95, multiplier: float = 100
) -> Limits:
    """Proportions and Wilson limits for arrays; NaN where x or n is missing or invalid."""
    x_arr, n_arr = _as_float(x), _as_float(n)
    valid = (x_arr >= 0) & (n_arr > 0) & (x_arr <= n_arr)
    x_ok, n_ok = np.where(valid, x_arr, 0.0), np.where(valid, n_arr, 1.0)
    lower, upper = wilson_limits(x_ok, n_ok, confidence)
    nan = np.full_like(x_arr, np.nan)
    return Limits(
        np.where(valid, x_ok / n_ok * multiplier, nan),
        np.where(valid, lower * multiplier, nan),
        np.where(valid, upper * multiplier, nan),
    )


def rate_limits(x: ArrayLike, n: ArrayLike, confidence: float = 0.95, multiplier: float = 100_000) -> Limits:
    """Crude rates with exact (< 10) or Byar's (≥ 10) limits; NaN where inputs are invalid."""
    x_arr, n_arr = _as_float(x), _as_float(n)
    valid = (x_arr >= 0) & (n_arr > 0)
    x_ok, n_ok = np.where(valid, x_arr, 0.0), np.where(valid, n_arr, 1.0)
    lower, upper = poisson_count_limits(x_ok, confidence)
    nan = np.full_like(x_arr, np.nan)
    scale = multiplier / n_ok
    return Limits(
        np.where(valid, x_ok * scale, nan),
        np.where(valid, lower * scale, nan),
        np.where(valid, upper * scale, nan),
    )


def mean_limits(total: ArrayLike, count: ArrayLike, sd: ArrayLike, confidence: float = 0.95) -> Limits:
    """Means from summaries (sum, number of values, sample s.d.) with Student's t limits.

    Groups of fewer than two values get a value but no limits (the t quantile needs n − 1 ≥ 1).
    """
    t_arr, n_arr, sd_arr = _as_float(total), _as_float(count), _as_float(sd)
    level = normalise_confidence(confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        value = np.where(n_arr > 0, t_arr / n_arr, np.nan)
        df = np.where(n_arr >= 2, n_arr - 1, np.nan)
        t_quantile = np.abs(_sp.t.ppf((1 - level) / 2, df))
        half = t_quantile * sd_arr / np.sqrt(n_arr)
    return Limits(value, value - half, value + half)


# --- public scalar methods --------------------------------------------------------------------------


def _proportion_statistic(multiplier: float) -> str:
    return "percentage" if multiplier == 100 else f"proportion of {multiplier:g}"


def proportion(x: float, n: float, confidence: float = 0.95, multiplier: float = 100) -> Estimate:
    """x out of n as a percentage (or proportion of ``multiplier``) with Wilson score limits.

    Raises ValueError for x < 0, n ≤ 0 or x > n (the package's own checks). A missing x or n
    gives a missing estimate, as the package gives NA.
    """
    level = normalise_confidence(confidence)
    statistic = _proportion_statistic(multiplier)
    if is_missing(x) or is_missing(n):
        return missing_estimate(level, "Wilson", statistic, "numerator or denominator missing")
    if x < 0:
        raise ValueError(f"numerator must be ≥ 0, got {x}")
    if n <= 0:
        raise ValueError(f"denominator must be > 0, got {n}")
    if x > n:
        raise ValueError(f"numerator {x} is greater than denominator {n}")
    lim = proportion_limits([x], [n], level, multiplier)
    return Estimate(
        float(lim.value[0]),
        float(lim.lower[0]),
        float(lim.upper[0]),
        level,
        "Wilson",
        statistic,
        count=float(x),
        denominator=float(n),
    )


def rate(x: float, n: float, confidence: float = 0.95, multiplier: float = 100_000) -> Estimate:
    """x events in a population (or person-time) of n, per ``multiplier``.

    Limits are exact Poisson below 10 events and Byar's from 10 (method "Exact" / "Byars").
    x may exceed n (events, not people). Raises ValueError for x < 0 or n ≤ 0.
    """
    level = normalise_confidence(confidence)
    statistic = f"rate per {multiplier:g}"
    if is_missing(x) or is_missing(n):
        return missing_estimate(level, "Byars", statistic, "numerator or denominator missing")
    if x < 0:
        raise ValueError(f"numerator must be ≥ 0, got {x}")
    if n <= 0:
        raise ValueError(f"denominator must be > 0, got {n}")
    lim = rate_limits([x], [n], level, multiplier)
    return Estimate(
        float(lim.value[0]),
        finite_or_none(float(lim.lower[0])),
        float(lim.upper[0]),
        level,
        "Exact" if x < EXACT_BELOW else "Byars",
        statistic,
        count=float(x),
        denominator=float(n),
    )


def mean(values: Sequence[float], confidence: float = 0.95) -> Estimate:
    """The arithmetic mean with Student's t limits (sample s.d. with n − 1).

    A missing value makes the result missing (the package's ``sum`` gives NA); one value gives
    a mean without limits.
    """
    level = normalise_confidence(confidence)
    method, statistic = "Student's t-distribution", "mean"
    if len(values) == 0:
        return missing_estimate(level, method, statistic, "no values")
    if any(is_missing(v) for v in values):
        return missing_estimate(level, method, statistic, "a value is missing")
    data = np.asarray(values, dtype=np.float64)
    sd = float(np.std(data, ddof=1)) if data.size >= 2 else math.nan
    lim = mean_limits([data.sum()], [data.size], [sd], level)
    note = None if data.size >= 2 else "fewer than two values: no confidence interval"
    return Estimate(
        float(lim.value[0]),
        finite_or_none(float(lim.lower[0])),
        finite_or_none(float(lim.upper[0])),
        level,
        method,
        statistic,
        denominator=float(data.size),
        note=note,
        extra={"sd": sd, "sum": float(data.sum())},
    )
