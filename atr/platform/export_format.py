"""The ``network`` dataset extract: typed rows in, a contract-shaped folder out.

Why a pure writer apart from the web application: the platform is a *source* for the
observatory, and the only thing the two halves share is the partner-extract contract. Keeping
the file format here, free of Django, lets the platform's ``atr web export`` (rows read from
its database) and the pipeline's synthetic network (rows made from a seed) write byte-for-byte
the same shape, and lets the tests check that shape against the contract without a database.

The dataset holds organisation-level records and aggregate counts only: no person table, no
names of people, and lived experience only as a count per (sector, district) cell. Columns are
the dataclass fields, in order; ``docs/tables.md`` ("Extract folders", ``network``) lists them.

Writing is atomic (the ``network`` folder is built aside and swapped in), and every text value
that a spreadsheet would run as a formula (leading ``=``, ``+``, ``-``, ``@``, tab or carriage
return) is neutralised with a leading apostrophe, because programme staff open these files in
spreadsheets. Identifiers go through the same function, so references between tables still
match.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Literal

from atr.atomic import atomic_directory
from atr.ingest import CONTRACT_VERSION as CURRENT_VERSION

DATASET = "network"
PARTNER_CODE_FORM = re.compile(r"[A-Z0-9]{3,8}")
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

PledgerKind = Literal["person", "organisation"]
PledgeType = Literal["pledge", "charter"]

Cell = str | int | bool | date | tuple[str, ...] | None


@dataclass(frozen=True, kw_only=True)
class OrganisationRow:
    """One organisation in the network; ``districts`` are LAD codes it serves."""

    record_id: str
    name: str
    sector: str
    districts: tuple[str, ...] = ()
    ods_code: str | None = None
    urn: str | None = None
    charity_number: str | None = None
    company_number: str | None = None
    headcount: int | None = None
    joined_date: date
    charter_signed_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class PledgeRow:
    """A pledge or charter signature; a person's pledge carries no person, only its organisation."""

    record_id: str
    organisation_id: str | None = None
    pledger_kind: PledgerKind
    category: str
    pledge_type: PledgeType = "pledge"
    made_date: date
    is_public: bool = True
    progress_updates: int = 0
    last_progress_date: date | None = None


@dataclass(frozen=True, kw_only=True)
class EventRow:
    """A knowledge exchange, workshop or other event, with counted registration and attendance."""

    record_id: str
    title: str
    kind: str
    event_date: date
    district: str | None = None
    registered: int | None = None
    attendees: int | None = None


@dataclass(frozen=True, kw_only=True)
class EventReachRow:
    """Attendees of one event from one sector (the event's date is its event date)."""

    record_id: str
    event_id: str
    sector: str
    attendees: int


@dataclass(frozen=True, kw_only=True)
class MemberCountRow:
    """Members on ``snapshot_date`` in one (sector, district) cell; lived experience as a count."""

    record_id: str
    snapshot_date: date
    sector: str
    district: str
    members: int
    lived_experience: int | None = None


@dataclass(frozen=True, kw_only=True)
class TrainingCoverageRow:
    """An organisation's staff on ``snapshot_date`` and how many were trained to their required level."""

    record_id: str
    organisation_id: str
    snapshot_date: date
    workforce: int
    trained: int


@dataclass(frozen=True, kw_only=True)
class SelfAssessmentRow:
    """One section (principle or domain) of a submitted self-assessment: the sum of its item scores."""

    record_id: str
    organisation_id: str
    submitted_date: date
    bank_version: str
    section: str
    items_answered: int
    score_sum: int


@dataclass(frozen=True, kw_only=True)
class WellbeingRow:
    """A wellbeing round with 10 or more responses: per ProQOL scale the sum, the sum of squares
    (so means and intervals pool exactly) and how many scored high; never a response."""

    record_id: str
    organisation_id: str
    closes_date: date
    responses: int
    compassion_satisfaction_sum: int
    compassion_satisfaction_sumsq: int
    compassion_satisfaction_high: int
    burnout_sum: int
    burnout_sumsq: int
    burnout_high: int
    secondary_traumatic_stress_sum: int
    secondary_traumatic_stress_sumsq: int
    secondary_traumatic_stress_high: int


Row = (
    OrganisationRow
    | PledgeRow
    | EventRow
    | EventReachRow
    | MemberCountRow
    | TrainingCoverageRow
    | SelfAssessmentRow
    | WellbeingRow
)


@dataclass(frozen=True)
class NetworkExport:
    """Every row of one ``network`` extract."""

    organisations: list[OrganisationRow] = field(default_factory=list)
    pledges: list[PledgeRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)
    event_reach: list[EventReachRow] = field(default_factory=list)
    member_counts: list[MemberCountRow] = field(default_factory=list)
    training_coverage: list[TrainingCoverageRow] = field(default_factory=list)
    self_assessments: list[SelfAssessmentRow] = field(default_factory=list)
    wellbeing: list[WellbeingRow] = field(default_factory=list)

    def tables(self) -> dict[str, tuple[type, Sequence[Row]]]:
        """Contract table name → (row class, rows), in the contract's order."""
        return {
            "organisation": (OrganisationRow, self.organisations),
            "pledge": (PledgeRow, self.pledges),
            "event": (EventRow, self.events),
            "event_reach": (EventReachRow, self.event_reach),
            "member_count": (MemberCountRow, self.member_counts),
            "training_coverage": (TrainingCoverageRow, self.training_coverage),
            "self_assessment": (SelfAssessmentRow, self.self_assessments),
            "wellbeing": (WellbeingRow, self.wellbeing),
        }

    def event_dates(self) -> list[date]:
        """Every event date in the extract (the manifest's period runs from the first to the last)."""
        return [
            *(o.joined_date for o in self.organisations),
            *(p.made_date for p in self.pledges),
            *(e.event_date for e in self.events),
            *(m.snapshot_date for m in self.member_counts),
            *(t.snapshot_date for t in self.training_coverage),
            *(a.submitted_date for a in self.self_assessments),
            *(w.closes_date for w in self.wellbeing),
        ]


ROW_CLASSES: dict[str, type] = {name: cls for name, (cls, _) in NetworkExport().tables().items()}


def table_columns(name: str) -> tuple[str, ...]:
    """The CSV header of contract table ``name`` (the row class's fields, in order)."""
    return tuple(f.name for f in fields(ROW_CLASSES[name]))


def neutralise(text: str) -> str:
    """Prefix a value a spreadsheet would evaluate (``=SUM(…)``, ``+1``, ``@x``) with ``'``."""
    return "'" + text if text.startswith(_FORMULA_LEADS) else text


def cell(value: Cell) -> str:
    """The CSV text of one value, as the contract spells types (``CONTRACT.md`` §2)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    if isinstance(value, tuple):
        return neutralise(";".join(value))
    return neutralise(value)


def _csv_bytes(name: str, rows: Sequence[Row]) -> bytes:
    columns = table_columns(name)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if row.record_id in seen:
            raise ValueError(f"{name}.csv, row {number}, field 'record_id': duplicate record id")
        seen.add(row.record_id)
        writer.writerow([cell(getattr(row, column)) for column in columns])
    return buffer.getvalue().encode("utf-8")


def write_network_extract(
    out_dir: Path,
    rows: NetworkExport,
    *,
    partner_code: str = "WYATR",
    extract_date: date | None = None,
    partner_name: str = "West Yorkshire ATR Network",
    synthetic: bool = False,
) -> Path:
    """Write ``out_dir/network/`` (``manifest.json`` and one CSV per table); return that folder.

    Every table is written, empty ones with their header only, so the extract always says "none"
    rather than "not sent". The folder appears whole or not at all.
    """
    if not PARTNER_CODE_FORM.fullmatch(partner_code):
        raise ValueError(f"partner_code '{partner_code}' must be 3 to 8 capital letters or digits")
    extract_date = extract_date or date.today()
    dates = rows.event_dates()
    files: dict[str, dict[str, object]] = {}
    contents: dict[str, bytes] = {}
    for name, (_, table_rows) in rows.tables().items():
        data = _csv_bytes(name, table_rows)
        contents[f"{name}.csv"] = data
        files[f"{name}.csv"] = {"rows": len(table_rows), "sha256": hashlib.sha256(data).hexdigest()}
    manifest = {
        "dataset": DATASET,
        "contract_version": CURRENT_VERSION,
        "partner_code": partner_code,
        "partner_name": partner_name,
        "extract_date": extract_date.isoformat(),
        "period_start": min(dates).isoformat() if dates else None,
        "period_end": max(dates).isoformat() if dates else None,
        "files": files,
        "synthetic": synthetic,
    }
    target = Path(out_dir) / DATASET
    with atomic_directory(target) as staging:
        for file_name, data in contents.items():
            (staging / file_name).write_bytes(data)
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return target
