"""The result every statistic returns, and the confidence levels it may be asked for.

Every method in :mod:`atr.indicators.stats` answers with an :class:`Estimate` (a point value
and its limits) so the engine, the dashboard and the external checks read results one way.
A value that cannot be calculated (too few events for a DSR, a missing input) is ``None``
with a ``note`` saying why: public-health tables show a gap and a reason, never a zero.

Confidence follows PHEindicatormethods: a level may be written 0.95 or 95, 0.998 or 99.8;
the two-sided normal quantile is Φ⁻¹(c + (1 − c)/2) (scipy, not a hand-coded constant).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from scipy import stats as _sp

STANDARD_LEVELS: tuple[float, float] = (0.95, 0.998)
"""The two levels Fingertips publishes: 95% (about 2 s.d.) and 99.8% (about 3 s.d.)."""


@dataclass(frozen=True)
class Estimate:
    """A point value with its confidence limits, and how it was obtained.

    ``value``, ``lower`` and ``upper`` are on the published scale (already multiplied, e.g.
    a percentage or a rate per 100,000). ``method`` and ``statistic`` use the wording of
    PHEindicatormethods so that outputs can be compared with Fingertips.
    """

    value: float | None
    lower: float | None
    upper: float | None
    confidence: float
    method: str
    statistic: str
    count: float | None = None
    denominator: float | None = None
    note: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_missing(self) -> bool:
        return self.value is None


def normalise_confidence(confidence: float) -> float:
    """Return the level as a fraction; 95 → 0.95, 99.8 → 0.998, as the R package accepts.

    Levels outside 0.9–1 (or 90–100) are rejected: the project publishes 95% and 99.8%, and a
    level such as 0.5 is almost always a typo for 95.
    """
    if isinstance(confidence, bool) or not isinstance(confidence, int | float):
        raise TypeError(f"confidence must be a number such as 0.95 or 0.998, not {confidence!r}")
    level = float(confidence)
    if 90 <= level <= 100:
        level /= 100
    if not (0.9 <= level <= 1):
        raise ValueError(f"confidence {confidence} is not between 0.9 and 1 (or 90 and 100)")
    return level


def z_value(confidence: float) -> float:
    """Two-sided standard-normal quantile for a level: 1.959963984540054 at 95%."""
    return _z(normalise_confidence(confidence))


@lru_cache(maxsize=64)
def _z(level: float) -> float:
    if level == 1:
        return math.inf
    return float(_sp.norm.ppf(level + (1 - level) / 2))


def confidence_label(confidence: float) -> str:
    """``95%`` or ``99.8%``, the labels the package and Fingertips print."""
    level = normalise_confidence(confidence) * 100
    return f"{level:g}%"


def is_missing(value: object) -> bool:
    """True for None and NaN (R's NA in the package's test data)."""
    if value is None:
        return True
    return isinstance(value, float) and math.isnan(value)


def missing_estimate(confidence: float, method: str, statistic: str, note: str) -> Estimate:
    """An estimate that could not be calculated, with the reason."""
    return Estimate(None, None, None, normalise_confidence(confidence), method, statistic, note=note)


def finite_or_none(value: float) -> float | None:
    """NaN (numpy's missing) becomes None so results serialise cleanly."""
    return None if math.isnan(value) else float(value)
