"""Matching: exact strata, the caliper, replacement, and nobody silently dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from atr.evaluate.methods import NO_STRATUM_MATCH, OUTSIDE_CALIPER, match_on_propensity, propensity_logit

from .simulate import CATEGORICAL, NUMERIC, simulate_programme


def _frame() -> pd.DataFrame:
    return simulate_programme(3, people=1500).frame


def test_pairs_share_the_exact_strata_and_lie_within_the_caliper() -> None:
    frame = _frame()
    match = match_on_propensity(frame, numeric=NUMERIC, categorical=CATEGORICAL)
    pairs = match.pairs
    for column in ("district", "age_band"):
        assert (
            frame.loc[pairs["participant"], column].to_numpy()
            == frame.loc[pairs["comparison"], column].to_numpy()
        ).all()
    assert (pairs["distance"] <= match.caliper).all()
    distance = match.logit[pairs["participant"]].to_numpy() - match.logit[pairs["comparison"]].to_numpy()
    assert abs(distance) == pytest.approx(pairs["distance"].to_numpy())
    assert not frame.loc[pairs["comparison"], "participant"].any()


def test_every_participant_is_matched_or_counted_as_unmatched() -> None:
    frame = _frame()
    match = match_on_propensity(frame, numeric=NUMERIC, categorical=CATEGORICAL, caliper_sd=0.01)
    assert match.n_participants + match.n_unmatched == int(frame["participant"].sum())
    assert match.unmatched_counts()[OUTSIDE_CALIPER] == match.n_unmatched > 0
    assert set(match.unmatched.columns) >= {"participant", "reason", "district", "age_band"}
    assert (match.weights[match.unmatched["participant"]] == 0).all()


def test_a_stratum_with_no_one_to_compare_is_reported() -> None:
    frame = _frame()
    lonely = frame.index[frame["participant"]][:3]
    frame.loc[lonely, "district"] = "Nowhere"
    match = match_on_propensity(frame, numeric=NUMERIC, categorical=("sex",))
    assert match.unmatched_counts()[NO_STRATUM_MATCH] == 3
    assert set(match.unmatched.loc[match.unmatched["reason"] == NO_STRATUM_MATCH, "participant"]) == set(
        lonely
    )


def test_with_replacement_a_comparison_serves_several_and_weighs_as_many() -> None:
    frame = _frame()
    match = match_on_propensity(frame, numeric=NUMERIC, categorical=CATEGORICAL, neighbours=2)
    uses = match.pairs["comparison"].value_counts()
    assert uses.max() > 1
    comparisons = match.weights[~frame["participant"]]
    # each matched participant hands out a total weight of 1 across its neighbours
    assert comparisons.sum() == pytest.approx(match.n_participants)
    assert (match.weights[match.pairs["participant"].unique()] == 1).all()
    assert match.n_comparison == len(uses) == int((comparisons > 0).sum())


def test_the_score_ranks_the_more_likely_higher() -> None:
    frame = _frame()
    logit = propensity_logit(frame, numeric=NUMERIC, categorical=CATEGORICAL)
    assert logit[frame["participant"]].mean() > logit[~frame["participant"]].mean() + 0.5


def test_a_missing_covariate_is_filled_and_flagged_not_dropped() -> None:
    frame = _frame()
    frame.loc[frame.index[::7], "imd_decile"] = None
    match = match_on_propensity(frame, numeric=NUMERIC, categorical=CATEGORICAL)
    assert match.n_participants + match.n_unmatched == int(frame["participant"].sum())


def test_bad_input_is_named() -> None:
    frame = _frame()
    with pytest.raises(KeyError, match="'school'"):
        match_on_propensity(frame, numeric=["school"])
    with pytest.raises(ValueError, match="both participants and non-participants"):
        match_on_propensity(frame.assign(participant=True), numeric=NUMERIC)
    with pytest.raises(ValueError, match="missing values"):
        match_on_propensity(frame.assign(participant=None), numeric=NUMERIC)
    with pytest.raises(ValueError, match="index"):
        match_on_propensity(pd.concat([frame, frame]), numeric=NUMERIC)


def test_mahalanobis_within_the_caliper_matches_like_with_like() -> None:
    """Within the caliper the covariate distance picks comparisons whose prior outcomes agree
    with the participant's more often than the nearest score does."""
    frame = simulate_programme(4, people=6000).frame
    agree = {}
    for distance in ("mahalanobis", "propensity"):
        pairs = match_on_propensity(frame, numeric=NUMERIC, categorical=CATEGORICAL, distance=distance).pairs
        same = (
            frame.loc[pairs["participant"], "suspension__pre12"].to_numpy()
            == frame.loc[pairs["comparison"], "suspension__pre12"].to_numpy()
        )
        agree[distance] = same.mean()
    assert agree["mahalanobis"] > agree["propensity"] + 0.1
    with pytest.raises(ValueError, match="distance"):
        match_on_propensity(frame, numeric=NUMERIC, distance="euclid")
