"""Retention: remove the identities of people no extract has mentioned for a set number of years.

Why: identities are kept only because linkage needs them to recognise the same person in the
next extract. Once a person has been absent from every partner's extracts for longer than the
project's retention period, there is nothing left to link, and keeping their name, date of birth
and address is not justified. Their *content* (pseudonymous events) stays, and so does their
place in the analysis: the purge records each removed record's ``entity_id`` in
``identity_purged`` (pseudonymous), and linkage carries those records' membership forward
instead of dropping them (``atr.link.entities``).

A person is a linked entity (``entity_membership``) when linkage has run, else a single record.
"Last seen" is the latest ``extract_date`` among the person's stored records; a partner's new
extract replaces its old records, so a person still in current extracts is seen again each time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc

from atr.identity.store import IdentityStore
from atr.warehouse import Warehouse

PURGED_TABLE = "identity_purged"
PURGED_SCHEMA = pa.schema(
    [
        ("dataset", pa.string()),
        ("partner_code", pa.string()),
        ("person_id", pa.string()),
        ("entity_id", pa.string()),
        ("last_seen", pa.date32()),
        ("purged_at", pa.timestamp("us")),
    ]
)


@dataclass(frozen=True)
class PurgePlan:
    """What a purge removes (or would, with ``--dry-run``)."""

    cutoff: date
    records: int
    people: int
    records_kept: int
    people_kept: int
    removed: pa.Table  # PURGED_SCHEMA rows, without purged_at


def years_before(day: date, years: float) -> date:
    """``day`` minus ``years`` (whole years keep the calendar date; 29 February → 28th)."""
    whole = int(years)
    try:
        shifted = day.replace(year=day.year - whole)
    except ValueError:
        shifted = day.replace(year=day.year - whole, day=28)
    return date.fromordinal(shifted.toordinal() - round((years - whole) * 365.25))


def plan_purge(wh: Warehouse, store: IdentityStore, years: float, today: date) -> PurgePlan:
    """Which stored records belong to people last seen before ``today`` minus ``years``."""
    cutoff = years_before(today, years)
    records = store.read(columns=["dataset", "partner_code", "person_id", "extract_date"])
    wh.write_temp_arrow("identity__records", records)
    membership = "entity_membership" if wh.table_exists("entity_membership") else None
    entity = "m.entity_id" if membership else "CAST(NULL AS VARCHAR)"
    join = f"LEFT JOIN {membership} m USING (dataset, partner_code, person_id)" if membership else ""
    people = f"coalesce({entity}, r.dataset || '|' || r.partner_code || '|' || r.person_id)"
    table = wh.query(
        f"""WITH r AS (SELECT r.*, {entity} AS entity_id, {people} AS person FROM identity__records r {join}),
            seen AS (SELECT person, max(extract_date) AS last_seen FROM r GROUP BY person)
        SELECT r.dataset, r.partner_code, r.person_id, r.entity_id, s.last_seen,
               s.last_seen < DATE '{cutoff.isoformat()}' AS expired, r.person
        FROM r JOIN seen s USING (person)"""
    )
    wh.execute("DROP TABLE IF EXISTS identity__records")
    expired = table.filter(pc.fill_null(table.column("expired"), False))
    kept = table.filter(pc.invert(pc.fill_null(table.column("expired"), False)))
    removed = expired.select(["dataset", "partner_code", "person_id", "entity_id", "last_seen"])
    return PurgePlan(
        cutoff=cutoff,
        records=expired.num_rows,
        people=len(pc.unique(expired.column("person"))),
        records_kept=kept.num_rows,
        people_kept=len(pc.unique(kept.column("person"))),
        removed=removed,
    )


def apply_purge(wh: Warehouse, store: IdentityStore, plan: PurgePlan) -> None:
    """Remove the planned records from the store and note them (pseudonymously) in the warehouse.

    The note is written first and the store rewritten after: if the rewrite fails, the note
    names records whose identities are still there, which the next purge simply removes."""
    if plan.records == 0:
        return
    purged_at = pa.array([datetime.now()] * plan.records, pa.timestamp("us"))
    rows = plan.removed.append_column("purged_at", purged_at).cast(PURGED_SCHEMA)
    keys = pc.binary_join_element_wise(
        rows.column("dataset"), rows.column("partner_code"), rows.column("person_id"), "|"
    )
    with wh.transaction():
        if wh.table_exists(PURGED_TABLE):
            wh.write_temp_arrow("identity__purging", rows)
            wh.execute(
                f"DELETE FROM {PURGED_TABLE} WHERE (dataset || '|' || partner_code || '|' || person_id) IN "
                "(SELECT dataset || '|' || partner_code || '|' || person_id FROM identity__purging)"
            )
            wh.execute("DROP TABLE IF EXISTS identity__purging")
        wh.write_arrow(PURGED_TABLE, rows, mode="append")
    store.rewrite(
        lambda batch: pc.is_in(
            pc.binary_join_element_wise(
                batch.column("dataset"), batch.column("partner_code"), batch.column("person_id"), "|"
            ),
            value_set=keys,
        )
    )
