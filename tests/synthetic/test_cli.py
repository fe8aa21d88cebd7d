"""``atr synth`` end to end through the real entry point, on the synthetic and the real geography."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from atr.cli import main

from .conftest import read_csv

AREAS = {"E08000032": "BD", "E08000033": "HX", "E08000034": "HD", "E08000035": "LS", "E08000036": "WF"}
Atr = Callable[..., tuple[int, str]]


@pytest.fixture
def atr(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Atr:
    """Run ``atr …`` in-process; returns (exit status, everything printed)."""
    monkeypatch.setenv("COLUMNS", "250")

    def run(*args: object) -> tuple[int, str]:
        monkeypatch.setattr(sys, "argv", ["atr", *map(str, args)])
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = int(exc.code or 0)
        captured = capsys.readouterr()
        return code, captured.out + captured.err

    return run


def test_synth_on_synthetic_geography_and_check(tmp_path: Path, atr: Atr) -> None:
    out = tmp_path / "synth"
    code, text = atr(
        "synth", "--scale", "0.005", "--seed", "2", "--out", out, "--datasets", "csc,lac,police,school"
    )
    assert code == 0, text
    assert "SYNTHETIC GEOGRAPHY" in text
    assert sorted(p.name for p in (out / "extract").iterdir()) == ["csc", "lac", "police", "school"]
    directory = read_csv(out / "reference" / "wy_postcode_lsoa.csv")
    assert all(r["lsoa11_code"].startswith("X01") for r in directory)
    known = {r["postcode"].replace(" ", "").upper() for r in directory}
    postcodes = [
        r["postcode"] for r in read_csv(out / "extract" / "police" / "13" / "person.csv") if r["postcode"]
    ]
    assert postcodes and all(p.replace(" ", "").upper() in known for p in postcodes)
    _, checked = atr("synth", "--check", out)
    assert "Children in need per 10,000" in checked and "targets within tolerance" in checked


def test_postcodes_follow_district_areas(synth_dir: Path) -> None:
    spells = pq.read_table(
        synth_dir / "truth" / "person_address.parquet", columns=["postcode", "lad19_code"]
    ).to_pylist()
    assert all(r["postcode"].startswith(AREAS[r["lad19_code"]]) for r in spells)


def test_synth_usage_errors(tmp_path: Path, atr: Atr) -> None:
    code, text = atr("synth")
    assert code == 2 and "--out is required" in text
    code, text = atr("synth", "--out", tmp_path, "--datasets", "csc,nope")
    assert code == 2 and "unknown dataset(s): nope" in text
    code, text = atr("synth", "--check", tmp_path / "missing")
    assert code == 1 and "child_year.parquet" in text
