"""Data-quality summaries for the methods page: ingest completeness, linkage, modelled need.

Each comes from another stage and may be missing (a warehouse built only to ``indicators``, or a
folder of exported indicator tables); the page then says so instead of failing. Only aggregate
columns are read, and every count passes the same small-number rule as the indicators.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from atr.publish import formatting as fmt
from atr.publish.derived import ROLES, protect_summary
from atr.publish.model import period_sort_key
from atr.publish.plain_words import column_name, value_name
from atr.publish.privacy import DisclosureRule
from atr.publish.sources import TableSource

SUMMARY_TABLES = {
    "modelled_toxic_trio": "Modelled prevalence of the toxic trio",
    "hidden_need": "Hidden need: modelled compared with recorded",
    "capture_recapture": "Capture–recapture estimates of the unrecorded population",
}
"""Derive-stage summaries shown on the data-quality page and in the report (areas only)."""

PUBLISHED_AREA_TYPES = ("region", "district", "country")

DISPLAY_COLUMNS = {
    "modelled_toxic_trio": (
        "area_code",
        "measure",
        "estimate",
        "lower",
        "upper",
        "rate",
        "rate_lower",
        "rate_upper",
    ),
    "hidden_need": (
        "area_code",
        "measure",
        "evidence",
        "recorded",
        "modelled_estimate",
        "modelled_lower",
        "modelled_upper",
        "recorded_share",
    ),
    "capture_recapture": ("area_code", "population", "estimator", "observed", "estimate", "lower", "upper"),
}
"""The columns shown on a page (the CSV download has them all); at most eight, to fit A4."""
PERIOD_COLUMNS = ("financial_year", "period", "year")
LINK_DECIMALS = 3


@dataclass(frozen=True)
class IngestRow:
    dataset: str
    partner_code: str
    files: int
    files_rejected: int
    rows_read: int | None
    rows_accepted: int | None
    rows_quarantined: int | None
    accepted_percent: float | None


@dataclass(frozen=True)
class SummaryTable:
    name: str
    title: str
    columns: list[str]
    rows: list[dict[str, Any]]
    count_columns: list[str] = field(default_factory=list)
    display_columns: list[str] = field(default_factory=list)
    period_column: str | None = None
    people_columns: frozenset[str] = frozenset()
    """Modelled numbers of people, shown whole (``derived.Roles.people``)."""

    @property
    def latest_period(self) -> str | None:
        if self.period_column is None:
            return None
        periods = [str(r[self.period_column]) for r in self.rows if r.get(self.period_column) is not None]
        return max(periods, key=period_sort_key) if periods else None

    @property
    def latest_rows(self) -> list[dict[str, Any]]:
        """The rows to show: the latest year only, when the table has years."""
        latest, column = self.latest_period, self.period_column
        if latest is None or column is None:
            return self.rows
        return [r for r in self.rows if str(r.get(column)) == latest]


@dataclass
class QualitySummary:
    ingest: list[IngestRow] = field(default_factory=list)
    link: list[dict[str, Any]] = field(default_factory=list)
    derived: list[SummaryTable] = field(default_factory=list)
    partner_names: dict[str, str] = field(default_factory=dict)
    """Each partner code's organisation, from the manifests (``ingest_batch.partner_name``)."""

    def partner(self, code: str) -> str:
        """``Leeds City Council (383)``, or the code alone when no manifest named it."""
        name = self.partner_names.get(code)
        return f"{name} ({code})" if name else code

    def derived_table(self, name: str) -> SummaryTable | None:
        return next((t for t in self.derived if t.name == name), None)


@dataclass(frozen=True)
class SummaryView:
    """A summary table ready to show: readable headers, area names, numbers rounded."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    csv_name: str


def plain_cell(value: Any, *, protected: bool = False) -> str:
    """A summary cell: numbers rounded for reading; a blank protected count is ``[c]``."""
    if value is None:
        return "[c]" if protected else ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1:
            return f"{int(value):,}"
        return f"{value:,.3g}" if abs(value) < 1 else f"{value:,.1f}"
    return str(value)


def _shown(value: Any, protected: bool, column: str = "", *, people: bool = False) -> str:
    """A cell in words: codes in plain words, shares as percentages, modelled numbers of people
    whole, other numbers as :func:`plain_cell`."""
    if isinstance(value, str):
        return value_name(value)
    if people and isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return fmt.count(float(value))
    if column.endswith("_share") and isinstance(value, float) and math.isfinite(value):
        return f"{value:.0%}"
    return plain_cell(value, protected=protected)


def present(
    table: SummaryTable, area_name: Callable[[str], str], areas: set[str] | None = None
) -> SummaryView:
    """The latest year of ``table`` (optionally only ``areas``), with area names for codes."""
    rows = [
        r for r in table.latest_rows if areas is None or "area_code" not in r or str(r["area_code"]) in areas
    ]
    headers = [column_name(c) for c in table.display_columns]
    body = [
        [
            area_name(str(r[c]))
            if c == "area_code"
            else _shown(r.get(c), c in table.count_columns, c, people=c in table.people_columns)
            for c in table.display_columns
        ]
        for r in rows
    ]
    latest = table.latest_period
    title = f"{table.title}, {latest}" if latest else table.title
    return SummaryView(title, headers, body, f"{table.name}.csv")


def _ingest(table: pa.Table | None, rule: DisclosureRule) -> list[IngestRow]:
    if table is None or not {"dataset", "partner_code", "rows_read"}.issubset(table.column_names):
        return []
    totals: dict[tuple[str, str], dict[str, int]] = {}
    for row in table.to_pylist():
        key = (str(row["dataset"]), str(row["partner_code"]))
        acc = totals.setdefault(key, {"files": 0, "rejected": 0, "read": 0, "accepted": 0, "quarantined": 0})
        acc["files"] += 1
        status = str(row.get("status") or "").lower()
        acc["rejected"] += int(status in ("rejected", "failed", "error"))
        acc["read"] += int(row.get("rows_read") or 0)
        acc["accepted"] += int(row.get("rows_accepted") or 0)
        acc["quarantined"] += int(row.get("rows_quarantined") or 0)
    rows = []
    for (dataset, partner), acc in sorted(totals.items()):
        read, accepted = rule.protect(acc["read"]), rule.protect(acc["accepted"])
        # from the published counts: an exact share of the true ones would give them back
        percent = 100.0 * accepted / read if read and accepted is not None else None
        rows.append(
            IngestRow(
                dataset=dataset,
                partner_code=partner,
                files=acc["files"],
                files_rejected=acc["rejected"],
                rows_read=read,
                rows_accepted=accepted,
                rows_quarantined=rule.protect(acc["quarantined"]),
                accepted_percent=percent,
            )
        )
    return rows


def _link(table: pa.Table | None, rule: DisclosureRule) -> list[dict[str, Any]]:
    """Linkage metrics: whole numbers are counts (protected), others shown to 3 decimal places
    (so a ratio cannot be multiplied back into the exact count it was computed from)."""
    if table is None or "metric" not in table.column_names or "value" not in table.column_names:
        return []
    keep = [c for c in ("metric", "value", "note") if c in table.column_names]
    rows: list[dict[str, Any]] = table.select(keep).to_pylist()
    for row in rows:
        value = row["value"]
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            row["value"] = (
                rule.protect(int(value)) if float(value).is_integer() else round(value, LINK_DECIMALS)
            )
    return rows


def _integer_columns(table: pa.Table) -> list[str]:
    return [f.name for f in table.schema if pa.types.is_integer(f.type)]


def _summary(name: str, table: pa.Table | None, rule: DisclosureRule) -> SummaryTable | None:
    if table is None or table.num_rows == 0:
        return None
    rows = table.to_pylist()
    if "area_type" in table.column_names:
        rows = [r for r in rows if str(r.get("area_type")) in PUBLISHED_AREA_TYPES]
    rows, count_names = protect_summary(name, rows, _integer_columns(table), rule)
    if not rows:
        return None
    columns = list(rows[0].keys())
    counts = [c for c in columns if c in count_names]
    preferred = [c for c in DISPLAY_COLUMNS.get(name, ()) if c in columns]
    shown = preferred or [c for c in columns if c not in ("area_type", *PERIOD_COLUMNS)][:8]
    period = next((c for c in PERIOD_COLUMNS if c in columns), None)
    people = ROLES[name].people if name in ROLES else frozenset()
    return SummaryTable(name, SUMMARY_TABLES[name], columns, rows, counts, shown, period, people)


def _partner_names(table: pa.Table | None) -> dict[str, str]:
    if table is None or not {"partner_code", "partner_name"}.issubset(table.column_names):
        return {}
    rows = table.select(["partner_code", "partner_name"]).to_pylist()
    return {str(r["partner_code"]): str(r["partner_name"]) for r in rows if r["partner_name"]}


def read_quality(source: TableSource, rule: DisclosureRule) -> QualitySummary:
    summary = QualitySummary(
        ingest=_ingest(source.read("ingest_file"), rule),
        link=_link(source.read("link_quality"), rule),
        partner_names=_partner_names(source.read("ingest_batch")),
    )
    for name in SUMMARY_TABLES:
        table = _summary(name, source.read(name), rule)
        if table is not None:
            summary.derived.append(table)
    return summary
