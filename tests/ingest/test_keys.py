"""Key mixing (issue 14 item 6): one key per warehouse, checked per batch; changing it is --rekey."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from atr.errors import UsageError
from atr.ingest.keys import batch_fingerprints, key_fingerprint
from atr.ingest.policy import LoadPolicy
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

from .conftest import load_identities
from .test_replace import write_csc

K2 = PseudonymisationKey(b"Vq3pX9rT0bLk2ZsW8yHn4MdJ6cFg1Ae5UuRiOo7PtEwQ", "file")
LENIENT = LoadPolicy(max_quarantine_share=1.0)


def _two_partners(root: Path) -> Path:
    write_csc(root, "383", 3, 2)
    write_csc(root, "380", 2, 1)
    return root


def _break_episodes(root: Path, partner: str) -> None:
    manifest = root / "csc" / partner / "manifest.json"
    data = json.loads(manifest.read_text())
    data["files"]["episode.csv"]["rows"] += 1
    manifest.write_text(json.dumps(data))


def pseudonyms(wh: Warehouse, partner: str, key: PseudonymisationKey) -> set[str]:
    """The partner's person pseudonyms, read from the identity store (opened with ``key``)."""
    load_identities(wh, key)
    rows = wh.rows("SELECT person_id FROM identity_person WHERE partner_code = ?", [partner])
    return {r["person_id"] for r in rows}


def test_a_rekey_with_a_rejected_file_changes_nothing(
    tmp_path: Path, wh: Warehouse, key: PseudonymisationKey
) -> None:
    """The issue's case: k1 load, then k2 re-ingest where one partner's file is rejected."""
    run_ingest(wh, _two_partners(tmp_path / "k1"), key, policy=LENIENT)
    before = {p: pseudonyms(wh, p, key) for p in ("380", "383")}
    new = _two_partners(tmp_path / "k2")
    _break_episodes(new, "380")
    with pytest.raises(UsageError, match=r"different key \(2 batch\(es\): csc/380, csc/383\)"):
        run_ingest(wh, new, K2, policy=LENIENT)
    report = run_ingest(wh, new, K2, policy=LENIENT, rekey=True)
    assert not any(b.loaded for b in report.batches)
    reasons = {b.partner_code: b.reason or "" for b in report.batches}
    assert "--rekey: not loaded because csc/380 could not be" in reasons["383"]
    assert {p: pseudonyms(wh, p, key) for p in ("380", "383")} == before  # still all k1
    assert set(batch_fingerprints(wh).values()) == {key_fingerprint(key)}
    with pytest.raises(UsageError, match="different key"):  # and k2 is still refused later
        run_ingest(wh, _two_partners(tmp_path / "again"), K2, policy=LENIENT)


def test_a_whole_rekey_moves_every_batch_to_the_new_key(
    tmp_path: Path, wh: Warehouse, key: PseudonymisationKey
) -> None:
    run_ingest(wh, _two_partners(tmp_path / "k1"), key, policy=LENIENT)
    partial = tmp_path / "partial"
    write_csc(partial, "383", 3, 2)
    with pytest.raises(
        UsageError, match=r"--rekey re-ingests everything, but this extract lacks 1 batch\(es\).*csc/380"
    ):
        run_ingest(wh, partial, K2, policy=LENIENT, rekey=True)
    report = run_ingest(wh, _two_partners(tmp_path / "k2"), K2, policy=LENIENT, rekey=True)
    assert all(b.loaded for b in report.batches)
    assert batch_fingerprints(wh) == {"csc/380": key_fingerprint(K2), "csc/383": key_fingerprint(K2)}
    assert pseudonyms(wh, "383", K2) == {K2.person_id("csc", "383", f"P{i:04d}") for i in range(1, 4)}
    with pytest.raises(UsageError, match="different key"):  # the old key is now the foreign one
        run_ingest(wh, _two_partners(tmp_path / "old"), key, policy=LENIENT)


def test_a_warehouse_from_before_per_batch_fingerprints_is_read(
    tmp_path: Path, wh: Warehouse, key: PseudonymisationKey
) -> None:
    run_ingest(wh, _two_partners(tmp_path / "k1"), key, policy=LENIENT)
    wh.execute("DELETE FROM atr_meta WHERE key = 'pseudonym_key_fingerprints'")
    assert batch_fingerprints(wh) == {"csc/380": key_fingerprint(key), "csc/383": key_fingerprint(key)}
    with pytest.raises(UsageError, match="different key"):
        run_ingest(wh, _two_partners(tmp_path / "k2"), K2, policy=LENIENT)
