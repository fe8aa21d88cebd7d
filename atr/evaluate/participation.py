"""Participation rows to people, and what the stage found wrong with them (nothing dropped).

``evaluate__participation`` keeps every accepted ``programme_participation`` row with its
person (``entity_id``) and three flags: a code in the programme list, a start after the end,
and whether the person links to any record beyond the programme's own. ``evaluate__participants``
is one row per programme and person: the first start, whichever provider sent it.

``evaluation_input_check`` counts, per programme code and partner, each problem: a code not in
the programme list (kept, not evaluated), a start after the end (kept: the start stands), a
participant who never links (kept in the frame, ``linked = FALSE``, out of the estimates, as no
outcome can be followed), a start too early for the 12 months before it to be in the records.
It also counts the rows that do not become a person's start, so every accepted row is accounted
for: ``rows = unknown_programme + not_in_linked_records + repeat_start + participants`` (one
participant, at their first start, per programme and person).
"""

from __future__ import annotations

from atr.evaluate.programmes import Programme
from atr.warehouse import Warehouse, sql_literal

CHECKS: dict[str, str] = {
    "unknown_programme": "programme code not in the programme list: kept, not evaluated",
    "start_after_end": "start date after the end date: kept, the start date is used",
    "never_linked": "participant linked to no record beyond the programme's own: no outcome can be followed",
    "not_in_linked_records": "person not in the linked records (run atr link after atr ingest): not counted",
    "repeat_start": "a further start of a person already counted in the programme: one person, first start used",
    "no_pre_window": "start less than 12 months after the records begin: the year before is not covered",
}


def build_participation(wh: Warehouse, programmes: list[Programme]) -> None:
    known = ", ".join(sql_literal(p.code) for p in programmes) or "NULL"
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluate__participation AS
        SELECT p.record_id, p.partner_code, p.programme_code, p.provider_code, p.start_date, p.end_date,
               m.entity_id,
               coalesce(p.programme_code IN ({known}), FALSE) AS known_programme,
               coalesce(p.end_date < p.start_date, FALSE) AS start_after_end,
               coalesce(e.datasets <> 'programme', FALSE) AS linked
        FROM programme_participation p
        LEFT JOIN entity_membership m ON m.dataset = p.dataset AND m.partner_code = p.partner_code
         AND m.person_id = p.person_id
        LEFT JOIN entity e ON e.entity_id = m.entity_id
        """
    )
    wh.execute(
        """
        CREATE OR REPLACE TABLE evaluate__participants AS
        SELECT programme_code, entity_id, min(start_date) AS start_date,
               min_by(provider_code, start_date) AS provider_code, bool_or(linked) AS linked
        FROM evaluate__participation
        WHERE known_programme AND entity_id IS NOT NULL
        GROUP BY programme_code, entity_id
        """
    )


def write_input_checks(wh: Warehouse) -> dict[str, int]:
    """``evaluation_input_check`` (one row per check, code and partner); totals per check."""
    notes = " ".join(f"WHEN '{k}' THEN {sql_literal(v)}" for k, v in CHECKS.items())
    wh.execute(
        f"""
        CREATE OR REPLACE TABLE evaluation_input_check AS
        WITH flagged AS (
            SELECT 'unknown_programme' AS check_id, programme_code, partner_code
            FROM evaluate__participation WHERE NOT known_programme
            UNION ALL
            SELECT 'start_after_end', programme_code, partner_code
            FROM evaluate__participation WHERE start_after_end
            UNION ALL
            SELECT 'never_linked', programme_code, partner_code
            FROM evaluate__participation WHERE known_programme AND entity_id IS NOT NULL AND NOT linked
            UNION ALL
            SELECT 'not_in_linked_records', programme_code, partner_code
            FROM evaluate__participation WHERE known_programme AND entity_id IS NULL
            UNION ALL
            SELECT 'repeat_start', r.programme_code, r.partner_code
            FROM (
                SELECT programme_code, partner_code,
                       row_number() OVER (PARTITION BY programme_code, entity_id
                                          ORDER BY start_date, record_id) AS nth
                FROM evaluate__participation WHERE known_programme AND entity_id IS NOT NULL
            ) AS r
            WHERE r.nth > 1
            UNION ALL
            SELECT 'no_pre_window', q.programme_code, q.partner_code
            FROM evaluate__participation q CROSS JOIN evaluate__period p
            WHERE q.known_programme AND date_diff('day', p.data_start, q.start_date) < 365
        )
        SELECT check_id, coalesce(programme_code, '') AS programme_code, partner_code,
               count(*) AS "rows", CASE check_id {notes} END AS note
        FROM flagged
        GROUP BY check_id, programme_code, partner_code
        ORDER BY check_id, programme_code, partner_code
        """
    )
    totals = {k: 0 for k in CHECKS}
    for row in wh.rows('SELECT check_id, sum("rows") AS n FROM evaluation_input_check GROUP BY check_id'):
        totals[str(row["check_id"])] = int(row["n"])
    return totals


def input_check_notes(wh: Warehouse) -> list[str]:
    """One line per check that found rows: how many, under which programme codes, and what was
    done with them (the run summary; the rows per partner are in ``evaluation_input_check``)."""
    found: dict[str, dict[str, int]] = {}
    for row in wh.rows(
        'SELECT check_id, programme_code, sum("rows") AS n FROM evaluation_input_check '
        "GROUP BY check_id, programme_code ORDER BY check_id, programme_code"
    ):
        found.setdefault(str(row["check_id"]), {})[str(row["programme_code"]) or "(none)"] = int(row["n"])
    notes = []
    for check, note in CHECKS.items():
        if check in found:
            codes = ", ".join(f"{code} {n:,}" for code, n in found[check].items())
            total = sum(found[check].values())
            notes.append(f"{total:,} participation rows: {check.replace('_', ' ')} ({codes}); {note}")
    return notes
