"""Edge cases and conventions (research note §1, §9 and vectors TV09–TV11, TV20–TV23)."""

from __future__ import annotations

from typing import Any

import pytest

from atr.indicators.estimate import confidence_label, normalise_confidence, z_value
from atr.indicators.intervals import wilson_limits
from atr.indicators.stats import byars_limits, dsr, european_standard_population, mean, proportion, rate

from .conftest import RELATIVE_TOLERANCE


def test_confidence_levels() -> None:
    assert normalise_confidence(95) == 0.95 and normalise_confidence(99.8) == pytest.approx(0.998)
    assert z_value(0.95) == pytest.approx(1.959963984540054, rel=1e-15)
    assert z_value(0.998) == pytest.approx(3.090232306167813, rel=1e-15)
    assert confidence_label(0.998) == "99.8%"
    for bad in (0.5, 80, 101, -1):
        with pytest.raises(ValueError):
            normalise_confidence(bad)
    with pytest.raises(TypeError):
        normalise_confidence("95")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("x", "n", "expected95", "expected998"),
    [
        (0, 100, (0, 0, 0.036993498207), (0, 0.08717093728)),  # TV10
        (100, 100, (1, 0.963006501793, 1), (0.91282906272, 1)),  # TV11
    ],
)
def test_proportion_edges(
    x: int, n: int, expected95: tuple[float, ...], expected998: tuple[float, ...], rel_error: Any
) -> None:
    at_95, at_998 = proportion(x, n, 0.95, 1), proportion(x, n, 0.998, 1)
    for got, want in zip(
        (at_95.value, at_95.lower, at_95.upper, at_998.lower, at_998.upper),
        (*expected95, *expected998),
        strict=True,
    ):
        assert rel_error(got, want) < 1e-9


def test_wilson_at_full_confidence_is_zero_to_one() -> None:  # TV09
    lower, upper = wilson_limits([3], [10], 1.0)
    assert (lower[0], upper[0]) == (0.0, 1.0)


@pytest.mark.parametrize(
    ("x", "expected95", "expected998"),
    [
        (0, (0, 368.887945411), (0, 690.775527898)),  # TV20: zero count, lower limit 0 not NaN
        (9, (411.537309738, 1708.48034514), (245.242440436, 2265.73733091)),
    ],  # TV21: last exact count
)
def test_rate_exact_edges(
    x: int, expected95: tuple[float, float], expected998: tuple[float, float], rel_error: Any
) -> None:
    at_95, at_998 = rate(x, 1000), rate(x, 1000, 0.998)
    assert at_95.method == "Exact"
    for got, want in zip(
        (at_95.lower, at_95.upper, at_998.lower, at_998.upper), (*expected95, *expected998), strict=True
    ):
        assert rel_error(got, want) < 1e-9


def test_rate_switches_to_byars_at_ten(rel_error: Any) -> None:  # TV18
    result = rate(10, 200)
    assert result.method == "Byars"
    assert rel_error(result.lower, 2393.724956983782) < RELATIVE_TOLERANCE
    assert rel_error(result.upper, 9195.729302878237) < RELATIVE_TOLERANCE


def test_byars_negative_lower_limit_is_missing() -> None:  # TV23
    lower, upper = byars_limits([1], 0.998)
    assert lower[0] != lower[0]  # NaN, R's NA
    assert upper[0] == pytest.approx(9.362180217908362, rel=1e-12)


def test_invalid_inputs_raise() -> None:
    with pytest.raises(ValueError, match="greater than denominator"):
        proportion(11, 10)
    with pytest.raises(ValueError, match="> 0"):
        proportion(0, 0)
    with pytest.raises(ValueError, match="≥ 0"):
        rate(-1, 10)
    assert rate(250, 220).value == pytest.approx(113636.36363636365)  # x > n is fine for rates
    with pytest.raises(ValueError, match="one value per age band"):
        dsr([1, 2], [10, 20], european_standard_population())
    with pytest.raises(ValueError, match="> 0"):
        dsr([5] * 19, [0] + [10] * 18, european_standard_population())


def test_missing_inputs_give_missing_estimates() -> None:
    assert proportion(None, 100).value is None  # type: ignore[arg-type]
    assert rate(float("nan"), 100).note == "numerator or denominator missing"
    assert mean([1.0, None, 3.0]).value is None  # type: ignore[list-item]
    single = mean([4.0])
    assert single.value == 4.0 and single.lower is None and single.note


def test_dsr_below_ten_events_is_not_calculated() -> None:  # TV29
    esp = european_standard_population()
    result = dsr([0, 0, None, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 1, 2, 3], [1000] * 19, esp)
    assert result.value is None and result.lower is None and result.count == 9
    assert result.statistic == "dsr NA for total count < 10" and "fewer than 10" in (result.note or "")


def test_esp2013_shipped() -> None:
    esp = european_standard_population()
    assert len(esp.bands) == 19 and sum(esp.weights) == 100_000
    assert esp.band_of(0) == "0-4" and esp.band_of(17) == "15-19" and esp.band_of(104) == "90+"
    assert esp.weight_of("55-59") == 6500
