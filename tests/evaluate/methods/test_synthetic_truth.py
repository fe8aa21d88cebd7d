"""The methods against a simulated truth: selection on observables and a known effect.

A few seeds at a small size keep this quick; ``benchmarks/bench_evaluation.py`` runs the issue's
ten seeds at scale 0.1 and records the numbers in ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

from functools import cache

import pandas as pd
import pytest

from atr.evaluate.methods import MATCHED_DID, NAIVE, balance_table, effect_rows, match_on_propensity

from .simulate import CATEGORICAL, EFFECTIVE, NO_EFFECT, NUMERIC, OUTCOMES, simulate_programme

SEEDS = range(4)
PEOPLE = 4000


@cache
def evaluated(programme: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Effect rows (with the truth beside them) and balance rows over the seeds."""
    effects, balances = [], []
    for seed in SEEDS:
        sim = simulate_programme(
            seed + (0 if programme == "effective" else 500),
            people=PEOPLE,
            effect=EFFECTIVE if programme == "effective" else NO_EFFECT,
        )
        match = match_on_propensity(sim.frame, numeric=NUMERIC, categorical=CATEGORICAL)
        balances.append(
            balance_table(
                sim.frame, match.weights, programme_code=programme, numeric=NUMERIC, categorical=CATEGORICAL
            )
        )
        rows = effect_rows(sim.frame, match.pairs, programme_code=programme, outcomes=OUTCOMES)
        rows["truth"] = [
            sim.truth[(o, w)] for o, w in zip(rows["outcome"], rows["window_months"], strict=True)
        ]
        effects.append(rows.assign(seed=seed))
    return pd.concat(effects, ignore_index=True), pd.concat(balances, ignore_index=True)


def _matched(programme: str) -> pd.DataFrame:
    effects, _ = evaluated(programme)
    return effects[effects["method"] == MATCHED_DID]


@pytest.mark.parametrize("programme", ["effective", "no_effect"])
def test_the_matched_interval_holds_the_truth(programme: str) -> None:
    matched = _matched(programme)
    covered = (matched["lower_95"] <= matched["truth"]) & (matched["truth"] <= matched["upper_95"])
    assert covered.sum() >= len(matched) - 3, matched[~covered]


def test_the_no_effect_programme_is_rarely_found_effective() -> None:
    matched = _matched("no_effect")
    significant = (matched["upper_95"] < 0) | (matched["lower_95"] > 0)
    assert (matched["truth"] == 0).all()
    assert significant.sum() <= 3  # 5% of 24 intervals is 1.2


def test_the_naive_comparison_is_visibly_biased_and_matching_is_not() -> None:
    effects, _ = evaluated("effective")
    naive = effects[effects["method"] == NAIVE]
    missed = (naive["truth"] < naive["lower_95"]) | (naive["truth"] > naive["upper_95"])
    assert missed.mean() >= 0.8  # participants were worse off before they started
    bias = (effects["estimate"] - effects["truth"]).groupby([effects["method"], effects["outcome"]]).mean()
    for outcome in OUTCOMES:
        assert bias[(NAIVE, outcome)] > 0.05
        assert abs(bias[(MATCHED_DID, outcome)]) < bias[(NAIVE, outcome)] / 2


@pytest.mark.parametrize("programme", ["effective", "no_effect"])
def test_every_covariate_is_balanced_after_matching(programme: str) -> None:
    _, balance = evaluated(programme)
    assert balance["smd_after"].abs().max() <= 0.1
    assert balance["smd_before"].abs().max() > 0.3  # there was imbalance to remove
