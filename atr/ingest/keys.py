"""One pseudonymisation key per warehouse, checked batch by batch; changing it is ``--rekey``.

Why per batch: pseudonyms made with two keys never link. The warehouse used to record one key
fingerprint for the whole warehouse, set by the last run; a run with a new key in which one
partner's file was rejected left that partner on the old key's pseudonyms while the record said
the new key, and later runs mixed keys unnoticed. Now ``atr_meta.pseudonym_key_fingerprints``
holds each (dataset, partner) batch's key fingerprint (an HMAC of a constant, which reveals
nothing about the key). A run whose key differs from any batch's is refused, unless it is a
``--rekey`` run that re-ingests every batch of the warehouse; such a run is all or nothing: if
any of those batches is not loaded, nothing is committed and the warehouse keeps its old key.
"""

from __future__ import annotations

from atr.errors import UsageError
from atr.ingest.bookkeeping_tables import BATCH_TABLE
from atr.ingest.commit import KEY_FINGERPRINT_META, KEY_FINGERPRINTS_META
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse


def key_fingerprint(key: PseudonymisationKey) -> str:
    """A keyed hash of a constant: tells keys apart without revealing anything about them."""
    return key.digest("atr:pseudonymisation-key-fingerprint", 16)


def batch_fingerprints(wh: Warehouse) -> dict[str, str]:
    """``dataset/partner`` → the fingerprint of the key its pseudonyms were made with.

    Warehouses from before per-batch fingerprints have one for the whole warehouse: every
    batch is taken to have it."""
    if not wh.table_exists(BATCH_TABLE):
        return {}
    stored: dict[str, str] = wh.get_meta(KEY_FINGERPRINTS_META) or {}
    legacy = wh.get_meta(KEY_FINGERPRINT_META)
    found = {}
    for r in wh.rows(f"SELECT DISTINCT dataset, partner_code FROM {BATCH_TABLE}"):
        name = f"{r['dataset']}/{r['partner_code']}"
        if fingerprint := stored.get(name, legacy):
            found[name] = fingerprint
    return found


def batches_to_rekey(wh: Warehouse, key: PseudonymisationKey, incoming: set[str], *, rekey: bool) -> set[str]:
    """The batches whose pseudonyms were made with another key; refuse unless ``rekey`` and the
    run brings every one of them again (``incoming``: ``dataset/partner`` of this run)."""
    mine = key_fingerprint(key)
    other = {name for name, fingerprint in batch_fingerprints(wh).items() if fingerprint != mine}
    if not other:
        return set()
    shown = ", ".join(sorted(other)[:6]) + (", …" if len(other) > 6 else "")
    if not rekey:
        raise UsageError(
            f"this warehouse holds pseudonyms made with a different key ({len(other)} batch(es): {shown}); "
            "they would never link with this run's",
            hint="use the key of the earlier ingests; to change the key, re-ingest every dataset and "
            "partner with --rekey",
        )
    if missing := sorted(other - incoming):
        raise UsageError(
            f"--rekey re-ingests everything, but this extract lacks {len(missing)} batch(es) the "
            f"warehouse holds under the old key: {', '.join(missing[:6])}",
            hint="pass the whole extract, so that no pseudonym of the old key is left",
        )
    return other
