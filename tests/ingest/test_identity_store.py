"""Ingest writes identities to the encrypted identity store, never into the warehouse."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from atr.identity import IdentityStore
from atr.ingest.report import IngestReport
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

from .conftest import load_identities
from .test_replace import write_csc

Ingest = Callable[..., IngestReport]


def test_identities_go_to_the_store_beside_the_warehouse(
    tmp_path: Path, ingest: Ingest, wh: Warehouse, key: PseudonymisationKey
) -> None:
    write_csc(tmp_path / "x", "383", 3, 1)
    ingest(tmp_path / "x")
    store = IdentityStore.beside(wh.path, key)  # type: ignore[attr-defined]
    assert store.path == tmp_path / "atr.identity.parquet"
    assert store.count() == 3
    assert "identity_person" not in [
        r["table_name"] for r in wh.rows("SELECT table_name FROM duckdb_tables() WHERE NOT temporary")
    ]
    assert wh.count("person_demographics") == 3


def test_a_warehouse_from_before_the_store_has_its_identities_moved(
    tmp_path: Path, ingest: Ingest, wh: Warehouse, key: PseudonymisationKey
) -> None:
    write_csc(tmp_path / "old", "383", 3, 0)
    write_csc(tmp_path / "new", "380", 2, 0)
    ingest(tmp_path / "old")
    store = IdentityStore.beside(wh.path, key)  # type: ignore[attr-defined]
    wh.execute("CREATE TABLE identity_person AS SELECT * FROM temp.identity_person")  # as before the store
    wh.execute("DROP TABLE temp.identity_person")
    store.path.unlink()
    ingest(tmp_path / "new")
    assert not wh.rows("SELECT 1 FROM duckdb_tables() WHERE NOT temporary AND table_name = 'identity_person'")
    assert sorted(store.read().column("partner_code").to_pylist()) == ["380", "380", "383", "383", "383"]
    load_identities(wh, key)
    assert wh.count("identity_person") == 5
