"""One programme in one call, with the stated covariates, strata and clustering."""

from __future__ import annotations

import pytest

from atr.evaluate.methods import BALANCE_COLUMNS, EFFECT_COLUMNS, MATCHED_DID, evaluate_programme

from .simulate import OUTCOMES, simulate_programme


def test_a_programme_is_matched_balanced_and_estimated() -> None:
    frame = simulate_programme(11, people=3000).frame
    result = evaluate_programme(frame, programme_code="NAV", outcomes=OUTCOMES, windows=[6, 12])
    assert list(result.balance.columns) == list(BALANCE_COLUMNS)
    covariates = set(result.balance["covariate"])
    assert {"age", "imd_decile", "prior_adversity_count", "suspension__pre12", "sex=F"} <= covariates
    assert any(c.startswith("district=") for c in covariates)
    assert list(result.effects.columns[: len(EFFECT_COLUMNS)]) == list(EFFECT_COLUMNS)
    assert len(result.effects) == len(OUTCOMES) * 2 * 2
    assert (result.effects["programme_code"] == "NAV").all()
    matched = result.effects[result.effects["method"] == MATCHED_DID]
    assert (matched["n_participants"] == result.match.n_participants).all()
    assert (matched["n_comparison"] == result.match.n_comparison).all()


def test_a_school_level_programme_clusters_by_school() -> None:
    frame = simulate_programme(12, people=3000).frame
    by_person = evaluate_programme(frame, programme_code="TIS", outcomes=OUTCOMES[:1], windows=[12]).effects
    by_school = evaluate_programme(
        frame, programme_code="TIS", outcomes=OUTCOMES[:1], windows=[12], school_level=True
    ).effects
    assert by_school["estimate"].to_numpy() == pytest.approx(by_person["estimate"].to_numpy())
    width = by_school["upper_95"] - by_school["lower_95"]
    assert width.to_numpy() != pytest.approx((by_person["upper_95"] - by_person["lower_95"]).to_numpy())


def test_every_prior_outcome_is_matched_on_unless_told_otherwise() -> None:
    frame = simulate_programme(13, people=2000).frame
    default = evaluate_programme(frame, programme_code="NAV", outcomes=["suspension"], windows=[6])
    assert {"persistent_absence__pre12", "suspension__pre12"} <= set(default.balance["covariate"])
    only = evaluate_programme(
        frame, programme_code="NAV", outcomes=["suspension"], windows=[6], prior_outcomes=[]
    )
    assert "persistent_absence__pre12" not in set(only.balance["covariate"])
    assert "suspension__pre12" in set(only.balance["covariate"])  # an estimated outcome's own past always


def test_the_two_years_before_are_matched_on_where_the_frame_has_them() -> None:
    frame = simulate_programme(14, people=2000).frame
    frame["suspension__pre24"] = frame["suspension__pre12"].where(frame.index % 3 > 0, 1)
    result = evaluate_programme(frame, programme_code="NAV", outcomes=["suspension"], windows=[6])
    covariates = set(result.balance["covariate"])
    assert {"suspension__pre12", "suspension__pre24"} <= covariates
    assert "persistent_absence__pre24" not in covariates  # not in this frame: nothing invented
    only = evaluate_programme(
        frame, programme_code="NAV", outcomes=["suspension"], windows=[6], prior_outcomes=[]
    )
    assert "suspension__pre24" in set(only.balance["covariate"])  # its own history, both windows
