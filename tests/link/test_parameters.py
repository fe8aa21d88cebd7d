"""Corrections to the trained parameters: u cleared of sampled matches, m floored."""

from __future__ import annotations

from typing import Any

import pytest

from atr.link.parameters import floor_m_probabilities, unmix_u_probabilities


def _model(prior: float, levels: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "probability_two_random_records_match": prior,
        "comparisons": [{"output_column_name": "address", "comparison_levels": levels}],
    }


def test_sampled_matches_are_removed_from_u() -> None:
    prior = 1e-4
    same_house = {"label_for_charts": "Same house", "m_probability": 0.5, "u_probability": 2e-4}
    common = {"label_for_charts": "Same district", "m_probability": 0.3, "u_probability": 0.01}
    model = _model(prior, [{"sql_condition": "null", "is_null_level": True}, same_house, common])
    changed = unmix_u_probabilities(model, sampled_pairs=1e7)
    # The sample saw 2e-4 = 1e-4 * 0.5 (matches) + (1 - 1e-4) * u (non-matches).
    assert same_house["u_probability"] == pytest.approx((2e-4 - prior * 0.5) / (1 - prior))
    assert common["u_probability"] == 0.01  # matches explain 0.3% of it: left alone
    assert len(changed) == 1 and changed[0].startswith("address: Same house")


def test_a_level_the_matches_fully_explain_gets_half_a_sampled_pair() -> None:
    level = {"label_for_charts": "Same postcode and house", "m_probability": 0.7, "u_probability": 7e-5}
    unmix_u_probabilities(_model(1.4e-4, [level]), sampled_pairs=1e6)
    assert level["u_probability"] == pytest.approx(0.5 / 1e6)


def test_fixed_term_frequency_and_untrained_levels_are_left_alone() -> None:
    fixed = {"m_probability": 0.99, "u_probability": 1e-4, "fix_u_probability": True}
    with_tf = {"m_probability": 0.9, "u_probability": 1e-4, "tf_adjustment_column": "surname"}
    untrained = {"m_probability": None, "u_probability": 1e-4}
    unobserved = {"m_probability": 0.5, "u_probability": None}
    model = _model(1e-3, [fixed, with_tf, untrained, unobserved])
    assert unmix_u_probabilities(model, sampled_pairs=1e6) == []
    assert [lv["u_probability"] for lv in (fixed, with_tf, untrained, unobserved)] == [1e-4, 1e-4, 1e-4, None]
    assert unmix_u_probabilities(_model(0.0, [{"m_probability": 1.0, "u_probability": 1e-9}]), 1e6) == []


def test_m_floor_raises_small_and_missing_m() -> None:
    low = {"label_for_charts": "Typo", "m_probability": 1e-9, "u_probability": 0.1}
    missing = {"label_for_charts": "Unseen", "m_probability": None, "u_probability": 0.1}
    fine = {"label_for_charts": "Exact", "m_probability": 0.9, "u_probability": 0.1}
    changed = floor_m_probabilities(_model(1e-4, [low, missing, fine]), 1e-4)
    assert [lv["m_probability"] for lv in (low, missing, fine)] == [1e-4, 1e-4, 0.9]
    assert len(changed) == 2
