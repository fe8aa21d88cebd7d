"""``run_evaluate``: participation to people, the analysis frame, progress, cohorts and effects.

All tables are rebuilt in one warehouse transaction, so a failed run leaves the previous ones.
The statistical methods (propensity matching, balance, difference in differences, E-values)
live in ``atr.evaluate.methods`` and read only ``evaluation_frame``; until that package is
present, ``evaluation_effect`` and ``evaluation_balance`` are written empty, with their columns.
"""

from __future__ import annotations

import importlib.util
import time
from dataclasses import dataclass, field

from atr.evaluate.cohorts import build_cohorts, load_cohorts
from atr.evaluate.frame import build_frame
from atr.evaluate.participation import build_participation, write_input_checks
from atr.evaluate.programmes import Programme, load_programmes
from atr.evaluate.progress import build_progress
from atr.evaluate.settings import EvaluateSettings
from atr.indicators import DisclosureSettings
from atr.reference import REGION_CODE
from atr.warehouse import Warehouse, sql_literal

EFFECT_COLUMNS = (
    "programme_code VARCHAR, outcome VARCHAR, window_months INTEGER, method VARCHAR, estimate DOUBLE, "
    "lower_95 DOUBLE, upper_95 DOUBLE, n_participants BIGINT, n_comparison BIGINT"
)
BALANCE_COLUMNS = "programme_code VARCHAR, covariate VARCHAR, smd_before DOUBLE, smd_after DOUBLE"


@dataclass
class EvaluateResult:
    """What one run wrote: sizes, the input problems it counted and whether effects were estimated."""

    participants: int
    frame_rows: int
    people_supported: int
    cohort_rows: int
    checks: dict[str, int] = field(default_factory=dict)
    effects: int = 0
    methods_available: bool = False
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def methods_available() -> bool:
    """Whether the statistical methods package is installed (it arrives separately, issue 18)."""
    return importlib.util.find_spec("atr.evaluate.methods") is not None


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
        effects = _estimate(wh, programmes)
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
        effects=effects,
        methods_available=methods_available(),
        seconds=round(time.perf_counter() - started, 2),
    )
    if not result.methods_available:
        result.notes.append(
            "atr.evaluate.methods is not installed: evaluation_effect and evaluation_balance are empty"
        )
    result.notes += [f"{n:,} participation rows: {k.replace('_', ' ')}" for k, n in checks.items() if n]
    return result


def _estimate(wh: Warehouse, programmes: list[Programme]) -> int:
    """Matched and naive effects through ``atr.evaluate.methods``; empty tables without it."""
    wh.execute(f"CREATE OR REPLACE TABLE evaluation_effect ({EFFECT_COLUMNS})")
    wh.execute(f"CREATE OR REPLACE TABLE evaluation_balance ({BALANCE_COLUMNS})")
    if not methods_available() or not programmes:
        return 0
    return 0  # wired to atr.evaluate.methods when it lands (docs/evaluation.md)
