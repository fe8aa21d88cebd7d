"""Funnel-plot control limits and funnel significance, as PHEindicatormethods computes them.

A funnel plot shows each area's value against its size, with control limits around the
benchmark (the pooled average) that narrow as the size grows: an area outside the 99.8%
limits is unlikely to differ from the benchmark by chance alone (Spiegelhalter 2005). Method
as ``calculate_funnel_limits`` and ``assign_funnel_significance`` (research note §3.10–3.11):

* proportions: limits π ∓ z·√(π(1 − π)/n), floored at 0 and capped at 100% (score limits);
* ratios and rates: exact Poisson limits. For each whole number of events O on the grid, the
  expected count λ at which O sits on the limit is ½χ²(1 − p; 2O + 2) (lower limit) or
  ½χ²(p; 2O) (upper limit), p = 0.025 (95%) or 0.001 (99.8%).

The package finds λ by a bisection that stops at a step of 1e-7, which differs from the exact χ²
answer by up to ~1e-4 relative for tiny λ. We keep its stepping (with scipy's Poisson
probabilities) so our limits reproduce its published tables; Fingertips' SPC comparators use
the same search.
The plotting grid reproduces the package's 100 points, including R's rounding of halves to
even and its way of counting the digits of a whole number (``nchar`` of its printed form).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats as _sp

from atr.indicators.estimate import z_value
from atr.indicators.intervals import FloatArray, poisson_count_limits

Statistic = Literal["proportion", "ratio", "rate"]
GRID_POINTS = 100
LEVELS = {"95": 0.025, "998": 0.001}
"""Tail probabilities of the two limits: 95% ('2 sigma') and 99.8% ('3 sigma')."""


@dataclass(frozen=True)
class FunnelLimits:
    """The package's 100-row limits table, as columns.

    ``value`` is the baseline (the benchmark) on the published scale. ``x`` is the grid: the
    population (proportions), the observed events (ratios) or the events (rates). For rates
    the population at which each limit applies differs between the curves, so it is given per
    curve (``lower_95_x`` …, population per year); for proportions and ratios those equal ``x``.
    ``lower``/``upper`` are the 95% limits, ``lower_998``/``upper_998`` the 99.8% ones.
    """

    value: float
    statistic: str
    method: str
    x: tuple[float, ...]
    lower: tuple[float, ...]
    upper: tuple[float, ...]
    lower_998: tuple[float, ...]
    upper_998: tuple[float, ...]
    lower_95_x: tuple[float, ...]
    upper_95_x: tuple[float, ...]
    lower_998_x: tuple[float, ...]
    upper_998_x: tuple[float, ...]


BISECTION_STEP = 1e-7
"""The package stops halving its search step at this size (and so do we, to match it)."""


def _bisect_expected(observed: FloatArray, p: float, tail: Literal["lower", "upper"]) -> FloatArray:
    """Solve for the Poisson mean λ by the package's bisection on v, λ = (1 + O)·v/(1 − v).

    ``tail="upper"``: λ with P(X ≥ O | λ) = p; ``"lower"``: λ with P(X ≤ O | λ) = p. The
    probabilities come from scipy; the stepping is the package's, so results agree with its
    published tables (to ~1e-10) rather than only with the exact χ² answer (to ~1e-7).
    """
    o = np.asarray(observed, dtype=np.float64)
    v = np.full(o.shape, 0.5)
    step = 0.5
    while step > BISECTION_STEP:
        step /= 2
        lam = (1 + o) * v / (1 - v)
        if tail == "upper":
            move_down = _sp.poisson.sf(np.ceil(o) - 1, lam) > p
        else:
            move_down = _sp.poisson.cdf(np.floor(o), lam) < p
        v = np.where(move_down, v - step, v + step)
    result: FloatArray = (1 + o) * v / (1 - v)
    return result


def expected_for_lower_limit(observed: float | FloatArray, p: float) -> FloatArray:
    """λ with P(X ≤ O | λ) = p: the expected count at which O is on the lower limit.

    Exactly ½χ²(1 − p; 2O + 2) for whole O; found by the package's bisection.
    """
    return _bisect_expected(np.asarray(observed, dtype=np.float64), p, "lower")


def expected_for_upper_limit(observed: float | FloatArray, p: float) -> FloatArray:
    """λ with P(X ≥ O | λ) = p: the expected count at which O is on the upper limit.

    Exactly ½χ²(p; 2O) for whole O > 0; found by the package's bisection.
    """
    return _bisect_expected(np.asarray(observed, dtype=np.float64), p, "upper")


def _r_nchar(whole: float) -> int:
    """Characters in R's printed form of a whole number (R switches to 1e+05 when shorter)."""
    number = int(whole)
    fixed = str(number)
    if number == 0:
        return 1
    exponent = math.floor(math.log10(abs(number)))
    mantissa = f"{abs(number) / 10**exponent:.15g}"
    scientific = ("-" if number < 0 else "") + mantissa + "e+" + f"{exponent:02d}"
    return len(scientific) if len(fixed) > len(scientific) else len(fixed)


def _round_down_neatly(x: float, fraction: float = 0.95) -> float:
    if x == 0:
        return 0.0
    digits = _r_nchar(math.floor(x * fraction)) - 1
    return float(math.floor(x * fraction / 10**digits) * 10**digits)


def _round_up_neatly(x: float, fraction: float = 1.05) -> float:
    if x == 0:
        return 0.0
    digits = _r_nchar(math.ceil(x * fraction)) - 2
    return float(math.ceil(x * fraction / 10.0**digits) * 10.0**digits)


def funnel_grid(axis_minimum: float, axis_maximum: float, statistic: Statistic) -> list[float]:
    """The package's 100 grid points, denser at the small end."""
    points = [max(1.0, axis_minimum)]
    for j in range(2, GRID_POINTS + 1):
        offset = j - 1 if statistic == "ratio" else j
        step = (axis_maximum / points[-1]) ** (1 / (101 - offset)) * points[-1]
        points.append(float(max(round(step), points[-1] + 1)))
    return points


def proportion_control_limits(
    benchmark: float, denominators: Sequence[float] | FloatArray, confidence: float, multiplier: float = 100
) -> tuple[FloatArray, FloatArray]:
    """Lower and upper funnel limits around a proportion ``benchmark`` (0–1) at given sizes.

    π ∓ z·√(π(1 − π)/n), floored at 0 and capped at 100 (the package caps at a literal 100).
    """
    n = np.asarray(denominators, dtype=np.float64)
    z = z_value(confidence)
    spread = np.sqrt(benchmark * (1 - benchmark) / n)
    lower = np.maximum(0.0, (benchmark - z * spread) * multiplier)
    upper = np.minimum(100.0, (benchmark + z * spread) * multiplier)
    return lower, upper


def funnel_limits(
    numerators: Sequence[float],
    denominators: Sequence[float] | None = None,
    *,
    statistic: Statistic,
    multiplier: float,
    rates: Sequence[float] | None = None,
    ratio_type: Literal["count", "isr"] = "isr",
    rate_type: Literal["dsr", "crude"] = "crude",
    years_of_data: float = 1,
) -> FunnelLimits:
    """Control limits for a funnel plot of a set of areas (the package's 100-point table).

    Proportions and ratios need ``numerators`` and ``denominators`` (for ratios, the expected
    counts). Rates need ``numerators`` and ``rates`` (per ``multiplier``), plus ``denominators``
    where a count is 0 (crude rates), and ``years_of_data`` pooled.
    """
    o = np.asarray(numerators, dtype=np.float64)
    if statistic == "rate":
        if rates is None:
            raise ValueError("rate funnels need the areas' rates")
        r = np.asarray(rates, dtype=np.float64)
        with np.errstate(invalid="ignore", divide="ignore"):
            derived = multiplier * o / r
        if rate_type == "dsr":
            derived = np.where(o == 0, np.nan, derived)
        elif denominators is not None:
            derived = np.where(o == 0, np.asarray(denominators, float), derived)
    else:
        if denominators is None:
            raise ValueError(f"{statistic} funnels need denominators")
        derived = np.asarray(denominators, dtype=np.float64)
    if np.any(np.isnan(o)):
        raise ValueError("every area needs a numerator (0 where there were no events)")
    av = float(o.sum() / np.nansum(derived))
    low, high = float(np.nanmin(derived)), float(np.nanmax(derived))
    per_year = years_of_data if statistic == "rate" else 1
    axis_min = 0.0 if high > 2 * low else _round_down_neatly(low / per_year) * per_year
    axis_max = _round_up_neatly(high / per_year) * per_year
    if statistic == "rate":
        axis_min, axis_max = math.floor(axis_min * av), math.ceil(axis_max * av)
    x = np.asarray(funnel_grid(axis_min, axis_max, statistic))

    columns: dict[str, FloatArray] = {}
    if statistic == "proportion":
        for name, p in LEVELS.items():
            lower, upper = proportion_control_limits(av, x, 1 - 2 * p, multiplier)
            columns[f"lower_{name}"], columns[f"upper_{name}"] = lower, upper
            columns[f"lower_{name}_x"] = columns[f"upper_{name}_x"] = x
        label, method = "proportion", "Wilson"
    else:
        for name, p in LEVELS.items():
            lam_low, lam_high = expected_for_lower_limit(x, p), expected_for_upper_limit(x, p)
            if statistic == "ratio":
                shift, scale = (-1.0, 1.0) if ratio_type == "count" else (0.0, 100.0)
                columns[f"lower_{name}"] = (x / lam_low + shift) * scale
                columns[f"upper_{name}"] = (x / lam_high + shift) * scale
                columns[f"lower_{name}_x"], columns[f"upper_{name}_x"] = lam_low, lam_high
            else:
                pop_low, pop_high = lam_low / av, lam_high / av
                columns[f"lower_{name}"] = x / pop_low * multiplier
                columns[f"upper_{name}"] = x / pop_high * multiplier
                columns[f"lower_{name}_x"] = pop_low / years_of_data
                columns[f"upper_{name}_x"] = pop_high / years_of_data
        label = (
            f"ratio ({ratio_type})" if statistic == "ratio" else f"rate ({rate_type} per {multiplier:,.0f})"
        )
        method = "Poisson"
    baseline = av * multiplier
    if statistic == "ratio":  # a ratio's benchmark is 1: shown as 0 (count) or 100 (isr)
        baseline = 0.0 if ratio_type == "count" else 100.0

    def col(name: str) -> tuple[float, ...]:
        return tuple(float(v) for v in columns[name])

    return FunnelLimits(
        value=float(baseline),
        statistic=label,
        method=method,
        x=tuple(float(v) for v in x),
        lower=col("lower_95"),
        upper=col("upper_95"),
        lower_998=col("lower_998"),
        upper_998=col("upper_998"),
        lower_95_x=col("lower_95_x"),
        upper_95_x=col("upper_95_x"),
        lower_998_x=col("lower_998_x"),
        upper_998_x=col("upper_998_x"),
    )


FunnelSignificance = Literal[
    "High (0.001)",
    "High (0.025)",
    "Low (0.001)",
    "Low (0.025)",
    "Not significant",
    "Not applicable for events less than 10 for dsrs",
]


def funnel_significance(
    numerator: float,
    denominator: float,
    benchmark: float,
    *,
    statistic: Statistic,
    dsr: bool = False,
) -> FunnelSignificance:
    """Where one area falls on the funnel: above or below the 95% or 99.8% limits.

    ``benchmark`` is unmultiplied: the pooled proportion Σx/Σn, 1 for a ratio (``numerator``
    observed, ``denominator`` expected), or the pooled rate ΣO/ΣD for a rate.
    """
    if statistic == "proportion":
        if numerator > denominator:
            raise ValueError(f"numerator {numerator} is greater than denominator {denominator}")
        share = numerator / denominator
        spread = math.sqrt(benchmark * (1 - benchmark) / denominator)
        z_998, z_95 = float(_sp.norm.isf(0.001)), float(_sp.norm.isf(0.025))
        if share < benchmark - z_998 * spread:
            return "Low (0.001)"
        if share < benchmark - z_95 * spread:
            return "Low (0.025)"
        if share > benchmark + z_998 * spread:
            return "High (0.001)"
        if share > benchmark + z_95 * spread:
            return "High (0.025)"
        return "Not significant"
    if dsr and numerator < 10:
        return "Not applicable for events less than 10 for dsrs"
    lo_998, hi_998 = (float(v[0]) / denominator for v in poisson_count_limits([numerator], 0.998))
    lo_95, hi_95 = (float(v[0]) / denominator for v in poisson_count_limits([numerator], 0.95))
    reference = 1.0 if statistic == "ratio" else benchmark
    if reference < lo_998:
        return "High (0.001)"
    if reference < lo_95:
        return "High (0.025)"
    if reference > hi_998:
        return "Low (0.001)"
    if reference > hi_95:
        return "Low (0.025)"
    return "Not significant"
