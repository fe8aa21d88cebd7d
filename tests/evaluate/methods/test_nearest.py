"""The neighbour search: within the caliper, nearest on the covariates or the score."""

from __future__ import annotations

import numpy as np
import pytest

from atr.evaluate.methods.nearest import nearest_within_caliper, whiten


def test_within_the_caliper_the_covariates_decide() -> None:
    cases = np.array([0.0])
    pool = np.array([0.01, 0.09, 0.5])
    case_points, pool_points = np.array([[1.0]]), np.array([[0.0], [1.0], [1.0]])
    by_score = nearest_within_caliper(cases, pool, caliper=0.1, neighbours=1)
    by_covariates = nearest_within_caliper(
        cases, pool, caliper=0.1, neighbours=1, case_points=case_points, pool_points=pool_points
    )
    assert list(by_score.comparison) == [0] and by_score.score_distance[0] == pytest.approx(0.01)
    assert list(by_covariates.comparison) == [1]  # the same covariates, still within the caliper


def test_nobody_outside_the_caliper_and_a_small_window_still_finds_the_nearest() -> None:
    rng = np.random.default_rng(0)
    pool = rng.normal(size=2000)
    cases = np.array([10.0, 0.0, 0.3])
    found = nearest_within_caliper(cases, pool, caliper=0.05, neighbours=3, window=4)
    assert 0 not in found.case  # 10 is far from everyone
    assert (found.score_distance <= 0.05).all()
    for case in (1, 2):
        chosen = np.sort(np.abs(pool[found.comparison[found.case == case]] - cases[case]))
        assert chosen == pytest.approx(np.sort(np.abs(pool - cases[case]))[:3])


def test_whitened_distance_is_the_mahalanobis_distance() -> None:
    rng = np.random.default_rng(1)
    matrix = rng.normal(size=(500, 3)) @ np.array([[2.0, 0.5, 0.0], [0.0, 1.0, 0.3], [0.0, 0.0, 0.2]])
    treated = rng.random(500) < 0.3
    points = whiten(matrix, treated)
    centred = [matrix[treated] - matrix[treated].mean(0), matrix[~treated] - matrix[~treated].mean(0)]
    pooled = sum(c.T @ c for c in centred) / (500 - 2)
    delta = matrix[0] - matrix[1]
    assert np.linalg.norm(points[0] - points[1]) == pytest.approx(
        np.sqrt(delta @ np.linalg.solve(pooled, delta))
    )
