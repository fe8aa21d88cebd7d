"""Ingest into a warehouse on another engine: check the files in a local DuckDB, then copy.

Why a staging step: checking an extract is file work, done where the files are. It relies on
DuckDB's CSV reader (every field read as text, row numbers from insertion order, so a bad row
is reported by its line) and on temp tables for the quarantine, none of which a Spark cluster
does the same way. So on Spark the whole ingest runs unchanged against a throw-away DuckDB
file, and only what it accepted (pseudonymised already) is copied into the Spark warehouse:
per table, the (dataset, partner) rows being replaced are deleted and the new rows appended,
all inside one warehouse transaction, so a failed or killed copy leaves the previous load.
Rows travel as Arrow record batches; the staging file is deleted when the copy is done.
Identities never enter the Spark warehouse: they go from the staging run's own encrypted store
into the identity store beside the Spark warehouse folder, after the copy commits.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from atr.identity import IDENTITY_TABLE, IdentityStore
from atr.ingest.commit import BATCH_TABLE, BOOKKEEPING_TABLES, KEY_FINGERPRINT_META, create_tables
from atr.ingest.contract_model import Contract, load_contract
from atr.ingest.identities import stage_identities
from atr.ingest.normalise import sql_literal
from atr.ingest.outputs import output_tables
from atr.ingest.report import IngestReport
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse, open_warehouse

_REFERENCE_NEEDED = ("ref_postcode",)


def ingest_via_staging(
    wh: Warehouse, extract_dir: Path, key: PseudonymisationKey, **options: Any
) -> IngestReport:
    """Run ingest against a temporary DuckDB file, then copy the accepted batches into ``wh``."""
    from atr.ingest.runner import refuse_foreign_key, run_ingest

    contract: Contract = options.get("contract") or load_contract()
    options["contract"] = contract
    identities: IdentityStore = options.pop("identities")
    with (
        tempfile.TemporaryDirectory(prefix="atr-ingest-staging-") as folder,
        open_warehouse(Path(folder) / "staging.duckdb") as staging,
    ):
        for name in _REFERENCE_NEEDED:
            if wh.table_exists(name):
                staging.write_arrow(name, wh.query(f"SELECT * FROM {name}"))
        # The staged identities (this run's batches only) go to an encrypted store in the
        # staging folder, then into the real store once the warehouse copy has committed.
        batch_store = IdentityStore.beside(Path(folder) / "staging.duckdb", key)
        report = run_ingest(staging, extract_dir, key, identities=batch_store, **options)
        loaded = _loaded_batches(staging)
        refuse_foreign_key(wh, key, set(loaded))
        new = [batch_store.read()] if loaded and batch_store.exists() else []
        fresh = wh.get_meta(KEY_FINGERPRINT_META) not in (None, staging.get_meta(KEY_FINGERPRINT_META))
        staged, legacy = stage_identities(wh, identities, loaded, new, fresh=fresh)
        try:
            copy_batches(staging, wh, contract, loaded, drop_legacy_identities=legacy)
        except BaseException:
            if staged is not None:
                staged.discard()
            raise
        if staged is not None:
            staged.commit()
    return report


def _loaded_batches(staging: Warehouse) -> list[tuple[str, str]]:
    if not staging.table_exists(BATCH_TABLE):
        return []
    return [
        (r["dataset"], r["partner_code"])
        for r in staging.rows(f"SELECT dataset, partner_code FROM {BATCH_TABLE} ORDER BY ALL")
    ]


def ingest_table_names(contract: Contract) -> list[str]:
    """Every table ingest writes: the pseudonymised outputs and the bookkeeping."""
    return [*output_tables(contract), *BOOKKEEPING_TABLES]


def copy_batches(
    staging: Warehouse,
    target: Warehouse,
    contract: Contract,
    loaded: list[tuple[str, str]],
    *,
    drop_legacy_identities: bool = False,
) -> None:
    """Replace the loaded (dataset, partner) batches in ``target`` with staging's rows, atomically
    (and drop a ``identity_person`` left from before the identity store, once it is moved)."""
    with target.transaction():
        create_tables(target, contract)
        if drop_legacy_identities:
            target.execute(f"DROP TABLE {IDENTITY_TABLE}")
        if not loaded:
            return
        keys = ", ".join(sql_literal(f"{d}/{p}") for d, p in loaded)
        for name in ingest_table_names(contract):
            target.execute(f"DELETE FROM {name} WHERE (dataset || '/' || partner_code) IN ({keys})")
            rows = staging.query(f"SELECT * FROM {name}")
            if rows.num_rows:
                target.write_arrow(name, rows.combine_chunks(), mode="append")
        for meta in ("contract_version", KEY_FINGERPRINT_META):
            target.set_meta(meta, staging.get_meta(meta))
        synthetic = target.scalar(f"SELECT coalesce(bool_or(is_synthetic), false) AS s FROM {BATCH_TABLE}")
        target.set_meta("extracts_are_synthetic", bool(synthetic))
