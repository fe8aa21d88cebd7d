"""Fingertips' "recent trend": a χ² test for trend over the five most recent points, at 99.8%.

Rules from the Fingertips trend-marker calculator (research note §4.3):

* eligible only with at least five consecutive valid annual points counted back from the most
  recent (value and 95% limits present; for proportions, count and denominator, count ≠
  denominator);
* **proportions** (``method="proportion"``): the χ² test for linear trend in proportions
  (Armitage & Berry; Cochran–Armitage) on the counts and denominators; the direction is the
  sign of the least-squares slope of the logit of the proportion on time;
* **everything else** (``method="weighted"``): weighted least squares of the value on time
  with weights 1/SE², SE = (U95 − L95)/3.92 (Fingertips' constant), χ² = β̂²/Var(β̂);
* robust only if the slope keeps its sign when each of the five points is left out in turn
  (a slope of exactly 0 counts as positive);
* significant when robust and χ² > 9.5495, the 99.8% point of χ² on 1 df (scipy);
* labels follow polarity: "Increasing and getting better", "Decreasing and getting worse", …,
  "No significant change", "Cannot be calculated".
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from scipy import stats as _sp

from atr.indicators.comparison import Polarity
from atr.indicators.estimate import is_missing, z_value

TREND_POINTS = 5
TREND_CONFIDENCE = 0.998
SE_DIVISOR = 3.92
"""Fingertips derives a standard error from a 95% interval as its width / 3.92 (2 × 1.96)."""

TrendMethod = Literal["proportion", "weighted"]
CANNOT_BE_CALCULATED = "Cannot be calculated"
NO_SIGNIFICANT_CHANGE = "No significant change"


@dataclass(frozen=True)
class TrendResult:
    """The trend over the last five points: slope per period (``value``) with its 99.8% limits."""

    value: float | None
    lower: float | None
    upper: float | None
    chi_square: float | None
    significant: bool
    direction: Literal["increasing", "decreasing", "no significant change", "cannot be calculated"]
    label: str
    method: TrendMethod | None
    points: int
    direction_slope: float | None = None
    """The slope whose sign gives the direction (the logit slope for proportions)."""


@lru_cache(maxsize=1)
def chi_square_threshold() -> float:
    """9.5495…: χ² on 1 df exceeded with probability 0.002."""
    return float(_sp.chi2.isf(1 - TREND_CONFIDENCE, 1))


def _ols_slope(t: np.ndarray, y: np.ndarray) -> float:
    t_centred = t - t.mean()
    return float(np.sum(t_centred * (y - y.mean())) / np.sum(t_centred**2))


def _weighted_fit(t: np.ndarray, y: np.ndarray, w: np.ndarray) -> tuple[float, float]:
    """Weighted least-squares slope and its variance (weights are inverse variances)."""
    sw, swt, swy = w.sum(), (w * t).sum(), (w * y).sum()
    swtt, swyt = (w * t * t).sum(), (w * y * t).sum()
    det = sw * swtt - swt * swt
    return float((sw * swyt - swt * swy) / det), float(sw / det)


def _cochran_armitage(t: np.ndarray, r: np.ndarray, n: np.ndarray) -> tuple[float, float, float]:
    """χ² for linear trend in proportions, with the slope of the proportion and its variance."""
    big_n, big_r = n.sum(), r.sum()
    sxx = big_n * (n * t * t).sum() - (n * t).sum() ** 2
    sxy = big_n * (r * t).sum() - big_r * (n * t).sum()
    chi2 = big_n * sxy**2 / (big_r * (big_n - big_r) * sxx)
    slope = sxy / sxx
    variance = big_r * (big_n - big_r) / (big_n * sxx)
    return float(chi2), float(slope), float(variance)


def _label(direction: str, polarity: Polarity) -> str:
    if direction == "no significant change":
        return NO_SIGNIFICANT_CHANGE
    word = "Increasing" if direction == "increasing" else "Decreasing"
    if polarity in (Polarity.NO_JUDGEMENT, Polarity.NOT_APPLICABLE):
        return word
    good = (direction == "increasing") == (polarity is Polarity.HIGH_IS_GOOD)
    return f"{word} and getting {'better' if good else 'worse'}"


def _valid_tail(columns: Sequence[Sequence[float | None]], length: int) -> int:
    """How many consecutive points, counted back from the latest, have every input present."""
    run = 0
    for i in range(length - 1, -1, -1):
        if any(is_missing(col[i]) for col in columns):
            break
        run += 1
    return run


def trend(
    values: Sequence[float | None],
    lower: Sequence[float | None],
    upper: Sequence[float | None],
    *,
    counts: Sequence[float | None] | None = None,
    denominators: Sequence[float | None] | None = None,
    method: TrendMethod | None = None,
    polarity: Polarity | str = Polarity.NO_JUDGEMENT,
    multiplier: float = 100,
) -> TrendResult:
    """The recent trend of a series given oldest first (annual, non-overlapping periods).

    ``method`` defaults to "proportion" when counts and denominators are given, else
    "weighted". For proportions ``multiplier`` is the scale of ``values`` (100 for
    percentages) and scales the reported slope.
    """
    pol = Polarity(polarity)
    if not (len(values) == len(lower) == len(upper)):
        raise ValueError("values, lower and upper must be the same length")
    chosen: TrendMethod = method or (
        "proportion" if counts is not None and denominators is not None else "weighted"
    )
    columns: list[Sequence[float | None]] = [values, lower, upper]
    if chosen == "proportion":
        if counts is None or denominators is None:
            raise ValueError("the proportion trend test needs counts and denominators")
        columns += [counts, denominators]
    cannot = TrendResult(
        None, None, None, None, False, "cannot be calculated", CANNOT_BE_CALCULATED, chosen, 0
    )
    if _valid_tail(columns, len(values)) < TREND_POINTS:
        return cannot
    last = slice(len(values) - TREND_POINTS, len(values))
    t = np.arange(1, TREND_POINTS + 1, dtype=np.float64)
    y = np.asarray(values[last], dtype=np.float64)
    z = z_value(TREND_CONFIDENCE)

    if chosen == "proportion":
        assert counts is not None and denominators is not None
        r = np.asarray(counts[last], dtype=np.float64)
        n = np.asarray(denominators[last], dtype=np.float64)
        if np.any(r == n) or np.any(r <= 0) or np.any(n <= 0):
            return cannot  # logits undefined: Fingertips requires 0 < count < denominator
        chi2, slope, variance = _cochran_armitage(t, r, n)
        logit = np.log(r / (n - r))
        slopes = [_ols_slope(t, logit)] + [
            _ols_slope(np.delete(t, i), np.delete(logit, i)) for i in range(TREND_POINTS)
        ]
        value, half = slope * multiplier, z * math.sqrt(variance) * multiplier
    else:
        se = (np.asarray(upper[last], np.float64) - np.asarray(lower[last], np.float64)) / SE_DIVISOR
        if np.any(se <= 0):
            return cannot
        w = 1 / se**2
        slope, variance = _weighted_fit(t, y, w)
        chi2 = slope**2 / variance
        slopes = [slope] + [
            _weighted_fit(np.delete(t, i), np.delete(y, i), np.delete(w, i))[0] for i in range(TREND_POINTS)
        ]
        value, half = slope, z * math.sqrt(variance)

    robust = all(s >= 0 for s in slopes) or all(s < 0 for s in slopes)
    significant = robust and chi2 > chi_square_threshold()
    direction: Literal["increasing", "decreasing", "no significant change"] = (
        ("increasing" if slopes[0] >= 0 else "decreasing") if significant else "no significant change"
    )
    return TrendResult(
        value,
        value - half,
        value + half,
        chi2,
        significant,
        direction,
        _label(direction, pol),
        chosen,
        TREND_POINTS,
        slopes[0],
    )


def _batch_weighted(
    t: np.ndarray, y: np.ndarray, w: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Weighted slopes and variances for many series at once, over the points in ``keep``."""
    wk = w * keep
    sw, swt, swy = wk.sum(1), (wk * t).sum(1), (wk * y).sum(1)
    swtt, swyt = (wk * t * t).sum(1), (wk * y * t).sum(1)
    det = sw * swtt - swt * swt
    return (sw * swyt - swt * swy) / det, sw / det


def _batch_ols(t: np.ndarray, y: np.ndarray, keep: np.ndarray) -> np.ndarray:
    tk = t[keep]
    centred = tk - tk.mean()
    result: np.ndarray = (y[:, keep] * centred).sum(1) / (centred * centred).sum()
    return result


def trend_labels(
    values: np.ndarray,
    lower: np.ndarray,
    upper: np.ndarray,
    *,
    counts: np.ndarray | None = None,
    denominators: np.ndarray | None = None,
    polarity: Polarity | str = Polarity.NO_JUDGEMENT,
) -> list[str]:
    """:func:`trend` labels for many complete five-point series at once (rows of the arrays).

    The same tests as :func:`trend`, vectorised for the engine; rows that :func:`trend` would
    call "Cannot be calculated" (a missing point, zero width, 0 or 100%) get that label.
    """
    pol = Polarity(polarity)
    t = np.arange(1, TREND_POINTS + 1, dtype=np.float64)
    y, lo, hi = (np.asarray(a, dtype=np.float64) for a in (values, lower, upper))
    subsets = [np.ones(TREND_POINTS, bool)] + [np.arange(TREND_POINTS) != i for i in range(TREND_POINTS)]
    with np.errstate(invalid="ignore", divide="ignore"):
        if counts is not None and denominators is not None:
            r, n = np.asarray(counts, np.float64), np.asarray(denominators, np.float64)
            usable = np.all((r > 0) & (r < n) & np.isfinite(y) & np.isfinite(lo) & np.isfinite(hi), axis=1)
            big_n, big_r = n.sum(1), r.sum(1)
            sxx = big_n * (n * t * t).sum(1) - (n * t).sum(1) ** 2
            sxy = big_n * (r * t).sum(1) - big_r * (n * t).sum(1)
            chi2 = big_n * sxy**2 / (big_r * (big_n - big_r) * sxx)
            logit = np.log(r / (n - r))
            slopes = np.stack([_batch_ols(t, logit, keep) for keep in subsets], axis=1)
        else:
            se = (hi - lo) / SE_DIVISOR
            usable = np.all(np.isfinite(y) & (se > 0), axis=1)
            w = 1 / (se * se)
            slope, variance = _batch_weighted(t, y, w, subsets[0])
            chi2 = slope * slope / variance
            slopes = np.stack([_batch_weighted(t, y, w, keep)[0] for keep in subsets], axis=1)
    robust = np.all(slopes >= 0, axis=1) | np.all(slopes < 0, axis=1)
    significant = usable & robust & (chi2 > chi_square_threshold())
    labels = []
    for ok, sig, first in zip(usable, significant, slopes[:, 0], strict=True):
        if not ok:
            labels.append(CANNOT_BE_CALCULATED)
        elif not sig:
            labels.append(NO_SIGNIFICANT_CHANGE)
        else:
            labels.append(_label("increasing" if first >= 0 else "decreasing", pol))
    return labels
