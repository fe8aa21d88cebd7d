"""The network's year tables: ingest's ``network_*`` content tables → rows the indicators count.

Why a derive step: the indicator engine counts rows of year tables (``financial_year``, the area
columns, breakdown columns) and needs nothing else to publish, benchmark, trend and protect a
figure. The network export holds organisations, pledges, events and *counts* of members, so
this step puts them in that shape, one row per thing counted in each financial year:

* ``network_member_year``: one row per member in the last snapshot of the year (a count of 40
  in a sector and district becomes 40 rows), with ``lived_experience`` true for as many rows as
  the snapshot counts. Rows stand for counts, never for people: the export holds no person.
* ``network_organisation_year``: each organisation in the network by the end of the year, with
  ``pledged`` (an organisation pledge or charter signature by then) and ``charter_signed``.
* ``network_pledge_year``: each pledge made by the end of the year; ``recent_progress`` (progress
  in the 12 months before the extract date) only in the year the extract date closes, NULL
  elsewhere, because the export keeps only the latest progress date.
* ``network_event_reach_year``: attendees of each event from each sector, in the event's year.

A year ends on 31 March or on the extract date, whichever is first. The tables are small
(hundreds of rows), so they are built in Python from the ingest tables and written as Arrow,
which works the same on every warehouse engine. They always exist, empty without network data,
so the catalogue's network indicators simply have no figures then.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from atr.derive.workforce import SCHEMAS as WORKFORCE_SCHEMAS
from atr.derive.workforce import SOURCES as WORKFORCE_SOURCES
from atr.derive.workforce import workforce_year_tables
from atr.periods import FinancialYear
from atr.warehouse import Warehouse

AREAS = [
    ("financial_year", pa.string()),
    ("lad19_code", pa.string()),
    ("ward19_code", pa.string()),
    ("msoa11_code", pa.string()),
]
MEMBER_YEAR = "network_member_year"
ORGANISATION_YEAR = "network_organisation_year"
PLEDGE_YEAR = "network_pledge_year"
EVENT_REACH_YEAR = "network_event_reach_year"
SCHEMAS: dict[str, pa.Schema] = {
    MEMBER_YEAR: pa.schema(
        [
            *AREAS,
            ("sector", pa.string()),
            ("lived_experience", pa.bool_()),
            ("snapshot_date", pa.date32()),
            ("partner_code", pa.string()),
        ]
    ),
    ORGANISATION_YEAR: pa.schema(
        [
            *AREAS,
            ("sector", pa.string()),
            ("organisation_id", pa.string()),
            ("pledged", pa.bool_()),
            ("charter_signed", pa.bool_()),
            ("partner_code", pa.string()),
        ]
    ),
    PLEDGE_YEAR: pa.schema(
        [
            *AREAS,
            ("sector", pa.string()),
            ("pledge_id", pa.string()),
            ("pledger_kind", pa.string()),
            ("pledge_type", pa.string()),
            ("recent_progress", pa.bool_()),
            ("partner_code", pa.string()),
        ]
    ),
    EVENT_REACH_YEAR: pa.schema(
        [
            *AREAS,
            ("sector", pa.string()),
            ("event_id", pa.string()),
            ("kind", pa.string()),
            ("attendees", pa.int64()),
            ("partner_code", pa.string()),
        ]
    ),
}
SOURCES = (
    "network_organisation",
    "network_pledge",
    "network_event",
    "network_event_reach",
    "network_member_count",
)


def _rows(wh: Warehouse, table: str) -> list[dict[str, Any]]:
    return wh.rows(f"SELECT * FROM {table}") if wh.table_exists(table) else []


def _extract_dates(wh: Warehouse) -> dict[str, date]:
    if not wh.table_exists("ingest_batch"):
        return {}
    found = wh.rows(
        "SELECT partner_code, max(extract_date) AS d FROM ingest_batch WHERE dataset = 'network' GROUP BY 1"
    )
    return {str(r["partner_code"]): r["d"] for r in found}


def _years(periods: Iterable[str], extract_date: date) -> list[tuple[str, date]]:
    """(label, as-at date) of each reporting year that had begun by the extract date."""
    out = []
    for label in periods:
        fy = FinancialYear.parse(label)
        if fy.start <= extract_date:
            out.append((label, min(fy.end, extract_date)))
    return out


def _one_district(districts: str | None) -> str | None:
    codes = [d for d in (districts or "").split(";") if d]
    return codes[0] if len(codes) == 1 else None


def _members(
    counts: list[dict[str, Any]], years: list[tuple[str, date]], partner: str
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for label, as_at in years:
        start = FinancialYear.parse(label).start
        in_year = [c for c in counts if c["snapshot_date"] and start <= c["snapshot_date"] <= as_at]
        if not in_year:
            continue
        latest = max(c["snapshot_date"] for c in in_year)
        for c in (c for c in in_year if c["snapshot_date"] == latest):
            members = max(0, int(c["members"] or 0))
            lived = min(members, max(0, int(c["lived_experience"] or 0)))
            row = {
                "financial_year": label,
                "lad19_code": c["district"],
                "sector": c["sector"],
                "snapshot_date": latest,
                "partner_code": partner,
            }
            out += [{**row, "lived_experience": i < lived} for i in range(members)]
    return out


def _organisations(
    orgs: list[dict[str, Any]], pledges: list[dict[str, Any]], years: list[tuple[str, date]], partner: str
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for label, as_at in years:
        committed = {
            p["organisation_id"]
            for p in pledges
            if p["organisation_id"]
            and p["made_date"]
            and p["made_date"] <= as_at
            and (p["pledger_kind"] == "organisation" or p["pledge_type"] == "charter")
        }
        for o in orgs:
            if o["joined_date"] is None or o["joined_date"] > as_at:
                continue
            charter = bool(o["charter_signed_date"] and o["charter_signed_date"] <= as_at)
            out.append(
                {
                    "financial_year": label,
                    "lad19_code": _one_district(o["districts"]),
                    "sector": o["sector"],
                    "organisation_id": o["record_id"],
                    "pledged": charter or o["record_id"] in committed,
                    "charter_signed": charter,
                    "partner_code": partner,
                }
            )
    return out


def _pledges(
    pledges: list[dict[str, Any]],
    sectors: dict[str, str],
    years: list[tuple[str, date]],
    extract_date: date,
    partner: str,
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    closing = max((label for label, _ in years), default=None)  # the year the extract date closes
    window_start = extract_date - timedelta(days=365)
    for label, as_at in years:
        for p in pledges:
            if p["made_date"] is None or p["made_date"] > as_at:
                continue
            recent = None
            if label == closing:
                last = p["last_progress_date"]
                recent = bool(last and window_start < last <= extract_date)
            out.append(
                {
                    "financial_year": label,
                    "lad19_code": None,
                    "sector": sectors.get(p["organisation_id"] or ""),
                    "pledge_id": p["record_id"],
                    "pledger_kind": p["pledger_kind"],
                    "pledge_type": p["pledge_type"],
                    "recent_progress": recent,
                    "partner_code": partner,
                }
            )
    return out


def _reach(
    events: list[dict[str, Any]], reach: list[dict[str, Any]], years: list[tuple[str, date]], partner: str
) -> list[dict[str, Any]]:
    by_id = {e["record_id"]: e for e in events}
    labels = {label: as_at for label, as_at in years}
    out: list[dict[str, Any]] = []
    for r in reach:
        event = by_id.get(r["event_id"])
        if event is None or event["event_date"] is None:
            continue
        label = FinancialYear.containing(event["event_date"]).label
        if label not in labels or event["event_date"] > labels[label]:
            continue
        out.append(
            {
                "financial_year": label,
                "lad19_code": event["district"],
                "sector": r["sector"],
                "event_id": r["event_id"],
                "kind": event["kind"],
                "attendees": int(r["attendees"] or 0),
                "partner_code": partner,
            }
        )
    return out


def year_tables(
    source: dict[str, list[dict[str, Any]]], extract_dates: dict[str, date], periods: Iterable[str]
) -> dict[str, pa.Table]:
    """The four year tables from rows shaped like ingest's ``network_*`` tables (by table name)
    and each partner's extract date: the pure part of the step, testable without a warehouse."""
    periods = list(periods)
    built: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    workforce: dict[str, list[pa.Table]] = {name: [] for name in WORKFORCE_SCHEMAS}
    for partner, extract_date in sorted(extract_dates.items()):
        mine = {
            name: [r for r in source.get(name, []) if r["partner_code"] == partner]
            for name in (*SOURCES, *WORKFORCE_SOURCES)
        }
        years = _years(periods, extract_date)
        sectors = {o["record_id"]: o["sector"] for o in mine["network_organisation"]}
        built[MEMBER_YEAR] += _members(mine["network_member_count"], years, partner)
        built[ORGANISATION_YEAR] += _organisations(
            mine["network_organisation"], mine["network_pledge"], years, partner
        )
        built[PLEDGE_YEAR] += _pledges(mine["network_pledge"], sectors, years, extract_date, partner)
        built[EVENT_REACH_YEAR] += _reach(mine["network_event"], mine["network_event_reach"], years, partner)
        for name, table in workforce_year_tables(mine, mine["network_organisation"], years, partner).items():
            workforce[name].append(table)
    return {
        **{
            name: pa.Table.from_pylist(
                [{c: row.get(c) for c in schema.names} for row in built[name]], schema=schema
            )
            for name, schema in SCHEMAS.items()
        },
        **{
            name: pa.concat_tables(tables) if tables else schema.empty_table()
            for name, schema in WORKFORCE_SCHEMAS.items()
            for tables in (workforce[name],)
        },
    }


def build_network_years(wh: Warehouse, periods: Iterable[str]) -> dict[str, int]:
    """Write the ``network_*_year`` and ``workforce_*_year`` tables (empty without network data)."""
    sources = {name: _rows(wh, name) for name in (*SOURCES, *WORKFORCE_SOURCES)}
    tables = year_tables(sources, _extract_dates(wh), periods)
    for name, table in tables.items():
        wh.write_arrow(name, table)
    return {name: table.num_rows for name, table in tables.items()}


__all__ = [
    "EVENT_REACH_YEAR",
    "MEMBER_YEAR",
    "ORGANISATION_YEAR",
    "PLEDGE_YEAR",
    "build_network_years",
    "year_tables",
]
