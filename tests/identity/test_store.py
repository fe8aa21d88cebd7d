"""The identity store: encrypted at rest, opened only with the project key, replaced atomically."""

from __future__ import annotations

import datetime as dt
import stat
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from atr.errors import AtrError
from atr.identity import IdentityStore, identity_store_path, rows_of_batches
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import open_warehouse

KEY = PseudonymisationKey(b"identity-store-test-key-0123456789abcdef", "file")
OTHER = PseudonymisationKey(b"a-different-key-altogether-0123456789abcd", "file")


def rows(dataset: str, partner: str, *names: str) -> pa.Table:
    return pa.table(
        {
            "dataset": [dataset] * len(names),
            "partner_code": [partner] * len(names),
            "person_id": [f"{dataset}-{n}" for n in names],
            "surname": list(names),
            "date_of_birth": [dt.date(2015, 3, 9)] * len(names),
        }
    )


def test_the_store_sits_beside_the_warehouse() -> None:
    assert identity_store_path(Path("build/atr.duckdb")) == Path("build/atr.identity.parquet")
    assert identity_store_path(Path("out/warehouse.spark")) == Path("out/warehouse.identity.parquet")


def test_round_trip_and_nothing_readable_without_the_key(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path / "atr.identity.parquet", KEY)
    store.stage([rows("csc", "383", "Oyelaran", "Kowalczyk")]).commit()
    assert sorted(store.read().column("surname").to_pylist()) == ["Kowalczyk", "Oyelaran"]
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    raw = store.path.read_bytes()
    assert b"Oyelaran" not in raw and b"Kowalczyk" not in raw and b"surname" not in raw
    with pytest.raises(OSError, match="no decryption"):
        pq.read_table(store.path)
    with pytest.raises(AtrError, match="cannot be opened with this key"):
        IdentityStore(store.path, OTHER).read()
    with open_warehouse(Path(":memory:")) as wh, pytest.raises(Exception, match="encrypt"):
        wh.query(f"SELECT * FROM '{store.path}'")


def test_a_batch_replaces_only_its_dataset_and_partner(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path / "s.parquet", KEY)
    store.stage([rows("csc", "383", "A1", "A2"), rows("csc", "380", "B1")]).commit()
    store.stage([rows("csc", "383", "A3")], remove=rows_of_batches([("csc", "383")])).commit()
    got = store.read().sort_by("surname")
    assert got.column("surname").to_pylist() == ["A3", "B1"]


def test_a_staged_store_changes_nothing_until_committed(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path / "s.parquet", KEY)
    store.stage([rows("csc", "383", "A1")]).commit()
    before = store.path.read_bytes()
    staged = store.stage([rows("csc", "383", "A2")], remove=rows_of_batches([("csc", "383")]))
    assert store.path.read_bytes() == before and staged.tmp.exists()
    staged.discard()
    assert not staged.tmp.exists()
    assert store.read().column("surname").to_pylist() == ["A1"]
    assert [p.name for p in tmp_path.iterdir()] == ["s.parquet"]


def test_load_into_makes_a_session_only_table(tmp_path: Path) -> None:
    store = IdentityStore(tmp_path / "s.parquet", KEY)
    store.stage([rows("csc", "383", "A1", "A2")]).commit()
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        assert store.load_into(wh, remove=lambda t: pa.compute.equal(t.column("surname"), "A2")) == 1
        assert wh.rows("SELECT surname FROM identity_person") == [{"surname": "A1"}]
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        assert not wh.table_exists("identity_person")
