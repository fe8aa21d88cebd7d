"""The matching specification chosen by balance alone: the stated sequence, in order."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atr.evaluate.methods import (
    MATCHED_DID,
    SMD_THRESHOLD,
    balance_table,
    difference_in_differences,
    evaluate_programme,
)
from atr.evaluate.methods.did import cluster_labels
from atr.evaluate.methods.propensity import LINEAR, QUADRATIC, propensity_logit
from atr.evaluate.methods.specification import (
    SPECIFICATIONS,
    TRIED_COLUMNS,
    Specification,
    match_until_balanced,
)

from .simulate import CATEGORICAL, NUMERIC, OUTCOMES, simulate_programme

DEMO_SIZED = {"people": 3000, "intercept": -3.8}
"""About 150-190 participants among 3,000: the size of the demo's smallest programmes (scale 0.02)."""


def _small(seed: int) -> pd.DataFrame:
    return simulate_programme(seed, **DEMO_SIZED).frame


def test_a_demo_sized_programme_is_balanced_within_0_1_on_every_covariate() -> None:
    """At this size one neighbour on a linear score leaves a covariate above 0.1 in some seeds;
    the sequence goes on until none is, in every seed."""
    chosen = [
        match_until_balanced(_small(seed), programme_code="S", numeric=NUMERIC, categorical=CATEGORICAL)
        for seed in range(4)
    ]
    for result in chosen:
        assert 140 <= result.match.n_participants <= 200
        assert result.balanced
        assert result.balance["smd_after"].abs().max() <= SMD_THRESHOLD
    assert any(result.step > 1 for result in chosen)  # the first specification was not enough somewhere
    first = [result.tried["worst_smd_after"].iloc[0] for result in chosen]
    assert max(first) > SMD_THRESHOLD


def test_the_sequence_stops_at_the_first_balanced_specification() -> None:
    frame = _small(0)
    result = match_until_balanced(frame, programme_code="S", numeric=NUMERIC, categorical=CATEGORICAL)
    tried = result.tried
    assert list(tried.columns) == list(TRIED_COLUMNS)
    assert tried["step"].tolist() == list(range(1, result.step + 1))
    assert (tried["worst_smd_after"].iloc[:-1] > SMD_THRESHOLD).all()
    assert tried["worst_smd_after"].iloc[-1] <= SMD_THRESHOLD
    assert tried["chosen"].tolist() == [False] * (result.step - 1) + [True]
    assert result.specification == SPECIFICATIONS[result.step - 1]
    assert tried["specification"].tolist() == [s.label for s in SPECIFICATIONS[: result.step]]
    assert result.match.neighbours == result.specification.neighbours
    assert result.match.caliper_sd == result.specification.caliper_sd


def test_the_sequence_is_stated_from_simplest_to_most_demanding() -> None:
    assert SPECIFICATIONS[0] == Specification(LINEAR, 1, 0.2)  # the usual default first
    assert len(set(SPECIFICATIONS)) == len(SPECIFICATIONS)
    assert {s.neighbours for s in SPECIFICATIONS} == {1, 3, 5}
    assert [s.score_terms for s in SPECIFICATIONS] == sorted(
        (s.score_terms for s in SPECIFICATIONS), key=[LINEAR, QUADRATIC].index
    )
    assert SPECIFICATIONS[1].label == "linear score, 3 neighbours, caliper 0.2 SD"


def test_when_nothing_balances_the_best_is_kept_and_said_so() -> None:
    frame = _small(0)
    result = match_until_balanced(
        frame, programme_code="S", numeric=NUMERIC, categorical=CATEGORICAL, threshold=0.0
    )
    assert not result.balanced
    assert len(result.tried) == len(SPECIFICATIONS)  # every specification tried
    worst = result.tried["worst_smd_after"]
    assert result.tried.loc[result.tried["chosen"], "step"].item() == result.step
    assert worst[result.tried["chosen"]].item() == worst.min()
    assert result.balance["smd_after"].abs().max() == pytest.approx(worst.min())


def test_the_choice_never_looks_at_an_outcome_after_the_start() -> None:
    frame = _small(3)
    scrambled = frame.copy()
    rng = np.random.default_rng(0)
    for column in [c for c in frame.columns if "__post" in c]:
        scrambled[column] = rng.permutation(frame[column].to_numpy())
    a = match_until_balanced(frame, programme_code="S", numeric=NUMERIC, categorical=CATEGORICAL)
    b = match_until_balanced(scrambled, programme_code="S", numeric=NUMERIC, categorical=CATEGORICAL)
    assert a.step == b.step
    pd.testing.assert_frame_equal(a.match.pairs, b.match.pairs)


def test_a_quadratic_score_adds_squares_and_products() -> None:
    frame = _small(1)
    linear = propensity_logit(frame, numeric=NUMERIC, categorical=CATEGORICAL)
    quadratic = propensity_logit(frame, numeric=NUMERIC, categorical=CATEGORICAL, score_terms=QUADRATIC)
    assert not np.allclose(linear, quadratic)
    assert np.corrcoef(linear, quadratic)[0, 1] > 0.8  # a refinement of the same score
    with pytest.raises(ValueError, match="score_terms"):
        propensity_logit(frame, numeric=NUMERIC, score_terms="cubic")


def test_with_several_neighbours_each_matched_set_weighs_one_in_balance_and_effects() -> None:
    """k = 5 with replacement: a participant may find fewer than 5 within the caliper; its
    comparisons share its weight of 1, in the balance weights and in the DiD alike."""
    frame = _small(2)
    five = (Specification(LINEAR, 5, 0.2),)
    result = evaluate_programme(
        frame, programme_code="S", outcomes=OUTCOMES, windows=[12], specifications=five
    )
    pairs = result.match.pairs
    per_set = pairs.groupby("participant").size()
    assert per_set.max() == 5 and per_set.min() < 5
    comparison_weight = result.match.weights[~frame["participant"]]
    assert comparison_weight.sum() == pytest.approx(result.match.n_participants)
    recomputed = balance_table(
        frame, result.match.weights, programme_code="S", numeric=NUMERIC, categorical=CATEGORICAL
    )
    pd.testing.assert_frame_equal(recomputed, result.balance)
    pre, post = "suspension__pre12", "suspension__post12"
    effect = difference_in_differences(
        frame, pairs, pre=pre, post=post, clusters=cluster_labels(frame, "person_key", "person_key")
    )
    change = frame[post] - frame[pre]
    mean_comparison = change.loc[pairs["comparison"]].groupby(pairs["participant"].to_numpy()).mean()
    expected = (change.loc[mean_comparison.index] - mean_comparison).mean()
    assert effect.estimate == pytest.approx(expected)
    row = result.effects[
        (result.effects["method"] == MATCHED_DID) & (result.effects["outcome"] == "suspension")
    ]
    assert row["estimate"].item() == pytest.approx(expected)
    assert result.specification == five[0] and result.step == 1
