"""The identity store: identities kept apart from the analysis warehouse, encrypted at rest.

Face: ``IdentityStore`` (``IdentityStore.beside(warehouse, key)``; ``read``, ``stage``,
``load_into``), ``identity_store_path``, ``rows_of_batches``; ``OptOutSettings`` (the project
file's ``[opt_out]``, read by ``atr.ingest.load_opt_out``, which checks the list against the
contract); retention with ``plan_purge`` and
``apply_purge``. Opened by ingest (writes), link (reads into session-private temporary tables)
and ``atr identity purge``; no other stage imports it. See docs/privacy.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from atr.identity.settings import OptOutSettings

if TYPE_CHECKING:
    from atr.identity.retention import PURGED_TABLE, PurgePlan, apply_purge, plan_purge
    from atr.identity.store import (
        IDENTITY_TABLE,
        STORE_SUFFIX,
        IdentityStore,
        RowFilter,
        StagedStore,
        batch_keys,
        identity_store_path,
        rows_of_batches,
    )
else:
    from atr.lazy import lazy_face

    __getattr__ = lazy_face(
        __name__,
        {
            "PURGED_TABLE": "atr.identity.retention",
            "PurgePlan": "atr.identity.retention",
            "apply_purge": "atr.identity.retention",
            "plan_purge": "atr.identity.retention",
            "IDENTITY_TABLE": "atr.identity.store",
            "STORE_SUFFIX": "atr.identity.store",
            "IdentityStore": "atr.identity.store",
            "RowFilter": "atr.identity.store",
            "StagedStore": "atr.identity.store",
            "batch_keys": "atr.identity.store",
            "identity_store_path": "atr.identity.store",
            "rows_of_batches": "atr.identity.store",
        },
    )

__all__ = [
    "IDENTITY_TABLE",
    "PURGED_TABLE",
    "STORE_SUFFIX",
    "IdentityStore",
    "OptOutSettings",
    "PurgePlan",
    "RowFilter",
    "StagedStore",
    "apply_purge",
    "batch_keys",
    "identity_store_path",
    "plan_purge",
    "rows_of_batches",
]
