"""Log-linear capture-recapture: known answers, coverage on simulated lists, truncation."""

from __future__ import annotations

import itertools
from collections import Counter

import numpy as np
import pytest

from atr.derive.loglinear import all_histories, candidate_models, estimate_population, poisson_irls

LISTS = ("a", "b", "c", "d")


def simulate(n: int, p: tuple[float, ...], seed: int, dependence: float = 0.0) -> Counter[tuple[int, ...]]:
    """Capture histories of ``n`` people; lists 0 and 1 positively dependent if ``dependence``."""
    rng = np.random.default_rng(seed)
    caught = rng.random((n, len(p))) < np.array(p)
    if dependence:
        boost = caught[:, 0] & (rng.random(n) < dependence)
        caught[:, 1] |= boost
    return Counter(tuple(int(x) for x in row) for row in caught if row.any())


def test_two_lists_independence_is_lincoln_petersen() -> None:
    counts: dict[tuple[int, ...], int] = {(1, 0): 60, (0, 1): 90, (1, 1): 30}
    result = estimate_population(counts, ("a", "b"), bootstrap=200, seed=1)
    assert result is not None
    # N = n1 * n2 / m = 90 * 120 / 30
    assert result.estimate == pytest.approx(360.0, rel=1e-6)
    assert result.model == "independence"
    assert result.lower < 360 < result.upper


def test_candidate_models_are_identifiable() -> None:
    assert len(candidate_models(4, 1)) == 64  # every subset of the six two-way interactions
    assert len(candidate_models(3, 1)) == 8
    truncated = candidate_models(4, 2)
    assert () in truncated and all(len(m) <= 6 for m in truncated)


def test_interval_covers_the_true_size_under_independence() -> None:
    true_n, hits = 4000, 0
    for seed in range(10):
        counts = simulate(true_n, (0.3, 0.25, 0.4, 0.2), seed)
        result = estimate_population(counts, LISTS, bootstrap=200, seed=seed)
        assert result is not None
        hits += result.lower <= true_n <= result.upper
    assert hits >= 8  # nominal 95%


def test_model_selection_finds_a_dependence_between_lists() -> None:
    counts = simulate(5000, (0.3, 0.25, 0.4, 0.2), seed=3, dependence=0.5)
    result = estimate_population(counts, LISTS, criterion="aic", bootstrap=100, seed=3)
    assert result is not None
    assert "a×b" in result.model
    assert result.lower <= 5000 <= result.upper
    naive = min(result.candidates, key=lambda f: len(f.interactions))
    assert abs(naive.total - 5000) > abs(result.estimate - 5000)  # ignoring the dependence misleads


def test_truncated_model_estimates_people_seen_by_at_least_two_lists() -> None:
    true_n = 6000
    counts = simulate(true_n, (0.5, 0.45, 0.55, 0.4), seed=5)
    result = estimate_population(counts, LISTS, min_lists=2, bootstrap=200, seed=5)
    assert result is not None
    assert result.observed == sum(n for h, n in counts.items() if sum(h) >= 2)
    assert result.lower <= true_n <= result.upper


def test_too_few_people_give_no_estimate() -> None:
    assert estimate_population({(1, 0, 0): 3, (0, 1, 1): 1}, ("a", "b", "c"), min_observed=50) is None
    assert estimate_population({(1, 1): 10}, ("a", "b"), min_lists=2) is None  # truncation needs 3 lists


def test_irls_matches_statsmodels() -> None:
    import statsmodels.api as sm

    histories = [h for h in all_histories(3) if any(h)]
    x = np.array([[1.0, *h, h[0] * h[1]] for h in histories])
    y = np.array([40.0, 25, 9, 31, 8, 12, 5])
    reference = sm.GLM(y, x, family=sm.families.Poisson()).fit().params
    assert poisson_irls(
        y, x, np.zeros(x.shape[1]) + np.log(y.mean()) * np.eye(x.shape[1])[0]
    ) == pytest.approx(reference, rel=1e-8)


def test_histories_cover_every_pattern() -> None:
    assert sorted(all_histories(3)) == sorted(itertools.product((0, 1), repeat=3))
