"""Funnel limits and funnel significance: research note vectors TV50–TV57.

TV50–TV52 and TV54–TV56 are copied in the note from the package's funnel test files
(``testdata_funnel_*``, not among the shared files); TV53 and TV57 are self-contained.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from atr.indicators.funnel import (
    expected_for_lower_limit,
    expected_for_upper_limit,
    funnel_grid,
    proportion_control_limits,
)
from atr.indicators.stats import funnel_limits, funnel_significance

from .conftest import RELATIVE_TOLERANCE


@pytest.mark.parametrize(
    ("av", "n", "expected"),
    [
        (0.8064244786, 598, (77.475765, 83.809131, 75.649608, 85.635287)),  # TV50
        (0.8064244786, 110000, (80.408963, 80.875933, 80.274317, 81.010578)),  # TV51
        (0.8064244786, 1, (3.204264, 100, 0, 100)),  # TV52 (capped and floored)
        (0.2, 1000, (17.52081987, 22.47918013, 16.09113097, 23.90886903)),  # TV53
    ],
)
def test_proportion_funnel_limits(av: float, n: float, expected: tuple[float, ...], rel_error: Any) -> None:
    lo95, hi95 = proportion_control_limits(av, [n], 0.95)
    lo998, hi998 = proportion_control_limits(av, [n], 0.998)
    got = (float(lo95[0]), float(hi95[0]), float(lo998[0]), float(hi998[0]))
    for actual, wanted in zip(got, expected, strict=True):
        # the csv stores 6 decimal places
        assert abs(actual - wanted) < 5e-7 or rel_error(actual, wanted) < RELATIVE_TOLERANCE


def test_proportion_grid_uses_score_limits_and_narrows() -> None:
    numerators, denominators = [80, 450, 1900, 30], [100, 560, 2400, 41]
    grid = funnel_limits(numerators, denominators, statistic="proportion", multiplier=100)
    av = sum(numerators) / sum(denominators)
    assert grid.value == pytest.approx(av * 100)
    x = np.asarray(grid.x)
    assert x[0] == 1 and np.all(np.diff(x) >= 1) and len(x) == 100
    # max denominator 2400 → axis maximum 2600 (1.05 x rounded up to 2 significant figures)
    assert x[-1] == 2600
    lower, upper = np.asarray(grid.lower), np.asarray(grid.upper)
    spread = np.sqrt(av * (1 - av) / x)
    np.testing.assert_allclose(upper, np.minimum(100, (av + 1.959963984540054 * spread) * 100), rtol=1e-12)
    assert np.all(np.diff(upper) <= 0) and np.all(np.diff(lower) >= 0)
    assert np.all(np.asarray(grid.lower_998) <= lower) and np.all(np.asarray(grid.upper_998) >= upper)


def test_poisson_expected_counts_tv54(rel_error: Any) -> None:
    """TV54: O = 10. The package's bisection values, not the exact χ² ones (which differ ~1e-7)."""
    assert rel_error(float(expected_for_lower_limit(10, 0.025)), 18.39035799) < 2e-9
    assert rel_error(float(expected_for_upper_limit(10, 0.025)), 4.795387629) < 2e-9
    assert rel_error(float(expected_for_lower_limit(10, 0.001)), 24.13397235) < 2e-9
    assert rel_error(float(expected_for_upper_limit(10, 0.001)), 2.960519925) < 2e-9


def test_ratio_funnel_tv54(rel_error: Any) -> None:
    grid = funnel_limits([10, 30, 95], [12.0, 25.0, 100.0], statistic="ratio", multiplier=1, ratio_type="isr")
    row = grid.x.index(10.0)
    assert rel_error(grid.lower[row], 54.3763205) < RELATIVE_TOLERANCE
    assert rel_error(grid.upper[row], 208.5337156) < RELATIVE_TOLERANCE
    assert rel_error(grid.lower_998[row], 41.43536693) < RELATIVE_TOLERANCE
    assert rel_error(grid.upper_998[row], 337.778507) < RELATIVE_TOLERANCE
    counts = funnel_limits(
        [10, 30, 95], [12.0, 25.0, 100.0], statistic="ratio", multiplier=1, ratio_type="count"
    )
    assert rel_error(counts.lower[row], -0.456236795) < RELATIVE_TOLERANCE
    assert rel_error(counts.upper_998[row], 2.37778507) < RELATIVE_TOLERANCE


def test_rate_funnel_tv55(rel_error: Any) -> None:
    """TV55: dsr funnel, 3 years, per 100,000, at 10 events. Inputs give av = 116.1720835/1e5."""
    av = 116.1720835 / 1e5
    # Two areas whose pooled average is av and whose grid contains 10 events.
    grid = funnel_limits(
        [40, 4000],
        None,
        statistic="rate",
        multiplier=1e5,
        rates=[av * 1e5] * 2,
        rate_type="dsr",
        years_of_data=3,
    )
    assert rel_error(grid.value, 116.1720835) < 1e-9
    row = grid.x.index(10.0)
    assert rel_error(grid.lower_95_x[row], 5276.757672) < RELATIVE_TOLERANCE
    assert rel_error(grid.lower[row], 63.17010446) < RELATIVE_TOLERANCE
    assert rel_error(grid.upper_95_x[row], 1375.943768) < RELATIVE_TOLERANCE
    assert rel_error(grid.upper[row], 242.2579623) < RELATIVE_TOLERANCE
    assert rel_error(grid.lower_998_x[row], 6924.776769) < RELATIVE_TOLERANCE
    assert rel_error(grid.lower_998[row], 48.13632908) < RELATIVE_TOLERANCE
    assert rel_error(grid.upper_998_x[row], 849.4639547) < RELATIVE_TOLERANCE
    assert rel_error(grid.upper_998[row], 392.4043292) < RELATIVE_TOLERANCE
    assert grid.statistic == "rate (dsr per 100,000)"


@pytest.mark.parametrize(
    ("observed", "expected", "label"),
    [
        (8, 6.239860227, "Not significant"),
        (151, 106.4429719, "High (0.001)"),
        (150, 119.5695496, "High (0.025)"),
        (0, 240.6273499, "Low (0.001)"),
        (124, 183.894409, "Low (0.001)"),
    ],
)
def test_ratio_significance_tv56(observed: float, expected: float, label: str) -> None:
    assert funnel_significance(observed, expected, 1.0, statistic="ratio") == label


@pytest.mark.parametrize(
    ("x", "n", "label"),
    [
        (35078.488, 41980, "High (0.001)"),
        (24803.6256, 31824, "Low (0.001)"),
        (50050.7443, 61921, "Not significant"),
    ],
)
def test_proportion_significance_tv57(x: float, n: float, label: str) -> None:
    assert funnel_significance(x, n, 0.8064244786, statistic="proportion") == label


def test_dsr_significance_needs_ten_events() -> None:
    assert funnel_significance(9, 1000, 0.001, statistic="rate", dsr=True).startswith("Not applicable")


def test_grid_rounds_like_r() -> None:
    # R prints 100000 as 1e+05 (5 characters): the axis maximum for 95,000 becomes 100,000.
    grid = funnel_grid(0, 100_000, "proportion")
    assert grid[0] == 1 and grid[-1] == 100_000
    big = funnel_limits([1, 10], [950, 95_000], statistic="proportion", multiplier=100)
    assert big.x[-1] == 100_000
