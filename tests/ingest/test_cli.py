"""``atr ingest`` and ``atr key new`` from the command line: exit codes, keys, report files."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest

from atr.pseudonymise import ENV_VAR

from .builder import dataset_folder, person
from .conftest import Atr
from .test_file_checks import episode

REQUIRED_KEYS = {
    "dataset",
    "table",
    "file",
    "status",
    "reason",
    "rows_read",
    "rows_accepted",
    "rows_quarantined",
    "warnings",
}


def extract(root: Path, *, broken: bool = False) -> Path:
    folder = dataset_folder(root / "extract", "csc", "383")
    folder.csv("person", [person(1), person(2, date_of_birth="2019-02-30")])
    folder.csv("episode", [episode(1, "P0001"), episode(2, "P0002")])
    if broken:
        folder.raw("cp_plan.csv", b"", rows=0)
    folder.manifest()
    return root / "extract"


def test_refuses_to_run_without_a_key(tmp_path: Path, atr: Atr) -> None:
    code, out = atr("ingest", extract(tmp_path), "--warehouse", tmp_path / "w.duckdb")
    assert code == 2
    assert "no pseudonymisation key" in out and "--demo" in out
    assert not (tmp_path / "w.duckdb").exists()


def test_demo_run_says_so_and_writes_reports(tmp_path: Path, atr: Atr) -> None:
    warehouse = tmp_path / "build" / "atr.duckdb"
    code, out = atr(
        "ingest",
        extract(tmp_path),
        "--warehouse",
        warehouse,
        "--demo",
        "--report",
        tmp_path / "r.json",
        "--max-quarantine-share",
        "0.5",  # one bad row of two; the default 5% would reject these tiny files
    )
    assert code == 0, out
    assert "throwaway pseudonymisation key" in out
    assert "rows read 4 = accepted 2 + quarantined 2 + in rejected files 0" in " ".join(out.split())
    beside = json.loads((warehouse.parent / "ingest_report.json").read_text())
    assert beside == json.loads((tmp_path / "r.json").read_text())
    assert beside["contract_version"] == "1.1" and beside["key_origin"] == "throwaway"
    for table in beside["tables"]:
        assert set(table) >= REQUIRED_KEYS
        assert (
            table["rows_read"] == table["rows_accepted"] + table["rows_quarantined"] + table["rows_rejected"]
        )
    html = (warehouse.parent / "ingest_report.html").read_text()
    assert "Throwaway pseudonymisation key" in html and "date.impossible" in html
    assert "2019-02-30" not in html and "P0002" not in html


def test_key_file_and_a_rejected_file_exit_1(tmp_path: Path, atr: Atr) -> None:
    key_file = tmp_path / "secret" / "atr.key"
    assert atr("key", "new", key_file)[0] == 0
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    code, out = atr("key", "new", key_file)
    assert code == 2 and "already exists" in out
    code, out = atr(
        "ingest",
        extract(tmp_path, broken=True),
        "-w",
        tmp_path / "w.duckdb",
        "--key-file",
        key_file,
        "--max-quarantine-share",
        "0.5",
    )
    assert code == 1
    assert "file.empty" in out and "throwaway" not in out
    report = json.loads((tmp_path / "ingest_report.json").read_text())
    assert report["key_origin"] == "file"
    assert [(t["table"], t["status"]) for t in report["tables"]] == [
        ("person", "held"),
        ("episode", "held"),
        ("cp_plan", "rejected"),
    ]


def test_key_from_the_environment_and_dataset_filter(
    tmp_path: Path, atr: Atr, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = extract(tmp_path)
    police = dataset_folder(root, "police", "13")
    police.csv("person", [person(1)])
    police.manifest()
    monkeypatch.setenv(ENV_VAR, "Vq3pX9rT0bLk2ZsW8yHn4MdJ6cFg1Ae5UuRiOo7PtEwQ")  # a strong key
    code, _ = atr("ingest", root, "-w", tmp_path / "w.duckdb", "--datasets", "police")
    assert code == 0
    report = json.loads((tmp_path / "ingest_report.json").read_text())
    assert {t["dataset"] for t in report["tables"]} == {"police"}
    assert atr("ingest", root, "-w", tmp_path / "w.duckdb", "--datasets", "police,banking")[0] == 2
    assert atr("ingest", tmp_path / "missing", "-w", tmp_path / "w.duckdb")[0] == 2
