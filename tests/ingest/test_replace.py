"""Re-runs are idempotent; a new extract replaces the old atomically; a crash changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from atr.errors import UsageError
from atr.ingest import commit as commit_module
from atr.ingest import folder as folder_module
from atr.ingest.policy import LoadPolicy
from atr.ingest.report import IngestReport
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

from .builder import dataset_folder, person
from .conftest import load_identities
from .test_file_checks import episode

Ingest = Callable[..., IngestReport]
INGEST_TABLES = (
    "identity_person",
    "person_demographics",
    "csc_episode",
    "ingest_quarantine",
    "ingest_warning",
    "ingest_file",
    "ingest_batch",
)


def snapshot(wh: Warehouse) -> dict[str, list[str]]:
    """Every ingest table's rows (without load times), in a stable order; identities as the
    identity store holds them."""
    load_identities(wh)
    out = {}
    for table in INGEST_TABLES:
        rows = wh.rows(f"SELECT * FROM {table}")
        out[table] = sorted(
            json.dumps({k: str(v) for k, v in r.items() if k != "loaded_at"}, sort_keys=True) for r in rows
        )
    return out


def write_csc(root: Path, partner: str, people: int, episodes: int, *, synthetic: bool = False) -> None:
    folder = dataset_folder(root, "csc", partner, synthetic=synthetic)
    folder.csv(
        "person",
        [
            person(i, nhs_number="943 476 5918" if i == 2 else person(i)["nhs_number"])
            for i in range(1, people + 1)
        ],
    )
    if episodes:
        folder.csv("episode", [episode(i, "P0001") for i in range(1, episodes + 1)] + [episode(99, "P0404")])
    folder.manifest()


def meta(wh: Warehouse, key: str) -> Any:
    raw = wh.scalar("SELECT value FROM atr_meta WHERE key = ?", [key])
    return None if raw is None else json.loads(raw)


def test_rerunning_the_same_extract_is_idempotent(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    write_csc(tmp_path, "383", 4, 3)
    ingest(tmp_path)
    first = snapshot(wh)
    assert len(first["identity_person"]) == 4 and len(first["csc_episode"]) == 3
    ingest(tmp_path)
    assert snapshot(wh) == first
    assert meta(wh, "contract_version") == "1.1"
    assert meta(wh, "extracts_are_synthetic") is False


@pytest.mark.engines
def test_a_new_extract_replaces_only_its_dataset_and_partner(
    tmp_path: Path, ingest: Ingest, wh: Warehouse
) -> None:
    write_csc(tmp_path / "old", "383", 4, 3)
    write_csc(tmp_path / "old", "380", 2, 1)
    ingest(tmp_path / "old")
    write_csc(tmp_path / "new", "383", 1, 0, synthetic=True)
    # The new 383 batch sends no episodes where the old one had 3: loaded only when accepted
    # as partial (by default the old batch stays in force; test_batches.py).
    ingest(tmp_path / "new", policy=LoadPolicy(max_quarantine_share=1.0, accept_partial=True))
    counts = wh.rows("SELECT partner_code, count(*) AS n FROM identity_person GROUP BY 1 ORDER BY 1")
    assert counts == [{"partner_code": "380", "n": 2}, {"partner_code": "383", "n": 1}]
    assert wh.rows("SELECT DISTINCT partner_code FROM csc_episode") == [{"partner_code": "380"}]
    assert wh.rows("SELECT DISTINCT partner_code FROM ingest_quarantine") == [{"partner_code": "380"}]
    assert wh.rows(
        "SELECT table_name, status FROM ingest_file WHERE partner_code = '383' ORDER BY table_name"
    ) == [{"table_name": "episode", "status": "rejected"}, {"table_name": "person", "status": "accepted"}]
    assert wh.count("ingest_batch") == 2
    assert meta(wh, "extracts_are_synthetic") is True


def test_a_crash_during_the_swap_leaves_the_previous_load(
    tmp_path: Path, ingest: Ingest, wh: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_csc(tmp_path / "old", "383", 4, 3)
    ingest(tmp_path / "old")
    before = snapshot(wh)
    write_csc(tmp_path / "new", "383", 2, 5)
    write_csc(tmp_path / "new", "381", 2, 1)
    real_execute = wh.execute
    deletes: list[str] = []

    def crash_mid_insert(sql: str, params: Any = None) -> None:
        if sql.startswith("DELETE"):
            deletes.append(sql)
        if sql.startswith("INSERT INTO csc_episode"):  # after the old rows were deleted
            raise RuntimeError("disk full")
        real_execute(sql, params)

    monkeypatch.setattr(wh, "execute", crash_mid_insert)
    with pytest.raises(RuntimeError, match="disk full"):
        ingest(tmp_path / "new")
    monkeypatch.undo()
    assert deletes, "the crash happened before the swap started"
    assert snapshot(wh) == before
    assert not [t for t in wh.list_tables() if t.startswith("ingest__")]


def test_a_crash_between_folders_leaves_the_previous_load(
    tmp_path: Path, ingest: Ingest, wh: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_csc(tmp_path / "old", "383", 4, 3)
    ingest(tmp_path / "old")
    before = snapshot(wh)
    write_csc(tmp_path / "new", "380", 2, 1)
    write_csc(tmp_path / "new", "383", 1, 1)
    real_replace = commit_module.replace_folder
    calls: list[str] = []

    def replace_then_crash(*args: Any) -> None:
        calls.append("x")
        if len(calls) == 2:
            raise KeyboardInterrupt  # killed half-way through the swap
        real_replace(*args)

    monkeypatch.setattr(commit_module, "replace_folder", replace_then_crash)
    with pytest.raises(KeyboardInterrupt):
        ingest(tmp_path / "new")
    assert len(calls) == 2
    assert snapshot(wh) == before


def test_a_crash_while_checking_changes_nothing(
    tmp_path: Path, ingest: Ingest, wh: Warehouse, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_csc(tmp_path / "old", "383", 3, 1)
    ingest(tmp_path / "old")
    before = snapshot(wh)
    write_csc(tmp_path / "new", "383", 2, 2)

    def boom(*args: Any) -> None:
        raise MemoryError

    monkeypatch.setattr(folder_module, "write_identifier_map", boom)
    with pytest.raises(MemoryError):
        ingest(tmp_path / "new")
    assert snapshot(wh) == before
    assert not [t for t in wh.list_tables() if t.startswith("ingest__")]


@pytest.mark.engines
def test_pseudonyms_from_another_key_are_refused(
    tmp_path: Path, wh: Warehouse, key: PseudonymisationKey
) -> None:
    write_csc(tmp_path / "a", "383", 2, 0)
    write_csc(tmp_path / "b", "380", 2, 0)
    run_ingest(wh, tmp_path / "a", key)
    other = PseudonymisationKey(b"another-key-entirely-0123456789abcdef", "file")
    with pytest.raises(UsageError, match="different key"):
        run_ingest(wh, tmp_path / "b", other)
    with pytest.raises(UsageError, match="different key"):  # even replacing everything needs --rekey
        run_ingest(wh, tmp_path / "a", other)
    run_ingest(wh, tmp_path / "a", other, rekey=True)
    load_identities(wh, other)
    assert wh.scalar("SELECT person_id FROM identity_person WHERE row_number = 1") == other.person_id(
        "csc", "383", "P0001"
    )


def test_a_folder_refused_for_its_manifest_is_held_back(
    tmp_path: Path, ingest: Ingest, wh: Warehouse
) -> None:
    """A partner whose newest folder cannot even be read (a broken manifest) keeps its previous
    load, and publish is told, so every page can say the figures are incomplete (issue 14)."""
    write_csc(tmp_path, "383", 4, 3)
    ingest(tmp_path)
    assert meta(wh, "ingest_held_back") == {}
    before = snapshot(wh)
    manifest = next(tmp_path.rglob("manifest.json"))
    manifest.write_text("{not json", encoding="utf-8")
    ingest(tmp_path)
    assert snapshot(wh) == before
    held = meta(wh, "ingest_held_back")
    assert list(held) == ["csc/383"]
    assert held["csc/383"]["loaded"] is False
    assert "manifest.invalid" in held["csc/383"]["reason"]
    assert held["csc/383"]["in_force"].startswith("extract of ")
    write_csc(tmp_path, "383", 4, 3)  # a readable extract again: the partner is whole
    ingest(tmp_path)
    assert meta(wh, "ingest_held_back") == {}
