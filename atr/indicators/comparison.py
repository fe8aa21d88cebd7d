"""Comparing an area with a benchmark, honouring the indicator's polarity (Fingertips rules).

Fingertips' default comparator (method 1, "confidence intervals overlapping reference value")
asks whether the benchmark's **point value** lies inside the area's confidence interval, ends
included; it is not a test of whether two intervals overlap (research note §4.2). Outside the
interval the area is "higher" or "lower", which polarity turns into better or worse:

* high is good: higher → better, lower → worse;
* low is good: lower → better, higher → worse;
* no judgement (Fingertips' blue–orange–blue): stays higher / lower;
* not applicable: "not compared".

The same rule at 95% and at 99.8% gives the two-level summary (method 17): significant at
99.8% is "best"/"worst" (or "highest"/"lowest" without polarity).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from atr.indicators.estimate import Estimate, is_missing


class Polarity(StrEnum):
    """Which direction is good, as the catalogue declares it."""

    HIGH_IS_GOOD = "high_is_good"
    LOW_IS_GOOD = "low_is_good"
    NO_JUDGEMENT = "no_judgement"
    NOT_APPLICABLE = "not_applicable"


Comparison = Literal["better", "similar", "worse", "higher", "lower", "not compared"]
TwoLevelComparison = Literal[
    "best",
    "better",
    "similar",
    "worse",
    "worst",
    "highest",
    "higher",
    "lower",
    "lowest",
    "not compared",
]

NOT_COMPARED: Comparison = "not compared"


def _direction(
    value: float | None, lower: float | None, upper: float | None, benchmark: float | None
) -> Literal["higher", "lower", "similar"] | None:
    if any(is_missing(v) for v in (value, lower, upper, benchmark)):
        return None
    assert lower is not None and upper is not None and benchmark is not None
    if lower <= benchmark <= upper:
        return "similar"
    return "higher" if lower > benchmark else "lower"


def _judge(direction: Literal["higher", "lower", "similar"], polarity: Polarity) -> Comparison:
    if direction == "similar":
        return "similar"
    if polarity is Polarity.HIGH_IS_GOOD:
        return "better" if direction == "higher" else "worse"
    if polarity is Polarity.LOW_IS_GOOD:
        return "better" if direction == "lower" else "worse"
    return direction


def compare_direction(direction: str, polarity: Polarity | str) -> Comparison:
    """Turn a direction ('higher', 'lower', 'similar') into the published label for a polarity."""
    pol = Polarity(polarity)
    if pol is Polarity.NOT_APPLICABLE:
        return NOT_COMPARED
    if direction not in ("higher", "lower", "similar"):
        raise ValueError(f"unknown direction '{direction}'")
    return _judge(direction, pol)  # type: ignore[arg-type]


def compare(
    value: float | None,
    lower: float | None,
    upper: float | None,
    benchmark: float | None,
    polarity: Polarity | str,
) -> Comparison:
    """Better / similar / worse (or higher / lower) than ``benchmark``; "not compared" if unknown.

    A benchmark exactly on a limit counts as inside the interval (similar), as in Fingertips.
    """
    pol = Polarity(polarity)
    if pol is Polarity.NOT_APPLICABLE:
        return NOT_COMPARED
    direction = _direction(value, lower, upper, benchmark)
    return NOT_COMPARED if direction is None else _judge(direction, pol)


def compare_estimate(estimate: Estimate, benchmark: float | None, polarity: Polarity | str) -> Comparison:
    """:func:`compare` for an :class:`Estimate` at its own confidence level."""
    return compare(estimate.value, estimate.lower, estimate.upper, benchmark, polarity)


def compare_two_levels(
    at_95: Estimate, at_998: Estimate, benchmark: float | None, polarity: Polarity | str
) -> TwoLevelComparison:
    """Fingertips' two-level comparison: significant at 99.8% is 'best'/'worst'."""
    first = compare_estimate(at_95, benchmark, polarity)
    second = compare_estimate(at_998, benchmark, polarity)
    if first in ("similar", "not compared") or second in ("similar", "not compared"):
        return first
    strong: dict[Comparison, TwoLevelComparison] = {
        "better": "best",
        "worse": "worst",
        "higher": "highest",
        "lower": "lowest",
    }
    return strong[second]
