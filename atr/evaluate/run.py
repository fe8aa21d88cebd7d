"""``run_evaluate``: participation to people, the analysis frame, progress, cohorts and effects.

All tables are rebuilt in one warehouse transaction, so a failed run leaves the previous ones.
The statistical methods (propensity matching, balance, difference in differences, E-values)
live in ``atr.evaluate.methods`` and read only ``evaluation_frame`` (``estimate.py`` calls them),
except the whole-school comparison, which reads the schools' termly series (``school_its.py``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from atr.evaluate.cohorts import build_cohorts, load_cohorts
from atr.evaluate.estimate import estimate_effects
from atr.evaluate.frame import build_frame
from atr.evaluate.participation import build_participation, input_check_notes, write_input_checks
from atr.evaluate.programmes import load_programmes
from atr.evaluate.progress import build_progress
from atr.evaluate.published import write_published
from atr.evaluate.school_its import estimate_school_its
from atr.evaluate.settings import EvaluateSettings
from atr.indicators import DisclosureSettings
from atr.reference import REGION_CODE
from atr.warehouse import Warehouse, sql_literal


@dataclass
class EvaluateResult:
    """What one run wrote: sizes, the input problems it counted and whether effects were estimated."""

    participants: int
    frame_rows: int
    people_supported: int
    cohort_rows: int
    checks: dict[str, int] = field(default_factory=dict)
    effects: int = 0
    balance_rows: int = 0
    its_rows: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def run_evaluate(
    wh: Warehouse, settings: EvaluateSettings, disclosure: DisclosureSettings | None = None
) -> EvaluateResult:
    """Build every evaluate table from the warehouse (after ``derive``)."""
    started = time.perf_counter()
    programmes = load_programmes(settings.programmes)
    cohorts = load_cohorts(settings.cohorts)
    with wh.transaction():
        build_participation(wh, programmes)
        frame_rows = build_frame(wh, programmes, settings.comparison_seed)
        checks = write_input_checks(wh)
        build_progress(wh, settings)
        cohort_rows = build_cohorts(wh, cohorts, disclosure or DisclosureSettings())
        estimates = estimate_effects(
            wh,
            programmes,
            seed=settings.comparison_seed,
            pool_per_participant=settings.comparison_per_participant,
        )
        its = estimate_school_its(wh, programmes)
        write_published(wh, programmes, disclosure or DisclosureSettings())
    wh.drop_prefixed("evaluate__")
    supported = wh.scalar(
        "SELECT coalesce(max(people_cumulative), 0) FROM programme_progress "
        f"WHERE programme_code = 'ALL' AND district = {sql_literal(REGION_CODE)}"
    )
    participants = int(wh.scalar("SELECT count(*) FROM evaluation_frame WHERE participant"))
    result = EvaluateResult(
        participants=participants,
        frame_rows=frame_rows,
        people_supported=int(supported),
        cohort_rows=cohort_rows,
        checks=checks,
        effects=estimates.effects,
        balance_rows=estimates.balance,
        its_rows=its.rows,
        unmatched=estimates.unmatched,
        seconds=round(time.perf_counter() - started, 2),
    )
    result.notes += [
        f"{code}: no participants or no comparison pool, not estimated" for code in estimates.skipped
    ]
    result.notes += [
        f"{code}: {n:,} participants without a comparison in their stratum or caliper, left out of matched estimates"
        for code, n in estimates.unmatched.items()
        if n
    ]
    result.notes += its.notes
    result.notes += [
        f"{code}: {n:,} schools without a comparison school or a series before the start, left out of the whole-school comparison"
        for code, n in its.unmatched.items()
        if n
    ]
    result.notes += [
        f"{code}: no matching specification brought every covariate to |SMD| <= 0.1 (the best reached "
        f"{worst:.3f}; see evaluation_matching): the imbalance is shown with the estimates"
        for code, worst in estimates.unbalanced.items()
    ]
    result.notes += input_check_notes(wh)
    return result
