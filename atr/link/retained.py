"""People whose identities were purged keep their place: their membership is carried forward.

``atr identity purge`` removes the identities of people absent from every extract for the
retention period, but their pseudonymous content stays in the warehouse (a partner's batch that
still holds them has not been replaced). Linkage can no longer see those records, so without
this step a re-link would drop them from ``entity_membership`` and they would vanish from every
count. Instead, each purged record (``identity_purged``) whose content is still loaded keeps the
``entity_id`` it had, and its person's ``entity`` and ``entity_lsoa_history`` rows are kept as
they were. Nothing here reads an identity.
"""

from __future__ import annotations

from atr.link.prepare import INPUT_TABLE
from atr.warehouse import Warehouse

PURGED_TABLE = "identity_purged"  # written by atr.identity.retention
CARRIED = "link__carried_membership"
_OUTPUTS = ("entity_membership", "entity", "entity_lsoa_history")


def capture_purged(wh: Warehouse) -> int:
    """Before the outputs are replaced: keep the previous rows of purged, still-loaded people."""
    needed = (PURGED_TABLE, "person_demographics", *_OUTPUTS)
    if not all(wh.table_exists(t) for t in needed):
        return 0
    wh.execute(
        f"""CREATE OR REPLACE TEMP TABLE {CARRIED} AS
            SELECT m.* FROM entity_membership m
            JOIN {PURGED_TABLE} p USING (dataset, partner_code, person_id)
            JOIN person_demographics d USING (dataset, partner_code, person_id)
            LEFT JOIN {INPUT_TABLE} i USING (dataset, partner_code, person_id)
            WHERE i.person_id IS NULL"""
    )
    for table in ("entity", "entity_lsoa_history"):
        wh.execute(
            f"""CREATE OR REPLACE TEMP TABLE link__carried_{table} AS
                SELECT * FROM {table} WHERE entity_id IN (SELECT entity_id FROM {CARRIED})"""
        )
    return int(wh.count(CARRIED))


def restore_purged(wh: Warehouse) -> None:
    """After the outputs are replaced: put the captured rows back (entities not re-made by linkage)."""
    if not wh.table_exists(CARRIED):
        return
    wh.execute(f"INSERT INTO entity_membership BY NAME SELECT * FROM {CARRIED}")
    for table in ("entity", "entity_lsoa_history"):
        wh.execute(
            f"""INSERT INTO {table} BY NAME SELECT * FROM link__carried_{table}
                WHERE entity_id NOT IN (SELECT entity_id FROM link__clusters)"""
        )
