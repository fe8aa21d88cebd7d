"""What an ingest did, file by file: the JSON report, and the terminal summary.

The JSON shape is the issue's contract: ``{"contract_version", "tables": [{"dataset", "table",
"file", "status", "reason", "rows_read", "rows_accepted", "rows_quarantined", "warnings"}]}``,
with extra keys for detail (partner, rule counts, quality). Examples in the report are row
numbers, plus values only for code, number, flag and fixed-format columns, never for
identifiers, names, dates or postcodes.

Counting: ``rows_read`` is the rows that reached row-level checks, so for every file
``rows_read = rows_accepted + rows_quarantined``. A rejected file has ``rows_read = 0``;
``rows_in_file`` says how many rows it held when that could be counted.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.table import Table as RichTable

from atr.atomic import write_text_atomic
from atr.console import console


@dataclass
class RuleCount:
    rule: str
    field: str
    severity: str
    count: int
    example_rows: list[int]
    example_values: list[str] = dataclasses.field(default_factory=list)


@dataclass
class TableOutcome:
    dataset: str
    partner_code: str
    table: str
    file: str
    status: str  # accepted | rejected
    reason: str | None = None
    rows_in_file: int | None = None
    rows_read: int = 0
    rows_accepted: int = 0
    rows_quarantined: int = 0
    warnings: int = 0
    rules: list[RuleCount] = dataclasses.field(default_factory=list)
    ignored_columns: list[str] = dataclasses.field(default_factory=list)
    missing_optional_columns: list[str] = dataclasses.field(default_factory=list)

    def __post_init__(self) -> None:
        if self.rows_read != self.rows_accepted + self.rows_quarantined:
            raise AssertionError(f"{self.file}: rows read != accepted + quarantined")


@dataclass
class FieldQuality:
    table: str
    field: str
    completeness: float | None  # share of rows read with a value
    validity: float | None  # share of values breaking no rule


@dataclass
class BatchOutcome:
    dataset: str
    partner_code: str
    partner_name: str
    folder: str
    batch_id: str | None
    extract_date: str | None
    loaded: bool
    synthetic: bool = False
    reason: str | None = None
    headline: dict[str, float | int | None] = dataclasses.field(default_factory=dict)
    fields: list[FieldQuality] = dataclasses.field(default_factory=list)


@dataclass
class IngestReport:
    contract_version: str
    extract_dir: str
    warehouse: str
    key_origin: str
    started_at: str
    finished_at: str | None = None
    batches: list[BatchOutcome] = dataclasses.field(default_factory=list)
    tables: list[TableOutcome] = dataclasses.field(default_factory=list)

    @property
    def all_accepted(self) -> bool:
        return all(t.status == "accepted" for t in self.tables)

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data, ``contract_version`` and ``tables`` first."""
        data = asdict(self)
        return {"contract_version": data.pop("contract_version"), "tables": data.pop("tables"), **data}

    def write_json(self, path: Path) -> None:
        write_text_atomic(path, json.dumps(self.to_dict(), indent=2) + "\n")

    def finish(self) -> None:
        self.finished_at = datetime.now().astimezone().isoformat(timespec="seconds")


IngestResult = IngestReport
"""The stage's result under the name every stage face uses (``…Result``)."""


def print_summary(report: IngestReport) -> None:
    """The terminal summary: one line per file, then totals."""
    table = RichTable(title=f"Ingest against contract v{report.contract_version}")
    for name, justify in (
        ("Dataset", "left"),
        ("Partner", "left"),
        ("Table", "left"),
        ("Status", "left"),
        ("Read", "right"),
        ("Accepted", "right"),
        ("Quarantined", "right"),
        ("Warnings", "right"),
        ("Reason", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for t in report.tables:
        status = "[green]accepted[/green]" if t.status == "accepted" else "[bold red]rejected[/bold red]"
        table.add_row(
            t.dataset,
            t.partner_code,
            t.table,
            status,
            f"{t.rows_read:,}",
            f"{t.rows_accepted:,}",
            f"{t.rows_quarantined:,}" if t.rows_quarantined else "0",
            f"{t.warnings:,}",
            t.reason or "",
        )
    read = sum(t.rows_read for t in report.tables)
    accepted = sum(t.rows_accepted for t in report.tables)
    quarantined = sum(t.rows_quarantined for t in report.tables)
    warnings = sum(t.warnings for t in report.tables)
    table.add_row(
        "[bold]total[/bold]",
        "",
        "",
        "",
        f"[bold]{read:,}[/bold]",
        f"[bold]{accepted:,}[/bold]",
        f"[bold]{quarantined:,}[/bold]",
        f"[bold]{warnings:,}[/bold]",
        "",
    )
    console.print(table)
    rejected = [t for t in report.tables if t.status == "rejected"]
    loaded = [b for b in report.batches if b.loaded]
    console.print(
        f"{len(loaded)} of {len(report.batches)} dataset folder(s) loaded; {len(rejected)} file(s) rejected; "
        f"rows read {read:,} = accepted {accepted:,} + quarantined {quarantined:,}."
    )
    for batch in report.batches:
        if not batch.loaded:
            console.print(
                f"[bold red]not loaded[/bold red]: {batch.folder} ({batch.reason}); "
                "any earlier load of this dataset and partner is kept."
            )
