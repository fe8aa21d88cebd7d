"""Comparative interrupted time series on simulated school panels with a known effect."""

from __future__ import annotations

import pandas as pd
import pytest

from atr.evaluate.methods import comparative_its, matched_panel

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


def test_matched_comparison_schools_take_their_programme_schools_start() -> None:
    panel = simulate_school_panel(3)
    panel["start_period"] = panel["start_period"] + (panel["school_urn"] == "1000") * 2  # one starts later
    programme = sorted(panel.loc[panel["participant"], "school_urn"].unique())
    others = sorted(panel.loc[~panel["participant"], "school_urn"].unique())
    pairs = pd.DataFrame(
        {
            "participant": [programme[0], programme[0], programme[1]],
            "comparison": [others[0], others[1], others[0]],
        }
    )
    both = matched_panel(panel, pairs)
    reused = both[(both["school_urn"] == others[0])]
    assert len(reused) == 2 * 18 and set(reused["weight"]) == {0.5, 1.0}
    first_start = panel.loc[panel["school_urn"] == programme[0], "start_period"].iloc[0]
    assert set(reused.loc[reused["weight"] == 0.5, "start_period"]) == {first_start}
    assert both.loc[both["participant"], "weight"].eq(1.0).all()
    assert not both.loc[both["school_urn"].isin(others[2:])].size
    fit = comparative_its(both, outcome="attendance", weight="weight")
    assert fit.n_comparison_units == 2
