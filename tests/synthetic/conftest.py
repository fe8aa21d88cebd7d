"""A small synthetic West Yorkshire, generated once per test session (scale 0.02, ~45,000 people)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from atr.synthetic.generator import generate

SCALE = 0.02
SEED = 7


@pytest.fixture(scope="session")
def synth_dir(tmp_path_factory: pytest.TempPathFactory, reference_dir: Path) -> Path:
    out = tmp_path_factory.mktemp("synth")
    generate(out, scale=SCALE, seed=SEED, reference_dir=reference_dir)
    return out


def partner_folders(root: Path) -> list[Path]:
    """Every dataset/partner folder holding a manifest."""
    return sorted(p.parent for p in (root / "extract").glob("*/*/manifest.json"))


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def manifest(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def truth(root: Path, name: str) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = pq.read_table(root / "truth" / f"{name}.parquet").to_pylist()
    return rows
