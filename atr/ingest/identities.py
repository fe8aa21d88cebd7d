"""Where ingest puts identities: the encrypted identity store beside the warehouse.

The warehouse's transaction and the store's file replace cannot be one atomic step, so they are
ordered to fail safe: the new store is written beside the old one first (nothing changes yet),
the warehouse commits, and only then is the new store moved into place. An error before that
leaves both as they were; a kill in the instant between the two leaves the store one load behind
the warehouse, which the next ``atr ingest`` of the same extracts repairs (pseudonyms do not
depend on the load, so links made meanwhile stay right for everyone in both loads).

A warehouse written before the store existed holds ``identity_person`` itself: the first ingest
into it moves those rows into the store and drops the table.
"""

from __future__ import annotations

from collections.abc import Sequence

import pyarrow as pa

from atr.errors import UsageError
from atr.identity import IDENTITY_TABLE, IdentityStore, StagedStore, rows_of_batches
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse


def default_identity_store(wh: Warehouse, key: PseudonymisationKey) -> IdentityStore:
    """The store beside ``wh``'s file or folder (an in-memory warehouse has no such place)."""
    path = getattr(wh, "path", None)
    if path is None:
        raise UsageError(
            "an in-memory warehouse has no place beside it for the identity store",
            hint="open the warehouse from a file, or pass an IdentityStore",
        )
    return IdentityStore.beside(path, key)


def stage_identities(
    wh: Warehouse,
    store: IdentityStore,
    loaded: Sequence[tuple[str, str]],
    new: Sequence[pa.Table],
    *,
    fresh: bool = False,
) -> tuple[StagedStore | None, bool]:
    """Write the store's next version beside it: the kept rows plus ``new``.

    Returns the staged store (None when nothing changes) and whether ``wh`` still holds a
    ``identity_person`` table to drop in the caller's transaction. ``fresh``: every batch is
    being replaced under a new key, so the old store (which that key cannot open) is not read.

    A run that loads no batch changes nothing, not even to move a legacy table: a held-back
    ``--rekey`` run must leave the store readable with the old key (issue 14).
    """
    if not loaded:
        return None, False
    legacy = wh.table_exists(IDENTITY_TABLE)
    previous = None
    if legacy and (fresh or not store.exists()):
        previous = wh.query(f"SELECT * FROM {IDENTITY_TABLE}")
    elif new:
        previous = new[0].schema.empty_table()
    if previous is None and not store.exists():
        return None, legacy  # nothing stored and nothing new, e.g. only datasets without a person table
    staged = store.stage(new, remove=rows_of_batches(loaded), previous=previous, fresh=fresh)
    return staged, legacy
