"""Choosing the matching by balance alone: a stated sequence of specifications, tried in order.

A matching specification (the score's terms, the neighbours per participant, the caliper) is a
design choice, and it is made the way Ho, Imai, King & Stuart (2007) and Stuart (2010) ask:
looking at covariate balance only, never at an outcome after the start, so the choice cannot
steer the estimate. ``match_until_balanced`` tries ``SPECIFICATIONS`` in their fixed order and
keeps the **first** whose every covariate has |SMD| ≤ 0.1 after matching; if none does, it
keeps the one with the smallest worst |SMD| (the earliest of equals) and says balance was not
reached, so the imbalance is shown, not hidden. Every specification tried is returned
(``tried``: worst |SMD|, participants left unmatched, which was chosen) for the record.

The order goes from the simplest to the most demanding, each step a standard remedy:

1. a linear score, 1 neighbour, a 0.2 SD caliper (Austin 2011): the closest matches;
2. 3, then 5 neighbours (with replacement, matched-set weights 1/k): at programme sizes a single
   neighbour's covariates are noisy, and averaging over a few near ones steadies the
   comparison group's means (k:1 matching, Stuart 2010);
3. the same with a quadratic score (squares and pairwise products of the numeric covariates;
   Rosenbaum & Rubin 1984's remedy for a covariate the linear score leaves unbalanced);
4. the quadratic score within a tighter caliper (0.1 SD), 5 then 3 then 1 neighbours: closer
   matches at the cost of participants left unmatched (counted; the estimate then describes
   the matched participants).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from atr.evaluate.methods.balance import SMD_THRESHOLD, balance_table, worst_imbalance
from atr.evaluate.methods.pool import cap_pool
from atr.evaluate.methods.propensity import (
    DEFAULT_EXACT,
    LINEAR,
    MAHALANOBIS,
    QUADRATIC,
    MatchResult,
    match_on_propensity,
    propensity_logit,
)

TRIED_COLUMNS = (
    "step",
    "specification",
    "score_terms",
    "neighbours",
    "caliper_sd",
    "worst_smd_after",
    "n_unmatched",
    "chosen",
)
"""One row per specification tried (``evaluation_matching`` without its programme code)."""


@dataclass(frozen=True)
class Specification:
    """How to match: the score's terms, neighbours per participant, caliper (SD of the logit)."""

    score_terms: str
    neighbours: int
    caliper_sd: float

    @property
    def label(self) -> str:
        """``quadratic score, 3 neighbours, caliper 0.2 SD``: as the tables and pages say it."""
        plural = "s" if self.neighbours > 1 else ""
        return (
            f"{self.score_terms} score, {self.neighbours} neighbour{plural}, caliper {self.caliper_sd:g} SD"
        )


SPECIFICATIONS: tuple[Specification, ...] = (
    Specification(LINEAR, 1, 0.2),
    Specification(LINEAR, 3, 0.2),
    Specification(LINEAR, 5, 0.2),
    Specification(QUADRATIC, 1, 0.2),
    Specification(QUADRATIC, 3, 0.2),
    Specification(QUADRATIC, 5, 0.2),
    Specification(QUADRATIC, 5, 0.1),
    Specification(QUADRATIC, 3, 0.1),
    Specification(QUADRATIC, 1, 0.1),
)
"""The sequence tried, in order (see the module)."""


@dataclass(frozen=True)
class BalancedMatch:
    """The chosen matching, its balance rows, which step of the sequence it was, whether every
    |SMD| reached the threshold, and every specification tried (``TRIED_COLUMNS``)."""

    match: MatchResult
    balance: pd.DataFrame
    specification: Specification
    step: int
    balanced: bool
    tried: pd.DataFrame


def match_until_balanced(
    frame: pd.DataFrame,
    *,
    programme_code: str,
    numeric: Sequence[str],
    categorical: Sequence[str] = (),
    treatment: str = "participant",
    exact_on: Sequence[str] = DEFAULT_EXACT,
    distance: str = MAHALANOBIS,
    specifications: Sequence[Specification] = SPECIFICATIONS,
    threshold: float = SMD_THRESHOLD,
    pool_per_participant: int | None = None,
    seed: int = 0,
) -> BalancedMatch:
    """Match with each specification in turn until every covariate's |SMD| after matching is at
    most ``threshold`` (see the module); outcomes are never looked at.

    With ``pool_per_participant``, the matching searches a pool capped per exact stratum
    (:func:`.pool.cap_pool`, drawn with ``seed``); the balance, before and after, is still
    measured against everyone in ``frame`` (the weights of those left out are 0)."""
    if not specifications:
        raise ValueError("give at least one specification to try")
    everyone = frame
    if pool_per_participant is not None:
        kept = cap_pool(
            frame, per_participant=pool_per_participant, strata=exact_on, treatment=treatment, seed=seed
        )
        frame = frame.loc[kept]
    best: tuple[float, int, MatchResult, pd.DataFrame] | None = None
    rows: list[tuple[object, ...]] = []
    scores: dict[str, pd.Series] = {}  # one fit per score's terms, whatever the neighbours and caliper
    for step, spec in enumerate(specifications, start=1):
        if spec.score_terms not in scores:
            scores[spec.score_terms] = propensity_logit(
                frame,
                treatment=treatment,
                numeric=numeric,
                categorical=categorical,
                score_terms=spec.score_terms,
            )
        match = match_on_propensity(
            frame,
            treatment=treatment,
            numeric=numeric,
            categorical=categorical,
            exact_on=exact_on,
            caliper_sd=spec.caliper_sd,
            neighbours=spec.neighbours,
            distance=distance,
            score_terms=spec.score_terms,
            logit=scores[spec.score_terms],
        )
        match = replace(match, weights=match.weights.reindex(everyone.index, fill_value=0.0))
        balance = balance_table(
            everyone,
            match.weights,
            programme_code=programme_code,
            treatment=treatment,
            numeric=numeric,
            categorical=categorical,
        )
        worst = worst_imbalance(balance) if match.n_participants else float("inf")
        rows.append(
            (step, spec.label, spec.score_terms, spec.neighbours, spec.caliper_sd, worst, match.n_unmatched)
        )
        if best is None or worst < best[0]:
            best = (worst, step, match, balance)
        if worst <= threshold:
            break
    assert best is not None  # at least one specification was tried
    worst, step, match, balance = best
    tried = pd.DataFrame(rows, columns=list(TRIED_COLUMNS[:-1]))
    tried["chosen"] = tried["step"] == step
    return BalancedMatch(match, balance, specifications[step - 1], step, worst <= threshold, tried)
