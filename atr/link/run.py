"""``run_link``: the whole linkage stage, from ``identity_person`` to the quality report.

Order: prepare → deterministic edges → Splink (train or load, score) → clusters → outputs.
Intermediate tables (``link__*``) are rebuilt on every run; the contract tables
(``entity_membership``, ``entity``, ``entity_lsoa_history``, ``household_link``,
``link_quality``) are replaced together in one transaction, so a failed run leaves the
previous outputs intact. Report files are written atomically beside the warehouse.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa

from atr.atomic import write_text_atomic
from atr.console import progress
from atr.errors import StageError
from atr.identity import IDENTITY_TABLE, IdentityStore
from atr.ingest import OptOut
from atr.link.clustering import build_deterministic_edges, cluster_records
from atr.link.entities import write_entity_tables
from atr.link.households import write_household_links
from atr.link.judging import LinkedRecords, LinkJudge
from atr.link.model import score_pairs
from atr.link.prepare import prepare_input
from atr.link.quality import build_report, quality_rows
from atr.link.report import render_html
from atr.link.retained import capture_purged, restore_purged
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse

QUALITY_TABLE = "link_quality"
QUALITY_SCHEMA = pa.schema([("metric", pa.string()), ("value", pa.float64()), ("note", pa.string())])
SPLINK_LEFTOVER_VIEWS = ("result_df",)  # registered by Splink's blocking analysis
SPLINK_TABLE_PREFIX = "__splink__"


@dataclass(frozen=True)
class LinkOutputs:
    """Where the run wrote its files, and the report it wrote."""

    model_json: Path
    report_json: Path
    report_html: Path
    report: dict[str, Any]


def report_dir_for(warehouse_path: Path | None) -> Path:
    """Reports live beside the warehouse file, in ``link/`` (or ./build/link for in-memory)."""
    base = warehouse_path.parent if warehouse_path is not None else Path("build")
    return base / "link"


def _memory_limit_gb(settings: LinkSettings) -> float:
    if settings.memory_limit_gb is not None:
        return settings.memory_limit_gb
    try:
        ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    except (ValueError, OSError):
        return 12.0
    return round(min(12.0, 0.6 * ram), 1)


def _tidy_splink_leftovers(wh: Warehouse) -> None:
    for name in SPLINK_LEFTOVER_VIEWS:
        try:
            wh.execute(f"DROP VIEW IF EXISTS {name}")
        except Exception:  # a user table of that name: leave it alone
            continue
    wh.drop_prefixed(SPLINK_TABLE_PREFIX)


def require_identity_store(wh: Warehouse, store: Path) -> None:
    """Linkage reads identities from the store beside the warehouse; say what to do without it."""
    if wh.table_exists(IDENTITY_TABLE):
        raise StageError(
            "link",
            f"the warehouse still holds '{IDENTITY_TABLE}' (written before the identity store existed)",
            fix="run `atr ingest` once: it moves the identities into the encrypted identity store",
        )
    if not store.is_file():
        raise StageError("link", f"{store}: identity store not found", fix="run `atr ingest` first")


def run_link(
    wh: Warehouse,
    settings: LinkSettings,
    out_dir: Path,
    *,
    model_in: Path | None = None,
    judge: LinkJudge | None = None,
    identities: IdentityStore | None = None,
    opt_out: OptOut | None = None,
) -> LinkOutputs:
    """Link ``identity_person`` into people and households; write tables and reports.

    ``identities``: the encrypted identity store to read ``identity_person`` from, into a
    temporary table of this session (``atr link`` and ``atr run`` always pass it; without it the
    warehouse's own ``identity_person`` is used, as tests and benchmarks build one). ``opt_out``
    leaves the listed people's records of covered datasets out. Every working table (``link__*``,
    Splink's) is temporary too, so no identity is written into the warehouse.
    ``judge`` measures the finished run when ground truth is available (synthetic data:
    ``atr.truth.link_judge``); its precision, recall and F1 go into the report under ``truth``.
    """
    wh.limit_memory(_memory_limit_gb(settings))
    wh.drop_prefixed("link__")  # working tables an older version kept in the warehouse (identities)
    if identities is not None:
        identities.load_into(wh, remove=opt_out.remove if opt_out is not None else None)
    model_json = out_dir / "splink_model.json"
    seconds: dict[str, float] = {}
    with progress() as bar:
        task = bar.add_task("Linking", total=6)

        def step(name: str) -> None:
            bar.update(task, description=f"Linking: {name}")

        start = time.perf_counter()
        step("preparing records")
        _tidy_splink_leftovers(wh)
        prepared = prepare_input(wh)
        deterministic = build_deterministic_edges(wh, prepared, settings)
        seconds["prepare"] = time.perf_counter() - start
        bar.advance(task)

        step("training and scoring pairs (Splink)")
        model = score_pairs(wh, prepared, settings, model_json, model_in)
        _tidy_splink_leftovers(wh)
        bar.advance(task)

        step("clustering into people")
        start = time.perf_counter()
        constrained = cluster_records(wh, settings)
        seconds["cluster"] = time.perf_counter() - start
        bar.advance(task)

        step("writing people and households")
        start = time.perf_counter()
        with wh.transaction():
            carried = capture_purged(wh)
            write_entity_tables(wh)
            restore_purged(wh)
            households = write_household_links(wh, settings)
            model.seconds.update(seconds)
            model.seconds["outputs"] = time.perf_counter() - start
            report = build_report(wh, settings, prepared, deterministic, model, households)
            report["clusters"]["thin_records_matching_two_people"] = constrained.thin_records_ambiguous
            report["clusters"]["merges_refused_conflicting_identifiers"] = constrained.merges_refused
            if opt_out is not None:
                report["opt_out"] = opt_out.summary()
            report["records"]["carried_after_identity_purge"] = carried
            wh.write_arrow(QUALITY_TABLE, pa.Table.from_pylist(quality_rows(report), schema=QUALITY_SCHEMA))
        bar.advance(task)

        if judge is not None:
            step("measuring against ground truth")
            start = time.perf_counter()
            report["truth"] = judge(LinkedRecords(wh, settings))
            _tidy_splink_leftovers(wh)
            report["seconds"]["truth"] = round(time.perf_counter() - start, 2)
            wh.write_arrow(QUALITY_TABLE, pa.Table.from_pylist(quality_rows(report), schema=QUALITY_SCHEMA))
        bar.advance(task)

        step("writing the report")
        report_json = out_dir / "link_quality.json"
        report_html = out_dir / "link_quality.html"
        write_text_atomic(report_json, json.dumps(report, indent=2, default=str))
        write_text_atomic(report_html, render_html(report, model.charts))
        bar.advance(task)
    if identities is not None:  # the session's copies of identities: not needed any longer
        wh.execute(f"DROP TABLE IF EXISTS {IDENTITY_TABLE}")
        wh.drop_prefixed("link__")
    return LinkOutputs(model_json, report_json, report_html, report)
