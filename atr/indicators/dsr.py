"""Directly standardised rates with Dobson limits, and the European Standard Population 2013.

A DSR is the rate an area would have if its population had the age structure of a standard
population, so that areas with different age profiles can be compared. Method as
PHEindicatormethods ``calculate_dsr`` (research note §3.4):

* DSR = Σ wᵢ xᵢ/nᵢ / Σ wᵢ × multiplier;
* variance V = Σ wᵢ² xᵢ/nᵢ² / (Σ wᵢ)²;
* limits by Dobson et al. (1991): DSR + √(V/O)·(O_lim − O), with O_lim from Byar's method;
* **not calculated when the total count O is below 10** (OHID and ONS practice: the rate is too
  unstable to publish), returned as a missing value with that reason.

Repeat events by one person (``dsr_repeat_events``) widen the interval as in the package's
``independent_events = FALSE`` option (Fingertips technical guidance, DSR chapter).
"""

from __future__ import annotations

import csv
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike

from atr.indicators.estimate import Estimate, missing_estimate, normalise_confidence
from atr.indicators.intervals import FloatArray, Limits, byars_limits

DSR_MINIMUM_COUNT = 10
"""Below this many events a DSR is not published (PHE 'Tool for common PH stats and CIs')."""


@dataclass(frozen=True)
class StandardPopulation:
    """A standard population: band labels, their age ranges and weights."""

    name: str
    bands: tuple[str, ...]
    lower_ages: tuple[int, ...]
    upper_ages: tuple[int | None, ...]
    weights: tuple[float, ...]

    def band_of(self, age: int) -> str:
        """The band an age in whole years falls in."""
        for band, low, high in zip(self.bands, self.lower_ages, self.upper_ages, strict=True):
            if age >= low and (high is None or age <= high):
                return band
        raise ValueError(f"age {age} is outside {self.name}")

    def weight_of(self, band: str) -> float:
        return self.weights[self.bands.index(band)]


@lru_cache(maxsize=1)
def european_standard_population() -> StandardPopulation:
    """ESP 2013 in 19 bands (0–4 … 85–89, 90+), summing to 100,000; shipped as package data."""
    text = resources.files("atr.indicators").joinpath("data/esp2013.csv").read_text("utf-8")
    rows = list(csv.DictReader(text.splitlines()))
    return StandardPopulation(
        name="European Standard Population 2013",
        bands=tuple(r["age_band"] for r in rows),
        lower_ages=tuple(int(r["lower_age"]) for r in rows),
        upper_ages=tuple(int(r["upper_age"]) if r["upper_age"] else None for r in rows),
        weights=tuple(float(r["weight"]) for r in rows),
    )


def _weights(standard: Sequence[float] | StandardPopulation) -> FloatArray:
    values = standard.weights if isinstance(standard, StandardPopulation) else standard
    return np.asarray(values, dtype=np.float64)


def dsr_limits(
    weighted_rate_sum: ArrayLike,
    weighted_variance_sum: ArrayLike,
    total_count: ArrayLike,
    weight_total: ArrayLike,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> Limits:
    """Vectorised DSRs from per-group sums: Σwx/n, Σw²x/n², Σx and Σw.

    Groups with fewer than 10 events are NaN (not calculated).
    """
    s1, s2 = np.asarray(weighted_rate_sum, float), np.asarray(weighted_variance_sum, float)
    o, w = np.asarray(total_count, float), np.asarray(weight_total, float)
    enough = o >= DSR_MINIMUM_COUNT
    o_safe = np.where(enough, o, DSR_MINIMUM_COUNT)
    value = s1 / w
    se_per_event = np.sqrt((s2 / (w * w)) / o_safe)
    o_low, o_high = byars_limits(o_safe, confidence)
    nan = np.full(value.shape, np.nan)
    return Limits(
        np.where(enough, value * multiplier, nan),
        np.where(enough, (value + se_per_event * (o_low - o_safe)) * multiplier, nan),
        np.where(enough, (value + se_per_event * (o_high - o_safe)) * multiplier, nan),
    )


def _check_bands(counts: FloatArray, populations: FloatArray, weights: FloatArray) -> None:
    if not (counts.shape == populations.shape == weights.shape):
        raise ValueError(
            f"counts ({counts.size}), populations ({populations.size}) and standard "
            f"({weights.size}) must have one value per age band"
        )
    if np.any(counts < 0):
        raise ValueError("counts must all be ≥ 0")
    if np.any(~np.isfinite(populations)) or np.any(populations <= 0):
        raise ValueError("populations must all be present and > 0")
    if np.any(~np.isfinite(weights)) or np.any(weights < 0):
        raise ValueError("standard population weights must all be present and ≥ 0")


def dsr(
    counts: Sequence[float | None],
    populations: Sequence[float],
    standard: Sequence[float] | StandardPopulation,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> Estimate:
    """Directly standardised rate per ``multiplier`` with Dobson limits.

    ``counts``, ``populations`` and ``standard`` hold one value per age band, in the same order
    (pass :func:`european_standard_population` for ESP 2013). A missing count counts as 0, as in
    the package. Fewer than 10 events in total: value and limits are None, with a note.
    """
    level = normalise_confidence(confidence)
    x = np.asarray([0.0 if c is None else c for c in counts], dtype=np.float64)
    x = np.nan_to_num(x, nan=0.0)
    n = np.asarray(populations, dtype=np.float64)
    w = _weights(standard)
    _check_bands(x, n, w)
    total = float(x.sum())
    if total < DSR_MINIMUM_COUNT:
        return Estimate(
            None,
            None,
            None,
            level,
            "Dobson",
            "dsr NA for total count < 10",
            count=total,
            denominator=float(n.sum()),
            note=f"not calculated: {total:g} events, fewer than {DSR_MINIMUM_COUNT}",
        )
    lim = dsr_limits(
        [np.sum(w * x / n)], [np.sum(w * w * x / (n * n))], [total], [w.sum()], level, multiplier
    )
    return Estimate(
        float(lim.value[0]),
        float(lim.lower[0]),
        float(lim.upper[0]),
        level,
        "Dobson",
        f"dsr per {multiplier:g}",
        count=total,
        denominator=float(n.sum()),
    )


def dsr_repeat_events(
    individuals_by_frequency: Mapping[int, Sequence[float | None]],
    populations: Sequence[float],
    standard: Sequence[float] | StandardPopulation,
    confidence: float = 0.95,
    multiplier: float = 100_000,
) -> Estimate:
    """A DSR of events when one person can have several (non-independent events).

    ``individuals_by_frequency[f][i]`` is the number of people in band i with exactly f events.
    Events per band are Σ f·x_f,i; the variance becomes Σ f²·V_f, which widens the interval.
    """
    level = normalise_confidence(confidence)
    method = "Dobson, with confidence adjusted for non-independent events"
    if not individuals_by_frequency:
        return missing_estimate(level, method, f"dsr per {multiplier:g}", "no events given")
    n = np.asarray(populations, dtype=np.float64)
    w = _weights(standard)
    events = np.zeros_like(n)
    variance = 0.0
    for frequency, people in individuals_by_frequency.items():
        if frequency < 1:
            raise ValueError(f"event frequencies start at 1, got {frequency}")
        x_f = np.nan_to_num(np.asarray([0.0 if p is None else p for p in people], float), nan=0.0)
        _check_bands(x_f, n, w)
        events += frequency * x_f
        variance += frequency**2 * float(np.sum(w * w * x_f / (n * n)))
    total = float(events.sum())
    if total < DSR_MINIMUM_COUNT:
        return Estimate(
            None,
            None,
            None,
            level,
            method,
            "dsr NA for total count < 10",
            count=total,
            denominator=float(n.sum()),
            note=f"not calculated: {total:g} events, fewer than {DSR_MINIMUM_COUNT}",
        )
    lim = dsr_limits([np.sum(w * events / n)], [variance], [total], [w.sum()], level, multiplier)
    return Estimate(
        float(lim.value[0]),
        float(lim.lower[0]),
        float(lim.upper[0]),
        level,
        method,
        f"dsr per {multiplier:g}",
        count=total,
        denominator=float(n.sum()),
    )
