"""End to end: a tiny ``atr synth`` extract ingests with every file accepted and every row counted."""

from __future__ import annotations

import sys
from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from atr.cli import main
from atr.ingest.manifest import find_dataset_folders, read_manifest
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

from .conftest import load_identities

pytest.importorskip("atr.synthetic.cli")


def synth(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``atr synth --scale 0.002 --seed 11 --out OUT``, in-process."""
    monkeypatch.setattr(sys, "argv", ["atr", "synth", "--scale", "0.002", "--seed", "11", "--out", str(out)])
    with pytest.raises(SystemExit) as done:
        main()
    assert done.value.code in (0, None)


@pytest.mark.slow
def test_synthetic_extract_ingests_cleanly(
    tmp_path: Path, wh: Warehouse, key: PseudonymisationKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    synth(tmp_path, monkeypatch)
    postcodes = pacsv.read_csv(tmp_path / "reference" / "wy_postcode_lsoa.csv")
    wh.write_arrow("ingest_test_postcodes", postcodes)
    wh.execute(
        "CREATE TABLE ref_postcode AS SELECT upper(replace(postcode, ' ', '')) AS postcode_key, postcode, "
        "lsoa11_code FROM ingest_test_postcodes"
    )

    report = run_ingest(wh, tmp_path / "extract", key)

    assert report.all_accepted, [t.reason for t in report.tables if t.status != "accepted"]
    listed = {
        (m.dataset, m.partner_code, Path(name).stem): entry.rows
        for m in map(read_manifest, find_dataset_folders(tmp_path / "extract"))
        for name, entry in m.files.items()
    }
    assert {(t.dataset, t.partner_code, t.table): t.rows_read for t in report.tables} == listed
    for t in report.tables:
        assert t.rows_read == t.rows_accepted + t.rows_quarantined, t
    assert all(b.loaded and b.synthetic for b in report.batches)
    assert wh.scalar("SELECT value FROM atr_meta WHERE key = 'extracts_are_synthetic'") == "true"

    persons = sum(t.rows_accepted for t in report.tables if t.table == "person")
    assert not wh.table_exists("identity_person")  # identities live in the identity store only
    load_identities(wh, key)
    assert wh.count("identity_person") == persons
    quarantined = wh.scalar(
        "SELECT count(DISTINCT (dataset, partner_code, table_name, row_number)) FROM ingest_quarantine"
    )
    assert quarantined == sum(t.rows_quarantined for t in report.tables)

    # every loaded person is a synthetic person the truth knows, under the documented pseudonym
    truth = pq.read_table(tmp_path / "truth" / "person_record.parquet").to_pylist()
    expected = {
        (r["dataset"], r["partner_code"], key.person_id(r["dataset"], r["partner_code"], r["person_id"]))
        for r in truth
    }
    loaded = {
        (r["dataset"], r["partner_code"], r["person_id"])
        for r in wh.rows("SELECT dataset, partner_code, person_id FROM identity_person")
    }
    assert loaded <= expected
    assert len(loaded) == persons
    share_lsoa = wh.scalar(
        "SELECT avg(CAST(lsoa11_code IS NOT NULL AS DOUBLE)) FROM identity_person WHERE postcode IS NOT NULL"
    )
    assert share_lsoa > 0.9
