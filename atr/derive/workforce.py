"""The workforce year tables: ingest's ``network_training_coverage``, ``network_self_assessment``
and ``network_wellbeing`` → rows the indicator engine counts (issue 16).

* ``workforce_staff_year``: one row per member of staff in each organisation's last coverage
  snapshot of the year, ``trained`` true for as many rows as were trained to their required
  level. Rows stand for counts, never for people. Built column by column (large trusts have
  thousands of staff).
* ``workforce_organisation_year``: each organisation in the network by the year's end, with
  ``current_assessment`` (a self-assessment submitted in the :data:`CURRENT_DAYS` before it).
* ``workforce_maturity_year``: for each organisation with a current self-assessment, one row per
  section (principle or domain) of its latest round, ``score`` the section's mean item score.
* ``workforce_wellbeing_year``: each wellbeing round closing in the year as ``responses`` rows
  whose three scale columns reproduce the round's exported count, sum and sum of squares
  exactly (two values either side of the mean), so pooled means and their intervals are exact;
  they are not responses, which never leave the platform.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

import pyarrow as pa

from atr.periods import FinancialYear

AREAS = [
    ("financial_year", pa.string()),
    ("lad19_code", pa.string()),
    ("ward19_code", pa.string()),
    ("msoa11_code", pa.string()),
]
STAFF_YEAR = "workforce_staff_year"
ORGANISATION_YEAR = "workforce_organisation_year"
MATURITY_YEAR = "workforce_maturity_year"
WELLBEING_YEAR = "workforce_wellbeing_year"
SCALES = ("compassion_satisfaction", "burnout", "secondary_traumatic_stress")
CURRENT_DAYS = 400
"""As the item bank's ``current_within_days``: a yearly round, with a month's grace."""
_TAIL = [("sector", pa.string()), ("organisation_id", pa.string()), ("partner_code", pa.string())]
SCHEMAS: dict[str, pa.Schema] = {
    STAFF_YEAR: pa.schema([*AREAS, *_TAIL, ("trained", pa.bool_())]),
    ORGANISATION_YEAR: pa.schema([*AREAS, *_TAIL, ("current_assessment", pa.bool_())]),
    MATURITY_YEAR: pa.schema([*AREAS, *_TAIL, ("section", pa.string()), ("score", pa.float64())]),
    WELLBEING_YEAR: pa.schema([*AREAS, *_TAIL, *((s, pa.float64()) for s in SCALES)]),
}
SOURCES = ("network_training_coverage", "network_self_assessment", "network_wellbeing")


def spread(n: int, total: float, squares: float) -> list[float]:
    """``n`` values whose sum is ``total`` and sum of squares ``squares`` (n ≥ 2)."""
    centre = total / n
    variance = max(0.0, (squares - total * total / n) / (n - 1))
    pattern = [(-1.0) ** i for i in range(n - n % 2)] + ([0.0] if n % 2 else [])
    scale = math.sqrt(variance * (n - 1) / sum(z * z for z in pattern)) if any(pattern) else 0.0
    return [centre + scale * z for z in pattern]


def _staff(
    coverage: list[dict[str, Any]],
    orgs: dict[str, dict[str, Any]],
    years: list[tuple[str, date]],
    partner: str,
) -> dict[str, list[Any]]:
    columns: dict[str, list[Any]] = {name: [] for name in SCHEMAS[STAFF_YEAR].names}
    by_org: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in coverage:
        by_org[row["organisation_id"]].append(row)
    for label, as_at in years:
        start = FinancialYear.parse(label).start
        for org_id, rows in sorted(by_org.items()):
            in_year = [r for r in rows if r["snapshot_date"] and start <= r["snapshot_date"] <= as_at]
            if not in_year:
                continue
            last = max(in_year, key=lambda r: r["snapshot_date"])
            workforce = max(0, int(last["workforce"] or 0))
            trained = min(workforce, max(0, int(last["trained"] or 0)))
            org = orgs.get(org_id, {})
            fixed = {
                "financial_year": label,
                "lad19_code": org.get("lad19_code"),
                "ward19_code": None,
                "msoa11_code": None,
                "sector": org.get("sector"),
                "organisation_id": org_id,
                "partner_code": partner,
            }
            for name, value in fixed.items():
                columns[name] += [value] * workforce
            columns["trained"] += [True] * trained + [False] * (workforce - trained)
    return columns


def _assessments(
    rows: list[dict[str, Any]], orgs: dict[str, dict[str, Any]], years: list[tuple[str, date]], partner: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    rounds: dict[tuple[str, date], list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["submitted_date"] is not None:
            rounds[(row["organisation_id"], row["submitted_date"])].append(row)
    organisations, maturity = [], []
    for label, as_at in years:
        for org_id, org in sorted(orgs.items()):
            if org["joined_date"] is None or org["joined_date"] > as_at:
                continue
            current = [
                d for (o, d) in rounds if o == org_id and as_at - timedelta(days=CURRENT_DAYS) < d <= as_at
            ]
            base = {"financial_year": label, "lad19_code": org["lad19_code"], "sector": org["sector"]}
            base |= {"organisation_id": org_id, "partner_code": partner}
            organisations.append({**base, "current_assessment": bool(current)})
            if current:
                for section in rounds[(org_id, max(current))]:
                    answered = int(section["items_answered"] or 0)
                    if answered:
                        score = int(section["score_sum"] or 0) / answered
                        maturity.append({**base, "section": section["section"], "score": score})
    return organisations, maturity


def _wellbeing(
    rows: list[dict[str, Any]], orgs: dict[str, dict[str, Any]], years: list[tuple[str, date]], partner: str
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    labels = dict(years)
    for row in rows:
        if row["closes_date"] is None or int(row["responses"] or 0) < 2:
            continue
        label = FinancialYear.containing(row["closes_date"]).label
        if label not in labels or row["closes_date"] > labels[label]:
            continue
        n = int(row["responses"])
        values = {s: spread(n, float(row[f"{s}_sum"]), float(row[f"{s}_sumsq"])) for s in SCALES}
        org = orgs.get(row["organisation_id"], {})
        base = {"financial_year": label, "lad19_code": org.get("lad19_code"), "sector": org.get("sector")}
        base |= {"organisation_id": row["organisation_id"], "partner_code": partner}
        out += [{**base, **{s: values[s][i] for s in SCALES}} for i in range(n)]
    return out


def workforce_year_tables(
    source: dict[str, list[dict[str, Any]]],
    organisations: list[dict[str, Any]],
    years: list[tuple[str, date]],
    partner: str,
) -> dict[str, pa.Table]:
    """The four workforce year tables of one partner's extract (the pure part of the step)."""
    orgs = {
        o["record_id"]: {
            "sector": o["sector"],
            "joined_date": o["joined_date"],
            "lad19_code": _one_district(o["districts"]),
        }
        for o in organisations
    }
    organisation_rows, maturity = _assessments(source.get(SOURCES[1], []), orgs, years, partner)
    staff = _staff(source.get(SOURCES[0], []), orgs, years, partner)
    return {
        STAFF_YEAR: pa.table(staff, schema=SCHEMAS[STAFF_YEAR]),
        ORGANISATION_YEAR: _table(ORGANISATION_YEAR, organisation_rows),
        MATURITY_YEAR: _table(MATURITY_YEAR, maturity),
        WELLBEING_YEAR: _table(WELLBEING_YEAR, _wellbeing(source.get(SOURCES[2], []), orgs, years, partner)),
    }


def _table(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    schema = SCHEMAS[name]
    return pa.Table.from_pylist([{c: r.get(c) for c in schema.names} for r in rows], schema=schema)


def _one_district(districts: str | None) -> str | None:
    codes = [d for d in (districts or "").split(";") if d]
    return codes[0] if len(codes) == 1 else None


__all__ = [
    "MATURITY_YEAR",
    "ORGANISATION_YEAR",
    "SCHEMAS",
    "STAFF_YEAR",
    "WELLBEING_YEAR",
    "workforce_year_tables",
]
