"""Run the derive stage: linked records in, adversity profiles and modelled prevalence out.

All person-level tables are built inside one warehouse transaction, so a failed run leaves the
previous outputs in place. The modelled estimates and capture-recapture follow, in the same
transaction, because they are computed from the person-level tables just built.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from atr.console import progress
from atr.derive.adult_year import build_adult_year
from atr.derive.adversity_event import build_adversity_events, write_rule_tables
from atr.derive.areas import RESPONSIBLE_DISTRICT_TABLE, area_source_notes, write_responsible_district
from atr.derive.capture_recapture import build_capture_recapture, homelessness_assumption
from atr.derive.child_outcomes import SPINE
from atr.derive.child_year import build_child_year
from atr.derive.events_sql import CODE_RULE_TABLE, EventContext
from atr.derive.hidden_need import build_hidden_need
from atr.derive.inputs import drop_stand_ins, resolve_inputs
from atr.derive.modelled import build_modelled_toxic_trio
from atr.derive.network import build_network_years
from atr.derive.periods_sql import FY_TABLE, write_financial_years
from atr.derive.population_year import build_adult_population_year
from atr.derive.published_estimates import find_estimates_dir, read_toxic_trio_estimates
from atr.derive.settings import DeriveSettings
from atr.link import LinkSettings
from atr.periods import FinancialYear
from atr.warehouse import Warehouse


@dataclass
class DeriveResult:
    """What a run produced, for the terminal summary and the pipeline's run log."""

    events: int = 0
    child_years: int = 0
    adult_years: int = 0
    adult_population_years: int = 0
    modelled_rows: int = 0
    hidden_need_rows: int = 0
    capture_recapture_rows: int = 0
    network_rows: dict[str, int] = field(default_factory=dict)
    """Rows of each ``network_*_year`` table (the network platform's export; empty without it)."""
    missing_inputs: list[str] = field(default_factory=list)
    estimates_source: str | None = None
    notes: list[str] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    """Wall time of each step, for the benchmark and the run log."""


def run_derive(
    warehouse: Warehouse,
    settings: DeriveSettings | None = None,
    link_settings: LinkSettings | None = None,
    periods: list[str] | None = None,
    estimates_dir: Path | None = None,
) -> DeriveResult:
    """Build every derive table in ``warehouse``; see ``docs/derive.md``."""
    from atr.periods import DEFAULT_PERIODS

    settings = settings or DeriveSettings()
    link_settings = link_settings or LinkSettings()
    periods = list(periods or DEFAULT_PERIODS)
    last = max(FinancialYear.parse(p) for p in periods)
    result = DeriveResult()
    steps = ("inputs", "events", "child_year", "adult_year", "modelled", "capture_recapture", "network")
    clock = time.perf_counter()
    with progress() as bar, warehouse.transaction():
        task = bar.add_task("derive", total=len(steps))

        def done(step: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            result.seconds[step] = now - clock
            clock = now
            bar.advance(task)

        inputs = resolve_inputs(warehouse)
        result.missing_inputs = list(inputs.missing)
        ctx = EventContext(
            inputs, link_settings.household_confidence_threshold, f"DATE '{last.end.isoformat()}'"
        )
        write_financial_years(warehouse, periods)
        write_rule_tables(warehouse)
        write_responsible_district(warehouse, inputs)
        done("inputs")
        result.events = build_adversity_events(warehouse, ctx)
        done("events")
        result.child_years = build_child_year(warehouse, ctx, settings.toxic_trio_window_months)
        done("child_year")
        result.adult_years = build_adult_year(warehouse, ctx)
        result.adult_population_years = build_adult_population_year(warehouse, ctx)
        result.notes.extend(area_source_notes(warehouse))
        done("adult_year")
        folder = find_estimates_dir(warehouse, estimates_dir or settings.published_estimates_dir)
        estimates = read_toxic_trio_estimates(folder) if folder is not None else None
        result.estimates_source = str(folder) if folder is not None else None
        if estimates is None:
            result.notes.append(
                "no published toxic-trio estimates found: modelled_toxic_trio and hidden_need are empty "
                "(set [derive] published_estimates_dir or $ATR_PUBLISHED_ESTIMATES_DIR)"
            )
        result.modelled_rows = build_modelled_toxic_trio(warehouse, ctx, estimates, settings)
        result.hidden_need_rows = build_hidden_need(warehouse)
        done("modelled")
        result.capture_recapture_rows = build_capture_recapture(warehouse, ctx, settings)
        if settings.homelessness_coverage >= 1.0:
            result.notes.append(homelessness_assumption(settings))
        done("capture_recapture")
        result.network_rows = build_network_years(warehouse, periods)
        done("network")
        for table in (SPINE, FY_TABLE, CODE_RULE_TABLE, RESPONSIBLE_DISTRICT_TABLE):
            warehouse.execute(f"DROP TABLE IF EXISTS {table}")
        drop_stand_ins(warehouse, inputs)
        warehouse.set_meta("derive_estimates_source", result.estimates_source)
        warehouse.set_meta("derive_missing_inputs", result.missing_inputs)
        warehouse.set_meta("population_scale", settings.population_scale)
    return result
