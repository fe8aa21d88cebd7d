"""Ingest through a separate staging area (the Spark path), run here against a DuckDB target.

The staging run sees an empty warehouse, so what is in force (previous loads, key fingerprints,
held-back batches) must come from the target: a held-back batch keeps the target's rows there too.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from atr.errors import UsageError
from atr.ingest.keys import batch_fingerprints, key_fingerprint
from atr.ingest.policy import LoadPolicy
from atr.ingest.report import IngestReport
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse
from atr.warehouse.staging import temporary_staging

from .test_keys import K2
from .test_replace import write_csc

LENIENT = LoadPolicy(max_quarantine_share=1.0)


def test_staging_keeps_previous_loads_and_keys(
    tmp_path: Path, wh: Warehouse, key: PseudonymisationKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wh, "staging_area", lambda reference=(): temporary_staging(wh, reference))
    # adopt() opens a transaction around adopt_partitions(), which opens its own: fine on Spark,
    # not on DuckDB, whose own staging area is itself. The outer one is dropped for this test.
    monkeypatch.setattr(wh, "transaction", contextlib.nullcontext)

    def ingest_via_staging(root: Path, key: PseudonymisationKey) -> IngestReport:
        return run_ingest(wh, root, key, policy=LENIENT)

    write_csc(tmp_path / "a", "383", 3, 2)
    write_csc(tmp_path / "a", "380", 2, 1)
    ingest_via_staging(tmp_path / "a", key)
    episodes = wh.scalar("SELECT count(*) FROM csc_episode WHERE partner_code = '383'")
    assert episodes == 2  # the third refers to a person not sent
    write_csc(tmp_path / "b", "383", 3, 0)  # the new 383 batch leaves out its episodes
    report = ingest_via_staging(tmp_path / "b", key)
    assert [t.reason for t in report.tables if t.status == "rejected"] == [
        "file.not_sent: not in this extract; the previous load had 2 rows"
    ]
    assert wh.scalar("SELECT count(*) FROM csc_episode WHERE partner_code = '383'") == episodes
    assert set(wh.get_meta("ingest_held_back")) == {"csc/383"}
    assert batch_fingerprints(wh) == {"csc/380": key_fingerprint(key), "csc/383": key_fingerprint(key)}
    with pytest.raises(UsageError, match="different key"):
        ingest_via_staging(tmp_path / "a", K2)
    manifest = tmp_path / "a" / "csc" / "380" / "manifest.json"
    manifest.write_text(json.dumps({**json.loads(manifest.read_text()), "partner_name": "renamed"}))
    ingest_via_staging(tmp_path / "a", key)
    assert wh.get_meta("ingest_held_back") == {}  # both partners loaded whole again
