"""Ingest into a warehouse on another engine: check the files in a local DuckDB, then copy.

Why a staging step: checking an extract is file work, done where the files are. It relies on
DuckDB's CSV reader (every field read as text, row numbers from insertion order, so a bad row
is reported by its line) and on temp tables for the quarantine, none of which a Spark cluster
does the same way. So on Spark the whole ingest runs unchanged against a throw-away DuckDB
file, and only what it accepted (pseudonymised already) is copied into the Spark warehouse:
per table, the (dataset, partner) rows being replaced are deleted and the new rows appended,
all inside one warehouse transaction, so a failed or killed copy leaves the previous load.
Rows travel as Arrow record batches; the staging file is deleted when the copy is done.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from atr.ingest.commit import (
    BATCH_TABLE,
    BOOKKEEPING_TABLES,
    HELD_BACK_META,
    KEY_FINGERPRINT_META,
    KEY_FINGERPRINTS_META,
    create_tables,
)
from atr.ingest.contract_model import Contract, load_contract
from atr.ingest.normalise import sql_literal
from atr.ingest.outputs import output_tables
from atr.ingest.policy import previous_loads
from atr.ingest.report import IngestReport
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse, open_warehouse

_REFERENCE_NEEDED = ("ref_postcode",)


def ingest_via_staging(
    wh: Warehouse, extract_dir: Path, key: PseudonymisationKey, **options: Any
) -> IngestReport:
    """Run ingest against a temporary DuckDB file, then copy the accepted batches into ``wh``."""
    from atr.ingest.keys import batch_fingerprints, batches_to_rekey
    from atr.ingest.runner import run_ingest

    contract: Contract = options.get("contract") or load_contract()
    options["contract"] = contract
    with (
        tempfile.TemporaryDirectory(prefix="atr-ingest-staging-") as folder,
        open_warehouse(Path(folder) / "staging.duckdb") as staging,
    ):
        for name in _REFERENCE_NEEDED:
            if wh.table_exists(name):
                staging.write_arrow(name, wh.query(f"SELECT * FROM {name}"))
        options.setdefault("previous", previous_loads(wh))  # what is in force is in the target
        report = run_ingest(staging, extract_dir, key, **options)
        loaded = _loaded_batches(staging)
        batches_to_rekey(wh, key, set(keys_of(loaded)), rekey=bool(options.get("rekey")))
        prints = {**batch_fingerprints(wh), **(staging.get_meta(KEY_FINGERPRINTS_META) or {})}
        copy_batches(staging, wh, contract, loaded)
        if loaded:
            wh.set_meta(KEY_FINGERPRINTS_META, prints)
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


def keys_of(batches: list[tuple[str, str]]) -> list[str]:
    return [f"{d}/{p}" for d, p in batches]


def copy_batches(
    staging: Warehouse, target: Warehouse, contract: Contract, loaded: list[tuple[str, str]]
) -> None:
    """Replace the loaded (dataset, partner) batches in ``target`` with staging's rows, atomically."""
    with target.transaction():
        create_tables(target, contract)
        if not loaded:
            held = target.get_meta(HELD_BACK_META) or {}
            target.set_meta(HELD_BACK_META, {**held, **(staging.get_meta(HELD_BACK_META) or {})})
            return
        keys = ", ".join(sql_literal(k) for k in keys_of(loaded))
        for name in ingest_table_names(contract):
            target.execute(f"DELETE FROM {name} WHERE (dataset || '/' || partner_code) IN ({keys})")
            rows = staging.query(f"SELECT * FROM {name}")
            if rows.num_rows:
                target.write_arrow(name, rows.combine_chunks(), mode="append")
        for meta in ("contract_version", KEY_FINGERPRINT_META):
            target.set_meta(meta, staging.get_meta(meta))
        held = {
            k: v for k, v in (target.get_meta(HELD_BACK_META) or {}).items() if k not in set(keys_of(loaded))
        }
        target.set_meta(HELD_BACK_META, {**held, **(staging.get_meta(HELD_BACK_META) or {})})
        synthetic = target.scalar(f"SELECT coalesce(bool_or(is_synthetic), false) AS s FROM {BATCH_TABLE}")
        target.set_meta("extracts_are_synthetic", bool(synthetic))
