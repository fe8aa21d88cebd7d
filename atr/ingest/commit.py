"""Swap prepared folders into the warehouse in one transaction.

Why one transaction for the whole run: a new extract of a (dataset, partner) must replace the
old one completely or not at all, and a run that dies half-way (killed, disk full, a bug) must
leave the warehouse exactly as it was. DuckDB rolls the transaction back on any exception, so
readers only ever see the previous load or the new one. Everything that can fail on bad input
(reading, parsing, checking) happened earlier, outside the transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from atr.identity import IDENTITY_TABLE
from atr.ingest.bookkeeping_tables import BATCH_TABLE, FILE_TABLE, QUARANTINE_TABLE, WARNING_TABLE
from atr.ingest.contract_model import Contract
from atr.ingest.folder import ROW_LOG_COLUMNS, PreparedFolder
from atr.ingest.outputs import (
    DEMOGRAPHICS_TABLE,
    content_table_name,
    create_statements,
    output_tables,
)
from atr.ingest.report import BatchOutcome
from atr.warehouse import Warehouse

BOOKKEEPING_DDL = (
    f"CREATE TABLE IF NOT EXISTS {BATCH_TABLE} (batch_id VARCHAR, dataset VARCHAR, partner_code VARCHAR, "
    "partner_name VARCHAR, extract_date DATE, period_start DATE, period_end DATE, contract_version VARCHAR, "
    "source_path VARCHAR, loaded_at TIMESTAMP, is_synthetic BOOLEAN)",
    f"CREATE TABLE IF NOT EXISTS {FILE_TABLE} (batch_id VARCHAR, dataset VARCHAR, partner_code VARCHAR, "
    "table_name VARCHAR, file VARCHAR, status VARCHAR, reason VARCHAR, rows_read BIGINT, rows_accepted BIGINT, "
    "rows_quarantined BIGINT, warnings BIGINT)",
    f"CREATE TABLE IF NOT EXISTS {QUARANTINE_TABLE} ({ROW_LOG_COLUMNS})",
    f"CREATE TABLE IF NOT EXISTS {WARNING_TABLE} ({ROW_LOG_COLUMNS})",
)
BOOKKEEPING_TABLES = (BATCH_TABLE, FILE_TABLE, QUARANTINE_TABLE, WARNING_TABLE)
KEY_FINGERPRINT_META = "pseudonym_key_fingerprint"  # the key of the latest run that loaded
KEY_FINGERPRINTS_META = "pseudonym_key_fingerprints"  # dataset/partner → its batch's key (atr.ingest.keys)
HELD_BACK_META = "ingest_held_back"


@dataclass(frozen=True)
class WarehouseState:
    """What the warehouse recorded before the run (read there: on Spark the checks run in a
    staging area that does not hold it)."""

    fingerprints: dict[str, str] = field(default_factory=dict)  # dataset/partner → key fingerprint
    held_back: dict[str, Any] = field(default_factory=dict)  # atr_meta.ingest_held_back


def create_tables(wh: Warehouse, contract: Contract) -> None:
    """Every table ingest writes, empty if new, so later stages can rely on them existing."""
    for statement in (*create_statements(contract), *BOOKKEEPING_DDL):
        wh.execute(statement)


def commit(
    wh: Warehouse,
    contract: Contract,
    prepared: list[PreparedFolder],
    key_fingerprint: str,
    state: WarehouseState | None = None,
) -> None:
    """Replace each loaded folder's (dataset, partner) rows and record the run, atomically."""
    loaded = [p for p in prepared if p.batch.loaded]
    with wh.transaction():
        create_tables(wh, contract)
        for folder in loaded:
            replace_folder(wh, contract, folder)
        _record_run(wh, contract, key_fingerprint, prepared, state)


def adopt(
    wh: Warehouse,
    area: Warehouse,
    contract: Contract,
    prepared: list[PreparedFolder],
    key_fingerprint: str,
    state: WarehouseState | None = None,
    *,
    drop_legacy_identities: bool = False,
    refused: Sequence[BatchOutcome] = (),
) -> None:
    """Make the batches :func:`commit` wrote in the staging area ``area`` the warehouse's, atomically.

    When the area is the warehouse (DuckDB) the rows are in place and this only re-records the
    same facts; otherwise (Spark) the loaded (dataset, partner) rows of every ingest table are
    replaced by the area's, in one warehouse transaction, so a failed copy leaves the previous
    load. ``extracts_are_synthetic`` is recomputed over every batch the warehouse holds.
    ``refused`` are the folders turned away before their tables were read (no manifest, an
    unreadable one): they are held back like a rejected batch.
    """
    loaded = [(p.batch.dataset, p.batch.partner_code) for p in prepared if p.batch.loaded]
    with wh.transaction():
        create_tables(wh, contract)
        wh.adopt_partitions(area, ingest_table_names(contract), loaded)
        if drop_legacy_identities:  # moved to the identity store (atr.ingest.identities)
            wh.execute(f"DROP TABLE {IDENTITY_TABLE}")
        _record_run(wh, contract, key_fingerprint, prepared, state, refused)


def ingest_table_names(contract: Contract) -> list[str]:
    """Every table ingest writes: the pseudonymised outputs and the bookkeeping."""
    return [*output_tables(contract), *BOOKKEEPING_TABLES]


def _record_run(
    wh: Warehouse,
    contract: Contract,
    key_fingerprint: str,
    prepared: list[PreparedFolder],
    state: WarehouseState | None,
    refused: Sequence[BatchOutcome] = (),
) -> None:
    """The run's facts in ``atr_meta``: held-back batches always; when a batch loaded, the
    contract version, the key fingerprint of each loaded batch, and whether extracts are synthetic."""
    before = state.held_back if state is not None else (wh.get_meta(HELD_BACK_META) or {})
    wh.set_meta(HELD_BACK_META, held_back(before, prepared, refused))
    loaded = [f"{p.batch.dataset}/{p.batch.partner_code}" for p in prepared if p.batch.loaded]
    if not loaded:
        return
    wh.set_meta("contract_version", contract.contract_version)
    wh.set_meta(KEY_FINGERPRINT_META, key_fingerprint)
    prints = dict(state.fingerprints if state is not None else {})
    prints.update(dict.fromkeys(loaded, key_fingerprint))
    wh.set_meta(KEY_FINGERPRINTS_META, prints)
    synthetic = wh.scalar(f"SELECT coalesce(bool_or(is_synthetic), false) FROM {BATCH_TABLE}")
    wh.set_meta("extracts_are_synthetic", bool(synthetic))


def held_back(
    before: dict[str, Any], prepared: list[PreparedFolder], refused: Sequence[BatchOutcome] = ()
) -> dict[str, Any]:
    """``dataset/partner`` → why its newest extract is not (wholly) in force, for every partner
    whose latest batch was held back or loaded partially; a whole load clears the entry. Publish
    puts a banner on every page while this is not empty (``atr run --allow-partial``)."""
    state = dict(before)
    for p in prepared:
        key = f"{p.batch.dataset}/{p.batch.partner_code}"
        if p.batch.loaded and not p.batch.reason:
            state.pop(key, None)
            continue
        state[key] = {
            "loaded": p.batch.loaded,
            "reason": p.batch.reason,
            "in_force": p.batch.previous if not p.batch.loaded else "this extract, in part",
            "rejected": [f"{t.table}: {t.reason}" for t in p.tables if t.status == "rejected"],
            "at": (p.loaded_at or datetime.now()).isoformat(timespec="seconds"),
        }
    for folder in refused:
        state[f"{folder.dataset}/{folder.partner_code}"] = {
            "loaded": False,
            "reason": folder.reason,
            "in_force": folder.previous,
            "rejected": [f"{folder.folder}: {folder.reason}"],
            "at": datetime.now().isoformat(timespec="seconds"),
        }
    return state


def replace_folder(wh: Warehouse, contract: Contract, folder: PreparedFolder) -> None:
    """Delete the (dataset, partner)'s previous rows everywhere, then insert the new ones."""
    manifest = folder.manifest
    assert manifest is not None
    key = [manifest.dataset, manifest.partner_code]
    targets = [DEMOGRAPHICS_TABLE, QUARANTINE_TABLE, WARNING_TABLE, FILE_TABLE, BATCH_TABLE]
    targets += [content_table_name(manifest.dataset, t) for t in contract.datasets[manifest.dataset].tables]
    for target in targets:
        wh.execute(f"DELETE FROM {target} WHERE dataset = ? AND partner_code = ?", key)
    for target, rows in folder.ready.items():
        wh.execute(f"INSERT INTO {target} BY NAME {rows}")
    wh.execute(f"INSERT INTO {QUARANTINE_TABLE} BY NAME SELECT * FROM {folder.prefix}__quarantine")
    wh.execute(f"INSERT INTO {WARNING_TABLE} BY NAME SELECT * FROM {folder.prefix}__warning")
    loaded_at = folder.loaded_at or datetime.now()
    wh.execute(
        f"INSERT INTO {BATCH_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            folder.batch.batch_id,
            manifest.dataset,
            manifest.partner_code,
            manifest.partner_name,
            manifest.extract_date,
            manifest.period_start,
            manifest.period_end,
            manifest.contract_version,
            folder.source_path,
            loaded_at,
            manifest.synthetic,
        ],
    )
    for t in folder.tables:
        wh.execute(
            f"INSERT INTO {FILE_TABLE} VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                folder.batch.batch_id,
                t.dataset,
                t.partner_code,
                t.table,
                t.file,
                t.status,
                t.reason,
                t.rows_read,
                t.rows_accepted,
                t.rows_quarantined,
                t.warnings,
            ],
        )
