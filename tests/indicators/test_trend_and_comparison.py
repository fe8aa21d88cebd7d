"""Recent-trend test (TV60, TV61) and benchmark comparison (TV65) from the Fingertips code."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
import pytest

from atr.indicators.estimate import Estimate
from atr.indicators.stats import Polarity, compare, compare_two_levels, proportion, trend
from atr.indicators.trend import chi_square_threshold, trend_labels

SET1: dict[str, list[float]] = dict(
    values=[24.67, 24.6, 28, 30.2, 30.6],
    lower=[23.16, 23.15, 26.44, 28.63, 28.98],
    upper=[26.25, 26.19, 29.64, 31.9, 32.25],
    counts=[994, 1023, 1199, 1332, 1367],
    denominators=[40299, 41527, 42811, 44064, 44701],
)
SET2: dict[str, list[float]] = dict(
    values=[20.5506, 19.5952, 19.0349, 21.3966, 18.4372],
    lower=[18.1803, 17.3444, 16.8421, 19.0918, 16.2925],
    upper=[23.1427, 22.0602, 21.4394, 23.8975, 20.7941],
    counts=[209, 213, 213, 239, 210],
    denominators=[1017, 1087, 1119, 1117, 1139],
)


def test_threshold_is_998_chi_square() -> None:
    assert chi_square_threshold() == pytest.approx(9.54953570608324, rel=1e-12)


def test_set1_weighted_tv60(rel_error: Any) -> None:
    result = trend(
        SET1["values"], SET1["lower"], SET1["upper"], method="weighted", polarity=Polarity.HIGH_IS_GOOD
    )
    assert rel_error(result.chi_square, 46.76531579) < 1e-8
    assert rel_error(result.value, 1.751566) < 1e-6
    assert result.significant and result.direction == "increasing"
    assert result.label == "Increasing and getting better"


def test_set1_proportion_tv60(rel_error: Any) -> None:
    result = trend(**SET1, polarity=Polarity.LOW_IS_GOOD)  # type: ignore[arg-type]
    assert result.method == "proportion"
    assert rel_error(result.chi_square, 47.89667671) < 1e-8
    assert rel_error(result.direction_slope, 0.06524964) < 1e-6
    assert result.label == "Increasing and getting worse"


def test_set2_no_significant_change_tv61(rel_error: Any) -> None:
    weighted = trend(SET2["values"], SET2["lower"], SET2["upper"], method="weighted")
    assert rel_error(weighted.chi_square, 0.4642430851) < 1e-8
    assert rel_error(weighted.value, -0.25998) < 1e-4
    assert weighted.label == "No significant change"
    by_proportion = trend(**SET2)  # type: ignore[arg-type]
    assert rel_error(by_proportion.chi_square, 0.4002640633) < 1e-8
    assert not by_proportion.significant


def test_trend_uses_last_five_unbroken_points() -> None:
    long: dict[str, list[float | None]] = {
        k: [None, *v[:1], *v] for k, v in SET1.items()
    }  # a gap, then six points
    assert trend(**long).chi_square == pytest.approx(trend(**SET1).chi_square)  # type: ignore[arg-type]
    broken: dict[str, list[float | None]] = {k: [*v[:2], None, *v[3:]] for k, v in SET1.items()}
    result = trend(**broken)  # type: ignore[arg-type]
    assert result.label == "Cannot be calculated" and result.chi_square is None
    four = {k: v[1:] for k, v in SET1.items()}
    assert trend(**four).label == "Cannot be calculated"  # type: ignore[arg-type]


def test_trend_not_robust_when_one_point_flips_the_slope() -> None:
    # A steady fall with one very precise outlier: significant overall but not robust.
    values = [50.0, 49.0, 48.0, 47.0, 80.0]
    lower = [45.0, 44.0, 43.0, 42.0, 79.9]
    upper = [55.0, 54.0, 53.0, 52.0, 80.1]
    result = trend(values, lower, upper, method="weighted")
    assert result.chi_square is not None and result.chi_square > chi_square_threshold()
    assert not result.significant and result.label == "No significant change"


def _interval(lower: float, value: float, upper: float, level: float) -> Estimate:
    return Estimate(value, lower, upper, level, "test", "test")


@pytest.mark.parametrize(
    ("benchmark", "low_is_good", "high_is_good"),
    [
        (3.0, "best", "worst"),
        (2.8, "better", "worse"),
        (2.6, "similar", "similar"),
        (2.4, "worse", "better"),
        (2.2, "worst", "best"),
    ],
)
def test_two_levels_tv65(benchmark: float, low_is_good: str, high_is_good: str) -> None:
    at_95, at_998 = _interval(2.5, 2.6, 2.7, 0.95), _interval(2.3, 2.6, 2.9, 0.998)
    assert compare_two_levels(at_95, at_998, benchmark, Polarity.LOW_IS_GOOD) == low_is_good
    assert compare_two_levels(at_95, at_998, benchmark, Polarity.HIGH_IS_GOOD) == high_is_good


def test_compare_rules() -> None:
    assert compare(2.6, 2.5, 2.7, 2.7, "low_is_good") == "similar"  # on the limit counts as inside
    assert compare(2.6, 2.5, 2.7, 2.8, "no_judgement") == "lower"
    assert compare(2.6, 2.5, 2.7, 2.4, "no_judgement") == "higher"
    assert compare(2.6, 2.5, 2.7, 2.4, "not_applicable") == "not compared"
    assert compare(None, None, None, 2.4, "high_is_good") == "not compared"
    assert compare(2.6, 2.5, 2.7, None, "high_is_good") == "not compared"
    with pytest.raises(ValueError):
        compare(2.6, 2.5, 2.7, 2.4, "sideways")


def test_compare_uses_point_benchmark_not_overlap() -> None:
    """The benchmark's own interval is ignored: only its point value matters (Fingertips rule 1)."""
    area = proportion(30, 100)
    assert area.upper is not None and area.upper < 40
    assert compare(area.value, area.lower, area.upper, 40.0, "low_is_good") == "better"


def test_batch_labels_agree_with_the_scalar_test() -> None:
    """The engine's vectorised trend test gives the same label as :func:`trend` for each series."""
    rng = np.random.default_rng(3)
    n = 400
    denominators = rng.integers(200, 5000, size=(n, 5)).astype(float)
    slope = rng.normal(0, 0.02, size=(n, 1))
    share = np.clip(0.2 + slope * np.arange(5) + rng.normal(0, 0.01, size=(n, 5)), 0.01, 0.99)
    counts = np.round(share * denominators)
    counts[0, 2] = 0  # a zero count: cannot be calculated for proportions
    values, lower, upper = (np.zeros((n, 5)) for _ in range(3))
    for i in range(n):
        for j in range(5):
            e = proportion(counts[i, j], denominators[i, j])
            values[i, j], lower[i, j], upper[i, j] = e.value, e.lower, e.upper
    for kwargs in ({"counts": counts, "denominators": denominators}, {}):
        batch = trend_labels(values, lower, upper, polarity="high_is_good", **kwargs)
        method: Literal["proportion", "weighted"] = "proportion" if kwargs else "weighted"
        single = [
            trend(
                values[i].tolist(),
                lower[i].tolist(),
                upper[i].tolist(),
                method=method,
                polarity="high_is_good",
                counts=counts[i].tolist() if kwargs else None,
                denominators=denominators[i].tolist() if kwargs else None,
            ).label
            for i in range(n)
        ]
        assert batch == single
        assert len(set(batch)) >= 3  # the sample exercises several outcomes
