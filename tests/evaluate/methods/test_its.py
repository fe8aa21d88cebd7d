"""Comparative interrupted time series on simulated school panels with a known effect."""

from __future__ import annotations

import pytest

from atr.evaluate.methods import comparative_its

from .simulate import simulate_school_panel


def test_recovers_the_level_and_slope_change() -> None:
    covered = 0
    for seed in range(5):
        panel = simulate_school_panel(seed, level_change=1.5, slope_change=0.2)
        fit = comparative_its(panel, outcome="attendance", season="term")
        assert (fit.n_treated_units, fit.n_comparison_units, fit.n_periods) == (12, 28, 18)
        low, high = fit.level_change[1:]
        covered += low <= 1.5 <= high and fit.slope_change[1] <= 0.2 <= fit.slope_change[2]
        assert fit.effect_after(0) == pytest.approx(fit.level_change)
        at_three = fit.effect_after(3)
        assert at_three[0] == pytest.approx(fit.level_change[0] + 3 * fit.slope_change[0])
    assert covered >= 4


def test_no_effect_is_not_found_where_there_is_none() -> None:
    found = 0
    for seed in range(5):
        fit = comparative_its(
            simulate_school_panel(seed, level_change=0, slope_change=0), outcome="attendance"
        )
        found += not fit.level_change[1] <= 0 <= fit.level_change[2]
    assert found <= 1


def test_bad_panels_are_refused() -> None:
    panel = simulate_school_panel(0)
    with pytest.raises(KeyError, match="'exclusions'"):
        comparative_its(panel, outcome="exclusions")
    with pytest.raises(ValueError, match="programme and comparison"):
        comparative_its(panel.assign(participant=True), outcome="attendance")
