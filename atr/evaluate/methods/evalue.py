"""E-values: how strong unmeasured confounding would have to be to explain an effect away.

VanderWeele & Ding (2017), "Sensitivity analysis in observational research: introducing the
E-value", Annals of Internal Medicine 167(4):268-274. For a risk ratio ``RR`` (taken as
``1/RR`` when below 1), ``E = RR + sqrt(RR·(RR-1))``: the minimum strength of association, on
the risk-ratio scale, that an unmeasured confounder would need with both taking part and the
outcome, beyond the measured covariates, to move the estimate to the null. For the interval,
the same formula is applied to the limit nearest the null, and the E-value is 1 when the
interval already includes the null.

The evaluation estimates risk differences. Following the paper's advice for other scales, each
is converted to a risk ratio first: ``RR = (p0 + RD) / p0``, where ``p0`` is the participants'
risk without the programme (their observed post-start risk minus the estimated effect), and
each interval limit the same way. A reference risk outside (0, 1), or a limit that would give a
risk of 0 or below, leaves the E-value missing rather than inventing one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class EValues:
    """The E-value of an estimate and of its confidence interval (NaN where not defined)."""

    estimate: float
    interval: float


def e_value(risk_ratio: float) -> float:
    """The E-value of a risk ratio (VanderWeele & Ding 2017, their formula for RR)."""
    if not risk_ratio > 0 or math.isinf(risk_ratio):
        raise ValueError(f"a risk ratio must be positive and finite, not {risk_ratio}")
    rr = 1 / risk_ratio if risk_ratio < 1 else risk_ratio
    return rr + math.sqrt(rr * (rr - 1))


def e_value_for_interval(lower: float, upper: float) -> float:
    """The E-value of a risk-ratio interval: of the limit nearest 1, or 1 if it includes 1."""
    if lower > upper:
        raise ValueError(f"interval limits in the wrong order: {lower} > {upper}")
    if lower <= 1 <= upper:
        return 1.0
    return e_value(lower if lower > 1 else upper)


def risk_ratio_from_difference(difference: float, reference_risk: float) -> float:
    """``(p0 + RD) / p0``: a risk difference as a risk ratio, given the risk without the effect."""
    if not 0 < reference_risk < 1:
        raise ValueError(f"the reference risk must lie strictly between 0 and 1, not {reference_risk}")
    risk = reference_risk + difference
    if not risk > 0:
        raise ValueError(f"a risk difference of {difference} from {reference_risk} leaves no risk")
    return risk / reference_risk


def e_values_for_risk_difference(
    estimate: float, lower: float, upper: float, reference_risk: float
) -> EValues:
    """E-values of a risk difference and its interval, converted through the risk ratio."""
    nan = float("nan")
    if any(math.isnan(v) for v in (estimate, lower, upper, reference_risk)):
        return EValues(nan, nan)
    if not 0 < reference_risk < 1:
        return EValues(nan, nan)
    if lower <= 0 <= upper:
        interval = 1.0
    else:
        nearest = lower if lower > 0 else upper
        interval = _safe(lambda: e_value(risk_ratio_from_difference(nearest, reference_risk)))
    point = _safe(lambda: e_value(risk_ratio_from_difference(estimate, reference_risk)))
    return EValues(point, interval)


def _safe(compute: Callable[[], float]) -> float:
    """The E-value, or NaN where the conversion has no risk ratio (a limit at or below risk 0)."""
    try:
        return compute()
    except ValueError:
        return float("nan")
