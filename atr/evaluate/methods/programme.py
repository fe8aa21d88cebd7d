"""One programme evaluated in one call: match, balance and effects with the stated defaults.

The evaluation stage calls this once per programme with that programme's rows of the
``evaluation_frame`` (its participants and its candidate comparisons), so the covariates, the
strata, the clustering and the windows are chosen in one place (docs/evaluation.md, Methods).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from atr.evaluate.methods.did import POST_WINDOWS, PRE_WINDOW, effect_rows, outcome_column
from atr.evaluate.methods.pool import POOL_PER_PARTICIPANT
from atr.evaluate.methods.propensity import DEFAULT_EXACT, MAHALANOBIS, MatchResult
from atr.evaluate.methods.specification import SPECIFICATIONS, Specification, match_until_balanced

PERSON_COVARIATES = ("age", "imd_decile", "prior_adversity_count")
"""Numeric pre-start covariates of every evaluation; each outcome's pre-window value joins them."""
CATEGORICAL_COVARIATES = ("sex", "district")
HISTORY_WINDOWS = (f"pre{PRE_WINDOW}", "pre24")
"""The windows before the start whose outcomes are matched on (``atr.outcome_windows``)."""
PERSON, SCHOOL = "person_key", "school_urn"


@dataclass(frozen=True)
class ProgrammeEvaluation:
    """A programme's matching, its ``evaluation_balance`` rows and its ``evaluation_effect``
    rows (with the E-values beside them), the specification chosen (the ``step`` of the
    sequence), whether it balanced every covariate, and every specification tried."""

    match: MatchResult
    balance: pd.DataFrame
    effects: pd.DataFrame
    specification: Specification
    step: int
    balanced: bool
    tried: pd.DataFrame


def evaluate_programme(
    frame: pd.DataFrame,
    *,
    programme_code: str,
    outcomes: Sequence[str],
    windows: Sequence[int] = POST_WINDOWS,
    prior_outcomes: Sequence[str] | None = None,
    school_level: bool = False,
    exact_on: Sequence[str] = DEFAULT_EXACT,
    specifications: Sequence[Specification] = SPECIFICATIONS,
    distance: str = MAHALANOBIS,
    pool_per_participant: int | None = POOL_PER_PARTICIPANT,
    seed: int = 0,
) -> ProgrammeEvaluation:
    """Match participants to non-participants on the person covariates and the prior outcomes
    (the first of ``specifications`` that balances every covariate: see :mod:`.specification`),
    then estimate each of ``outcomes`` in each window; intervals are clustered by school for a
    school-level programme, else by person. The matching searches at most
    ``pool_per_participant`` candidates per participant in each exact stratum (:mod:`.pool`,
    drawn with ``seed``; ``None``: everyone); the balance and the naive comparison use everyone.

    ``prior_outcomes`` are the outcomes whose history before the start is matched on (the 12
    and the 24 months before, ``HISTORY_WINDOWS``, where the frame has them): by default every
    such column of the frame, not only the outcomes estimated, as a referral often follows
    trouble the programme does not itself aim to change. The 24 months matter as well as the 12:
    on the synthetic world, where referral follows the previous financial year, matching on 12
    months alone left the matched estimates of suspension biased by about +0.018 (docs).
    """
    if prior_outcomes is None:
        prior = sorted(c for c in frame.columns if c.endswith(tuple(f"__{w}" for w in HISTORY_WINDOWS)))
    else:
        prior = [outcome_column(o, w) for o in prior_outcomes for w in HISTORY_WINDOWS]
    prior += [c for c in (outcome_column(o, w) for o in outcomes for w in HISTORY_WINDOWS) if c not in prior]
    prior = [c for c in prior if c in frame.columns]  # a frame may lack the longer history
    numeric = [*PERSON_COVARIATES, *prior]
    chosen = match_until_balanced(
        frame,
        programme_code=programme_code,
        numeric=numeric,
        categorical=list(CATEGORICAL_COVARIATES),
        exact_on=exact_on,
        distance=distance,
        specifications=specifications,
        pool_per_participant=pool_per_participant,
        seed=seed,
    )
    effects = effect_rows(
        frame,
        chosen.match.pairs,
        programme_code=programme_code,
        outcomes=outcomes,
        windows=windows,
        person=PERSON,
        cluster=SCHOOL if school_level else PERSON,
    )
    return ProgrammeEvaluation(
        chosen.match,
        chosen.balance,
        effects,
        chosen.specification,
        chosen.step,
        chosen.balanced,
        chosen.tried,
    )
