"""Every dataset and table of the contract is produced, with the contract's columns and a true manifest."""

from __future__ import annotations

import hashlib
from pathlib import Path

from atr.reference.layout import DFE_LA_CODES
from atr.synthetic.contract import PERSON, TABLES

from .conftest import manifest, partner_folders, read_csv

LA_DATASETS = ("csc", "lac", "school", "housing", "youth_justice")


def test_every_dataset_has_its_partners(synth_dir: Path) -> None:
    found: dict[str, set[str]] = {}
    for folder in partner_folders(synth_dir):
        found.setdefault(folder.parent.name, set()).add(folder.name)
    assert set(found) == set(TABLES)
    for dataset in LA_DATASETS:
        assert found[dataset] <= set(DFE_LA_CODES), dataset
    assert found["csc"] == set(DFE_LA_CODES)
    assert found["police"] == {"13"}
    assert found["gp_registration"] == {"QWO"}
    assert found["probation"] == {"YHP"}
    assert found["mental_health"] == {"RGD", "RXG", "TAD"}
    assert found["substance"] == {f"SM{code}" for code in DFE_LA_CODES}


def test_manifests_follow_the_contract_and_verify(synth_dir: Path) -> None:
    for folder in partner_folders(synth_dir):
        m = manifest(folder)
        assert m["dataset"] == folder.parent.name and m["partner_code"] == folder.name
        assert m["contract_version"] == "1.0" and m["synthetic"] is True
        assert (
            m["period_start"] == "2019-04-01"
            and m["period_end"] == "2025-03-31"
            and m["extract_date"] == "2025-04-30"
        )
        assert isinstance(m["partner_name"], str) and m["partner_name"]
        files = m["files"]
        assert isinstance(files, dict)
        assert set(files) == {p.name for p in folder.glob("*.csv")}
        for name, entry in files.items():
            data = (folder / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"], folder / name
            assert len(read_csv(folder / name)) == entry["rows"], folder / name


def test_every_table_has_exactly_the_contract_columns(synth_dir: Path) -> None:
    for folder in partner_folders(synth_dir):
        dataset = folder.parent.name
        expected = {"person": PERSON, **TABLES[dataset]}
        assert {p.stem for p in folder.glob("*.csv")} == set(expected), folder
        for table, columns in expected.items():
            header = (folder / f"{table}.csv").read_text(encoding="utf-8").splitlines()[0]
            assert header.replace('"', "").split(",") == list(columns), folder / table
