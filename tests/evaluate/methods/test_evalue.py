"""E-values against the worked values published with the method (VanderWeele & Ding 2017)."""

from __future__ import annotations

import math

import pytest

from atr.evaluate.methods import (
    e_value,
    e_value_for_interval,
    e_values_for_risk_difference,
    risk_ratio_from_difference,
)


def test_the_papers_worked_example() -> None:
    """Breastfeeding and respiratory death: RR 3.9 (95% CI 1.8 to 8.7) → E-values 7.26 and 3.0."""
    assert e_value(3.9) == pytest.approx(7.26, abs=0.005)
    assert e_value_for_interval(1.8, 8.7) == pytest.approx(3.0, abs=0.005)


def test_a_protective_ratio_is_taken_by_its_reciprocal() -> None:
    assert e_value(0.8) == pytest.approx(e_value(1.25)) == pytest.approx(1.25 + math.sqrt(1.25 * 0.25))
    assert e_value_for_interval(0.5, 0.9) == pytest.approx(e_value(1 / 0.9))
    assert e_value(1.0) == 1.0


def test_an_interval_holding_the_null_needs_no_confounding() -> None:
    assert e_value_for_interval(0.7, 1.3) == 1.0
    assert e_values_for_risk_difference(-0.02, -0.05, 0.01, 0.3).interval == 1.0


def test_a_risk_difference_goes_through_the_risk_ratio() -> None:
    assert risk_ratio_from_difference(0.1, 0.2) == pytest.approx(1.5)
    values = e_values_for_risk_difference(-0.05, -0.09, -0.01, 0.25)
    assert values.estimate == pytest.approx(e_value(0.20 / 0.25))
    assert values.interval == pytest.approx(e_value(0.24 / 0.25))  # the limit nearest the null


def test_undefined_conversions_give_missing_not_invented_values() -> None:
    assert math.isnan(e_values_for_risk_difference(-0.3, -0.4, -0.2, 0.25).estimate)  # risk below 0
    assert math.isnan(e_values_for_risk_difference(0.1, 0.0, 0.2, 0.0).estimate)
    assert math.isnan(e_values_for_risk_difference(float("nan"), 0.0, 0.2, 0.2).interval)
    with pytest.raises(ValueError, match="positive"):
        e_value(0.0)
    with pytest.raises(ValueError, match="wrong order"):
        e_value_for_interval(2.0, 1.5)
    with pytest.raises(ValueError, match="between 0 and 1"):
        risk_ratio_from_difference(0.1, 1.0)
