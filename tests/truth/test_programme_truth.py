"""The evaluation's intervals against the synthetic programme truth."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.errors import InputFileError
from atr.truth import compare_programme_effects
from atr.warehouse import DuckDBWarehouse


def test_counts_the_intervals_that_hold_the_true_effect(tmp_path: Path) -> None:
    (tmp_path / "truth").mkdir()
    (tmp_path / "truth" / "programme_effects.csv").write_text(
        "programme_code,outcome,window_months,true_effect,n_participants\n"
        "NAVIG,suspension,12,-0.05,100\nNAVIG,suspension,24,-0.08,90\nMENTR,suspension,12,0.0,50\n",
        encoding="utf-8",
    )
    with DuckDBWarehouse(":memory:") as wh:
        wh.execute(
            "CREATE TABLE evaluation_effect AS SELECT * FROM (VALUES "
            "('NAVIG', 'suspension', 12, 'matched_did', -0.04, -0.09, 0.01),"
            "('NAVIG', 'suspension', 12, 'naive', 0.06, 0.02, 0.10),"
            "('NAVIG', 'suspension', 24, 'matched_did', -0.02, -0.05, 0.01),"
            "('MENTR', 'suspension', 12, 'matched_did', 0.01, -0.03, 0.05),"
            "('MENTR', 'suspension', 12, 'naive', 0.0, NULL, NULL)"  # the outcome never varied
            ") AS t(programme_code, outcome, window_months, method, estimate, lower_95, upper_95)"
        )
        found = compare_programme_effects(wh, tmp_path)
        rows = wh.rows(
            "SELECT * FROM evaluation_truth_comparison ORDER BY programme_code, window_months, method"
        )
    assert found.compared == {"matched_did": 3, "naive": 1}  # an estimate without interval is apart
    assert found.without_interval == {"matched_did": 0, "naive": 1}
    assert found.holding == {"matched_did": 2, "naive": 0}  # NAVIG at 24 months misses -0.08
    assert found.mean_abs_error["naive"] == pytest.approx(0.055)
    assert [r["holds_truth"] for r in rows] == [True, None, True, False, False]
    assert "2 of 3 intervals" in found.describe()
    assert "naive: 0 of 1 intervals hold the true effect (mean |error| 0.055; 1 estimates without" in (
        found.describe()
    )


def test_a_truth_folder_without_programmes_is_named(tmp_path: Path) -> None:
    with DuckDBWarehouse(":memory:") as wh, pytest.raises(InputFileError, match=r"programme_effects\.csv"):
        compare_programme_effects(wh, tmp_path)
