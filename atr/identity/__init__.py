"""The identity store: identities kept apart from the analysis warehouse, encrypted at rest.

See docs/privacy.md. Opened by ingest (writes), link (reads into session-private temporary
tables) and ``atr identity`` (retention); no other stage imports it.
"""

from __future__ import annotations

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

__all__ = [
    "IDENTITY_TABLE",
    "STORE_SUFFIX",
    "IdentityStore",
    "RowFilter",
    "StagedStore",
    "batch_keys",
    "identity_store_path",
    "rows_of_batches",
]
