"""Difference-in-differences over matched sets and the naive comparison, on known answers."""

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


def _pairs(frame: pd.DataFrame, per_participant: int = 2, seed: int = 1) -> pd.DataFrame:
    """Each participant with ``per_participant`` comparisons drawn with replacement."""
    rng = np.random.default_rng(seed)
    cases = frame.index[frame["participant"]]
    pool = frame.index[~frame["participant"]]
    return pd.DataFrame(
        {
            "participant": np.repeat(cases, per_participant),
            "comparison": rng.choice(pool, size=len(cases) * per_participant, replace=True),
        }
    )


def _person(frame: pd.DataFrame) -> pd.Series:
    return cluster_labels(frame, "person_key", "person_key")


def test_the_estimate_is_the_mean_over_sets_of_the_change_minus_the_comparisons_change() -> None:
    frame = _frame()
    pairs = _pairs(frame)
    effect = difference_in_differences(
        frame, pairs, pre="absence__pre12", post="absence__post6", clusters=_person(frame)
    )
    change = frame["absence__post6"] - frame["absence__pre12"]
    comparisons = change.loc[pairs["comparison"]].groupby(pairs["participant"].to_numpy()).mean()
    expected = (change.loc[comparisons.index] - comparisons).mean()
    assert effect.estimate == pytest.approx(expected)
    assert effect.lower_95 < effect.estimate < effect.upper_95
    assert effect.n_participants == 100 and effect.n_comparison == pairs["comparison"].nunique()
    assert effect.participant_risk == pytest.approx(frame.loc[frame["participant"], "absence__post6"].mean())


def test_sets_lacking_the_window_leave_and_the_rest_are_reweighted() -> None:
    frame = _frame()
    pairs = _pairs(frame)
    frame.loc[frame.index[:5], "absence__post6"] = None  # five participants' windows incomplete
    lost_comparison = pairs.loc[10, "comparison"]
    frame.loc[lost_comparison, "absence__pre12"] = None
    effect = difference_in_differences(
        frame, pairs, pre="absence__pre12", post="absence__post6", clusters=_person(frame)
    )
    change = frame["absence__post6"] - frame["absence__pre12"]
    kept = pairs[~pairs["participant"].isin(frame.index[:5]) & (pairs["comparison"] != lost_comparison)]
    comparisons = change.loc[kept["comparison"]].groupby(kept["participant"].to_numpy()).mean()
    assert effect.estimate == pytest.approx((change.loc[comparisons.index] - comparisons).mean())
    assert effect.n_participants == 95


def test_the_pairing_narrows_the_interval_when_pairs_are_alike() -> None:
    """Comparisons that share their participant's prior outcome make the changes move together;
    clustering by matched set sees that, clustering by person alone would not."""
    frame = _frame(people=800)
    cases = frame.index[frame["participant"]]
    pool = frame.index[~frame["participant"]]
    alike = [
        pool[frame.loc[pool, "absence__pre12"] == frame.loc[c, "absence__pre12"]][i % 50]
        for i, c in enumerate(cases)
    ]
    paired = difference_in_differences(
        frame,
        pd.DataFrame({"participant": cases, "comparison": alike}),
        pre="absence__pre12",
        post="absence__post6",
        clusters=_person(frame),
    )
    shuffled = difference_in_differences(
        frame,
        pd.DataFrame({"participant": cases, "comparison": np.random.default_rng(0).permutation(alike)}),
        pre="absence__pre12",
        post="absence__post6",
        clusters=_person(frame),
    )
    assert paired.estimate == pytest.approx(shuffled.estimate)  # the same people, differently paired
    assert paired.std_error < shuffled.std_error


def test_clustering_by_school_gives_each_unschooled_person_their_own_cluster() -> None:
    frame = _frame()
    pairs = _pairs(frame)
    labels = cluster_labels(frame, "school_urn", "person_key")
    assert labels.notna().all() and labels[0] == "person:p0" and labels[1] == "s1"
    school = difference_in_differences(
        frame, pairs, pre="absence__pre12", post="absence__post6", clusters=labels
    )
    person = difference_in_differences(
        frame, pairs, pre="absence__pre12", post="absence__post6", clusters=_person(frame)
    )
    assert school.estimate == pytest.approx(person.estimate)
    assert school.std_error != pytest.approx(person.std_error)


def test_naive_is_the_difference_in_post_risk_against_everyone_else() -> None:
    frame = _frame()
    effect = post_difference(frame, post="absence__post6", clusters=_person(frame))
    treated = frame["participant"]
    expected = frame.loc[treated, "absence__post6"].mean() - frame.loc[~treated, "absence__post6"].mean()
    assert effect.estimate == pytest.approx(expected)
    assert (effect.n_participants, effect.n_comparison) == (100, 300)


def test_effect_rows_give_both_methods_and_count_whom_they_used() -> None:
    frame = _frame()
    frame.loc[frame.index[:10], "absence__post6"] = None  # windows not yet complete
    rows = effect_rows(frame, _pairs(frame), programme_code="NAV", outcomes=["absence"], windows=[6])
    assert list(rows.columns) == [*EFFECT_COLUMNS, *SENSITIVITY_COLUMNS]
    assert list(rows["method"]) == [MATCHED_DID, NAIVE]
    assert (rows["n_participants"] == 90).all() and (rows["window_months"] == 6).all()
    assert (rows["lower_95"] < rows["upper_95"]).all()
    assert (rows["e_value"] >= 1).all()


def test_an_estimate_without_a_comparison_is_missing_not_invented() -> None:
    frame = _frame()
    no_pairs = pd.DataFrame({"participant": [], "comparison": []})
    rows = effect_rows(frame, no_pairs, programme_code="NAV", outcomes=["absence"], windows=[6])
    matched = rows.set_index("method").loc[MATCHED_DID]
    assert np.isnan(matched["estimate"]) and matched["n_comparison"] == 0 and matched["n_participants"] == 0


def test_an_outcome_that_never_happens_has_no_interval_not_a_certain_one() -> None:
    frame = _frame().assign(absence__pre12=0, absence__post6=0)
    rows = effect_rows(frame, _pairs(frame), programme_code="NAV", outcomes=["absence"], windows=[6])
    assert (rows["estimate"] == 0).all()
    assert rows["lower_95"].isna().all() and rows["upper_95"].isna().all()
    assert rows["e_value"].isna().all()


def test_single_person_clusters_take_the_equivalent_robust_covariance() -> None:
    frame = _frame()
    clustered = post_difference(frame, post="absence__post6", clusters=_person(frame))
    robust = post_difference(frame, post="absence__post6", clusters=None)
    assert robust.estimate == pytest.approx(clustered.estimate)
    assert robust.std_error == pytest.approx(clustered.std_error, rel=1e-9)
