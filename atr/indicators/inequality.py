"""Slope and relative index of inequality across deprivation quantiles (SII and RII).

The SII is the gap in an indicator between the most and least deprived ends of an area's
population, estimated by regressing the indicator on each quantile's relative rank in the
population (the cumulative mid-point of its population share), weighted by population share.
The RII is the same regression expressed as a ratio. Method as PHEindicatormethods ``phe_sii``
(research note §3.8), which follows Low & Low (2004) and the PHE inequality tools:

* relative rank bₖ = Σ_{j<k} aⱼ + aₖ/2 with aₖ = Pₖ / ΣP (quantile 1 = most deprived);
* weighted least squares of y on b with weights a: intercept α, slope β;
* SII = multiplier·β; RII = (α + β)/α (inverted for a negative multiplier);
* with ``transform`` (rates on the log scale, proportions on the logit scale) the fit is done on
  the transformed values and the SII and RII are back-transformed at the two ends;
* confidence limits by simulation: each quantile's value is redrawn from a normal distribution
  with its standard error (from its 95% limits, on the log/logit scale for rates and
  proportions), the regression refitted, and the limits read at positions round(R·(1 − c′)) and
  round(R·c′) of the sorted replicates, c′ = c + (1 − c)/2.

The limits are Monte Carlo: they vary with the random draws. The package's own tests compare
them with a relative tolerance of 5%; a fixed ``seed`` makes ours reproducible. One deliberate
difference: for log-transformed rates the package swaps the limits when the multiplier is
below 1 (a quirk); here they swap only for a negative multiplier, which agrees for every
multiplier ≥ 1 or < 0.

Hand-written because no maintained Python library offers this estimator; numpy does the
algebra (the refits of all replicates are one matrix product).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from atr.indicators.estimate import is_missing, normalise_confidence, z_value
from atr.indicators.intervals import FloatArray

ValueType = Literal[0, 1, 2]
"""0 = other (identity), 1 = rate (log), 2 = proportion (logit), as in the package."""

MIN_QUANTILES, MAX_QUANTILES = 5, 100


@dataclass(frozen=True)
class SIIResult:
    """The SII (``value``, ``lower``, ``upper``) with the RII and the fitted intercept."""

    value: float | None
    lower: float | None
    upper: float | None
    rii: float | None
    rii_lower: float | None
    rii_upper: float | None
    intercept: float | None
    confidence: float
    repetitions: int
    method: str
    note: str | None = None


def _link(values: FloatArray, value_type: ValueType) -> FloatArray:
    if value_type == 1:
        return np.log(values)
    if value_type == 2:
        return np.log(values / (1 - values))
    return values


def _inverse_link(values: FloatArray, value_type: ValueType) -> FloatArray:
    if value_type == 1:
        return np.exp(values)
    if value_type == 2:
        return 1 / (1 + np.exp(-values))
    return values


def relative_ranks(populations: Sequence[float] | FloatArray) -> tuple[FloatArray, FloatArray]:
    """Population shares aₖ and cumulative mid-points bₖ, quantile 1 first."""
    pops = np.asarray(populations, dtype=np.float64)
    share = pops / pops.sum()
    midpoint = np.cumsum(share) - share / 2
    return share, midpoint


def _fit_matrix(share: FloatArray, midpoint: FloatArray) -> FloatArray:
    """(XᵀX)⁻¹Xᵀ for X = [√a, b√a]: multiplying √a·y by it gives (α, β) for every column of y."""
    design = np.vstack([np.sqrt(share), midpoint * np.sqrt(share)])  # 2 × K
    result: FloatArray = np.linalg.solve(design @ design.T, design)
    return result


def _position(repetitions: int, fraction: float) -> int:
    """1-based order-statistic position, rounded half-to-even as R's round() does."""
    return max(1, min(repetitions, round(repetitions * fraction)))


def _validate(
    values: FloatArray, populations: FloatArray, se: FloatArray, value_type: ValueType
) -> str | None:
    k = values.size
    if not (MIN_QUANTILES <= k <= MAX_QUANTILES):
        raise ValueError(f"SII needs {MIN_QUANTILES} to {MAX_QUANTILES} quantiles, got {k}")
    if populations.size != k or se.size != k:
        raise ValueError("values, limits (or se) and populations must have one entry per quantile")
    if np.any(populations <= 0):
        raise ValueError("every quantile needs a population > 0")
    if value_type == 2 and np.any((values <= 0) | (values >= 1)):
        return "a quantile's proportion is 0 or 1, so its logit is undefined"
    if value_type == 1 and np.any(values <= 0):
        return "a quantile's rate is 0, so its logarithm is undefined"
    if np.any(~np.isfinite(se)) or np.any(se < 0):
        return "a quantile's standard error could not be derived from its limits"
    return None


def sii_levels(
    values: Sequence[float],
    lower: Sequence[float] | None,
    upper: Sequence[float] | None,
    populations: Sequence[float],
    *,
    levels: Sequence[float] = (0.95,),
    value_type: ValueType = 0,
    transform: bool = False,
    multiplier: float = 1,
    repetitions: int = 100_000,
    se: Sequence[float] | None = None,
    seed: int | None = None,
) -> dict[float, SIIResult]:
    """The SII and RII at several confidence levels from one set of simulated replicates.

    ``values`` are per quantile, quantile 1 (the most deprived) first, on the unmultiplied
    scale (proportions in 0–1). ``lower``/``upper`` are each quantile's **95%** limits (the
    package assumes 95%), or give ``se`` on the link scale instead (not with ``transform``).
    """
    if repetitions < 1000:
        raise ValueError("at least 1000 repetitions are needed for simulated limits")
    if transform and value_type == 0:
        raise ValueError("transform needs value_type 1 (rate) or 2 (proportion)")
    if transform and se is not None:
        raise ValueError("with transform, give 95% limits rather than standard errors")
    norm_levels = [normalise_confidence(level) for level in levels]
    method = f"simulation {repetitions} reps"
    raw = [values, populations] + ([se] if se is not None else [lower or [], upper or []])
    if any(is_missing(v) for seq in raw for v in seq):
        problem: str | None = "a quantile's value, limits or population is missing"
        return {lv: _missing(lv, repetitions, method, problem) for lv in norm_levels}
    y = np.asarray(values, dtype=np.float64)
    pops = np.asarray(populations, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        if se is not None:
            sd = np.asarray(se, dtype=np.float64)
        elif lower is not None and upper is not None:
            lo, hi = np.asarray(lower, np.float64), np.asarray(upper, np.float64)
            sd = (_link(hi, value_type) - _link(lo, value_type)) / (2 * z_value(0.95))
        else:
            raise ValueError("give each quantile's 95% limits (lower and upper) or its se")
        problem = _validate(y, pops, sd, value_type)
    if problem is not None:
        return {lv: _missing(lv, repetitions, method, problem) for lv in norm_levels}
    share, midpoint = relative_ranks(pops)
    solver = _fit_matrix(share, midpoint)
    root_a = np.sqrt(share)
    centre = _link(y, value_type)
    fit_y = centre if transform else y
    alpha, beta = solver @ (root_a * fit_y)

    rng = np.random.default_rng(seed)
    draws = rng.normal(centre[:, None], sd[:, None], size=(y.size, repetitions))
    if not transform:
        draws = _inverse_link(draws, value_type)
    rep_alpha, rep_beta = solver @ (root_a[:, None] * draws)
    positions: dict[float, tuple[int, int]] = {}
    for level in norm_levels:
        upper_fraction = level + (1 - level) / 2
        positions[level] = (
            _position(repetitions, 1 - upper_fraction) - 1,
            _position(repetitions, upper_fraction) - 1,
        )
    wanted = sorted({p for pair in positions.values() for p in pair})
    # Only a few order statistics are needed: partition (linear time) rather than sort.
    ordered_beta = np.partition(rep_beta, wanted)
    if not transform:  # the package multiplies (and inverts the RII) before ordering
        ordered_sii = np.partition(multiplier * rep_beta, wanted)
        rep_rii = (rep_alpha + rep_beta) / rep_alpha
        ordered_rii = np.partition(1 / rep_rii if multiplier < 0 else rep_rii, wanted)

    results: dict[float, SIIResult] = {}
    for level in norm_levels:
        lo_pos, hi_pos = positions[level]
        if not transform:
            sii_value = multiplier * beta
            rii_value = (alpha + beta) / alpha
            if multiplier < 0:
                rii_value = 1 / rii_value
            sii_lo, sii_hi = ordered_sii[lo_pos], ordered_sii[hi_pos]
            rii_lo, rii_hi = ordered_rii[lo_pos], ordered_rii[hi_pos]
            intercept = alpha
        else:
            top = float(_inverse_link(np.asarray(alpha + beta), value_type))
            bottom = float(_inverse_link(np.asarray(alpha), value_type))
            sii_value = multiplier * (top - bottom)
            rii_value = top / bottom
            middle = alpha + beta / 2
            ends = []
            for b in (ordered_beta[lo_pos], ordered_beta[hi_pos]):
                hi_end = float(_inverse_link(np.asarray(middle + b / 2), value_type))
                lo_end = float(_inverse_link(np.asarray(middle - b / 2), value_type))
                ends.append((multiplier * (hi_end - lo_end), hi_end / lo_end))
            (sii_lo, rii_lo), (sii_hi, rii_hi) = ends
            if multiplier < 0:
                sii_lo, sii_hi = sii_hi, sii_lo
                rii_value, rii_lo, rii_hi = 1 / rii_value, 1 / rii_hi, 1 / rii_lo
            intercept = bottom * abs(multiplier)
        results[level] = SIIResult(
            float(sii_value),
            float(sii_lo),
            float(sii_hi),
            _finite(rii_value),
            _finite(rii_lo),
            _finite(rii_hi),
            float(intercept),
            level,
            repetitions,
            method,
        )
    return results


def _missing(level: float, repetitions: int, method: str, problem: str | None) -> SIIResult:
    return SIIResult(None, None, None, None, None, None, None, level, repetitions, method, problem)


def _finite(value: float) -> float | None:
    value = float(value)
    return value if math.isfinite(value) else None


def sii(
    values: Sequence[float],
    lower: Sequence[float] | None,
    upper: Sequence[float] | None,
    populations: Sequence[float],
    *,
    confidence: float = 0.95,
    value_type: ValueType = 0,
    transform: bool = False,
    multiplier: float = 1,
    repetitions: int = 100_000,
    se: Sequence[float] | None = None,
    seed: int | None = None,
) -> SIIResult:
    """Slope index of inequality (``.value``, ``.lower``, ``.upper``) and the RII.

    See :func:`sii_levels` for the inputs. Quantile 1 must be the most deprived, so a positive
    SII means the indicator is higher in less deprived areas (before the multiplier's sign).
    """
    level = normalise_confidence(confidence)
    return sii_levels(
        values,
        lower,
        upper,
        populations,
        levels=(level,),
        value_type=value_type,
        transform=transform,
        multiplier=multiplier,
        repetitions=repetitions,
        se=se,
        seed=seed,
    )[level]
