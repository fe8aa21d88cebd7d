"""Difference-in-differences and the naive comparison on frames whose answer is known."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from atr.evaluate.methods import (
    EFFECT_COLUMNS,
    MATCHED_DID,
    NAIVE,
    SENSITIVITY_COLUMNS,
    difference_in_differences,
    effect_rows,
    post_difference,
)
from atr.evaluate.methods.did import cluster_labels


def _frame(people: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    participant = np.arange(people) < people // 4
    pre = rng.random(people) < 0.3
    post = rng.random(people) < np.where(participant, 0.2, 0.35)
    return pd.DataFrame(
        {
            "person_key": [f"p{i}" for i in range(people)],
            "participant": participant,
            "school_urn": [f"s{i % 12}" if i % 10 else None for i in range(people)],
            "absence__pre12": pre.astype(int),
            "absence__post6": post.astype(int),
        }
    )


def test_the_estimate_is_the_weighted_difference_of_changes() -> None:
    frame = _frame()
    weights = pd.Series(np.where(frame["participant"], 1.0, np.arange(len(frame)) % 3), index=frame.index)
    clusters = cluster_labels(frame, "person_key", "person_key")
    effect = difference_in_differences(
        frame, pre="absence__pre12", post="absence__post6", weights=weights, clusters=clusters
    )
    change = frame["absence__post6"] - frame["absence__pre12"]
    treated = frame["participant"]
    others = ~treated & (weights > 0)
    expected = change[treated].mean() - np.average(change[others], weights=weights[others])
    assert effect.estimate == pytest.approx(expected)
    assert effect.lower_95 < effect.estimate < effect.upper_95
    assert effect.n_participants == treated.sum() and effect.n_comparison == others.sum()
    assert effect.participant_risk == pytest.approx(frame.loc[treated, "absence__post6"].mean())


def test_the_interval_matches_a_regression_of_the_changes() -> None:
    """With two periods, clustering by person is a robust regression of each person's change."""
    import statsmodels.api as sm

    frame = _frame()
    weights = pd.Series(1.0, index=frame.index)
    effect = difference_in_differences(
        frame,
        pre="absence__pre12",
        post="absence__post6",
        weights=weights,
        clusters=cluster_labels(frame, "person_key", "person_key"),
    )
    change = (frame["absence__post6"] - frame["absence__pre12"]).to_numpy(float)
    fitted = sm.OLS(change, sm.add_constant(frame["participant"].to_numpy(float))).fit(cov_type="HC1")
    assert effect.std_error == pytest.approx(fitted.bse[1], rel=0.02)


def test_clustering_by_school_gives_each_unschooled_person_their_own_cluster() -> None:
    frame = _frame()
    labels = cluster_labels(frame, "school_urn", "person_key")
    assert labels.notna().all() and labels[0] == "person:p0" and labels[1] == "s1"
    by_person = cluster_labels(frame, "person_key", "person_key")
    weights = pd.Series(1.0, index=frame.index)
    kwargs = {"pre": "absence__pre12", "post": "absence__post6", "weights": weights}
    school = difference_in_differences(frame, clusters=labels, **kwargs)
    person = difference_in_differences(frame, clusters=by_person, **kwargs)
    assert school.estimate == pytest.approx(person.estimate)
    assert school.std_error != pytest.approx(person.std_error)


def test_naive_is_the_difference_in_post_risk_against_everyone_else() -> None:
    frame = _frame()
    effect = post_difference(
        frame, post="absence__post6", clusters=cluster_labels(frame, "person_key", "person_key")
    )
    treated = frame["participant"]
    expected = frame.loc[treated, "absence__post6"].mean() - frame.loc[~treated, "absence__post6"].mean()
    assert effect.estimate == pytest.approx(expected)
    assert (effect.n_participants, effect.n_comparison) == (100, 300)


def test_effect_rows_give_both_methods_and_count_whom_they_used() -> None:
    frame = _frame()
    frame.loc[frame.index[:10], "absence__post6"] = None  # windows not yet complete
    weights = pd.Series(np.where(frame["participant"], 1.0, 0.5), index=frame.index)
    rows = effect_rows(frame, weights, programme_code="NAV", outcomes=["absence"], windows=[6])
    assert list(rows.columns) == [*EFFECT_COLUMNS, *SENSITIVITY_COLUMNS]
    assert list(rows["method"]) == [MATCHED_DID, NAIVE]
    assert (rows["n_participants"] == 90).all() and (rows["window_months"] == 6).all()
    assert (rows["lower_95"] < rows["upper_95"]).all()
    assert (rows["e_value"] >= 1).all()


def test_an_estimate_without_a_comparison_is_missing_not_invented() -> None:
    frame = _frame()
    weights = pd.Series(np.where(frame["participant"], 1.0, 0.0), index=frame.index)
    rows = effect_rows(frame, weights, programme_code="NAV", outcomes=["absence"], windows=[6])
    matched = rows.set_index("method").loc[MATCHED_DID]
    assert np.isnan(matched["estimate"]) and matched["n_comparison"] == 0
