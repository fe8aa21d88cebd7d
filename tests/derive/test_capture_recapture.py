"""Adults with multiple disadvantage from domain-specific lists: the coverage-adjusted estimator."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from pydantic import ValidationError

from atr.derive.coverage import AssumedCoverage, estimate_two_or_more
from atr.derive.settings import DeriveSettings
from tests.derive.builder import World


def simulate(
    n: int, coverage: tuple[float, ...], need_share: float, seed: int
) -> tuple[np.ndarray, np.ndarray, int]:
    """True domains (correlated through a frailty), recorded independently with ``coverage``.

    List 0 (homelessness) records its domain completely and, like H-CLIC, records whether each
    person it sees has the other domains (with probability ``need_share``), whatever the other
    services did. Returns (captured, need, true number with 2+ domains).
    """
    rng = np.random.default_rng(seed)
    frailty = rng.normal(size=n)
    domains = (
        rng.normal(size=(n, 4)) * 0.8 + frailty[:, None] * 1.1 + np.array([-2.0, -2.4, -1.9, -1.6])
    ) > 0
    captured = domains & (rng.random((n, 4)) < np.array(coverage))
    need = domains & captured[:, [0]] & (rng.random((n, 4)) < need_share)
    need[:, 0] = False
    keep = captured.any(axis=1)
    return captured[keep], need[keep], int((domains.sum(axis=1) >= 2).sum())


def test_interval_covers_the_truth_when_the_assumptions_hold() -> None:
    hits = 0
    for seed in range(8):
        captured, need, truth = simulate(60_000, (1.0, 0.3, 0.4, 0.5), 0.7, seed)
        result = estimate_two_or_more(captured, need, fixed_coverage={0: 1.0}, bootstrap=150, seed=seed)
        assert result is not None
        assert result.observed_two_or_more < truth  # the lists alone undercount
        hits += result.lower <= truth <= result.upper
        assert result.coverage["offending"] == pytest.approx(0.3, abs=0.06)
    assert hits >= 6


def test_complete_lists_give_back_the_recorded_count() -> None:
    captured, need, truth = simulate(60_000, (1.0, 1.0, 1.0, 1.0), 1.0, seed=3)
    result = estimate_two_or_more(captured, need, fixed_coverage={0: 1.0}, bootstrap=50, seed=3)
    assert result is not None
    assert result.estimate == pytest.approx(truth) and result.observed_two_or_more == truth


def test_no_estimate_without_enough_second_list_evidence() -> None:
    captured, need, _ = simulate(2_000, (1.0, 0.3, 0.4, 0.5), 0.7, seed=1)
    need[:, 1] = False
    assert estimate_two_or_more(captured, need, fixed_coverage={0: 1.0}, bootstrap=20, seed=1) is None


def test_assumed_coverage_draws_have_its_mean_and_standard_error() -> None:
    rng = np.random.default_rng(5)
    draws = np.array([AssumedCoverage(0.75, 0.05).draw(rng) for _ in range(4000)])
    assert draws.mean() == pytest.approx(0.75, abs=0.005)
    assert draws.std() == pytest.approx(0.05, abs=0.004)
    assert draws.max() < 1.0
    assert AssumedCoverage(0.75).draw(rng) == 0.75
    with pytest.raises(ValueError):
        AssumedCoverage(1.0, 0.05)  # a coverage of 1 cannot be uncertain upwards
    with pytest.raises(ValidationError):
        DeriveSettings(homelessness_coverage=1.0, homelessness_coverage_se=0.05)


def test_assumed_homelessness_coverage_scales_the_estimate_and_widens_the_interval() -> None:
    """A homelessness list that sees 75% of its domain: assuming 1 undercounts, assuming the true
    0.75 recovers the truth, and the assumption's SE widens the interval."""
    captured, need, truth = simulate(120_000, (0.75, 0.3, 0.4, 0.5), 0.7, seed=5)
    as_if_complete = estimate_two_or_more(captured, need, fixed_coverage={0: 1.0}, bootstrap=150, seed=5)
    exact = estimate_two_or_more(captured, need, fixed_coverage={0: 0.75}, bootstrap=150, seed=5)
    uncertain = estimate_two_or_more(
        captured, need, fixed_coverage={0: AssumedCoverage(0.75, 0.05)}, bootstrap=150, seed=5
    )
    assert as_if_complete is not None and exact is not None and uncertain is not None
    assert as_if_complete.estimate < truth  # every combination with homelessness is undercounted
    assert as_if_complete.estimate < exact.estimate and exact.lower <= truth <= exact.upper
    assert uncertain.estimate == exact.estimate  # the SE moves the interval, not the estimate
    assert uncertain.upper - uncertain.lower > 1.15 * (exact.upper - exact.lower)
    assert uncertain.coverage["homelessness"] == 0.75


def test_capture_recapture_table_from_linked_records() -> None:
    """Two hundred adults seen by the four services, and homelessness support needs."""
    rng = np.random.default_rng(11)
    w = World()
    start = date(2022, 4, 10)
    for i in range(400):
        person = w.person(f"A{i}", (1980 + i % 20, 1 + i % 12))
        day = start + timedelta(days=int(rng.integers(0, 300)))
        homeless, offending, substance, mental = rng.random(4) < (0.5, 0.3, 0.4, 0.5)
        if homeless:
            case = w.record(
                "housing_case", None, record_id=f"H{i}", approach_date=day, assessment_outcome="relief_duty"
            )
            w.record("housing_case_member", person, case_id=case, relationship_to_applicant="main_applicant")
            for flag, need in (
                (mental, "mental_health"),
                (substance, "drug_dependency"),
                (offending, "offending"),
            ):
                if flag:
                    w.record("housing_support_need", person, case_id=case, need=need)
        if offending and rng.random() < 0.5:
            w.record("probation_custody", person, start_date=day, release_date=day + timedelta(days=60))
        if substance and rng.random() < 0.5:
            w.record("substance_episode", person, referral_date=day, discharge_date=day + timedelta(days=90))
        if mental and rng.random() < 0.5:
            w.record("mental_health_referral", person, referral_received_date=day, discharge_date=None)
    d = w.derive(DeriveSettings(bootstrap_samples=100, simulations=100, capture_recapture_min_observed=50))
    rows = d.warehouse.rows(
        "SELECT * FROM capture_recapture WHERE period = '2022/23' AND area_type = 'region' ORDER BY estimator, population"
    )
    assert [(r["estimator"], r["population"]) for r in rows] == [
        ("coverage_adjusted", "multiple_disadvantage"),
        ("loglinear", "at_least_one_domain"),
        ("loglinear", "multiple_disadvantage"),
    ]
    coverage = rows[0]
    assert coverage["coverage_homelessness"] == 1.0
    assert "lower bound for hidden homelessness" in coverage["method"]
    assert 0.2 < coverage["coverage_offending"] < 0.8
    assert coverage["recorded_two_or_more"] <= coverage["lower"] <= coverage["estimate"] <= coverage["upper"]
    # the 2023/24 row is absent: nobody was captured then
    assert d.warehouse.scalar("SELECT count(*) FROM capture_recapture WHERE period = '2023/24'") == 0
    chosen = d.warehouse.scalar("SELECT count(*) FROM capture_recapture_model WHERE chosen")
    loglinear = d.warehouse.scalar("SELECT count(*) FROM capture_recapture WHERE estimator = 'loglinear'")
    assert chosen == loglinear == 6  # 2022/23 and the window for the region, the window for Leeds
