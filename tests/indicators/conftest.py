"""Fixtures for the indicator tests: the package's published expected values."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest

RELATIVE_TOLERANCE = 1e-6
"""The issue's bar: every deterministic statistic matches the package to 1e-6 relative."""


@pytest.fixture(scope="session")
def phe_dir(shared_dir: Path) -> Path:
    """``shared/data/external/pheindicatormethods``: PHEindicatormethods 2.1.0 test data."""
    path = shared_dir / "data" / "external" / "pheindicatormethods"
    if not path.is_dir():
        pytest.skip("PHEindicatormethods expected values not available")
    return path


def _read_sheet(path: Path, sheet: str) -> list[dict[str, Any]]:
    """Rows of one worksheet as dicts keyed by the header row (blank rows dropped)."""
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    rows = list(workbook[sheet].iter_rows(values_only=True))
    workbook.close()
    header = [str(h) if h is not None else f"_{i}" for i, h in enumerate(rows[0])]
    return [dict(zip(header, row, strict=True)) for row in rows[1:] if any(v is not None for v in row)]


def _relative_error(actual: float | None, expected: float | None) -> float:
    """|a − e| / |e| (absolute when e is 0); both missing is a match, one missing is infinite."""
    if expected is None or actual is None:
        return 0.0 if expected is None and actual is None else math.inf
    if expected == 0:
        return abs(actual)
    return abs(actual - expected) / abs(expected)


@pytest.fixture(scope="session")
def read_sheet() -> Any:
    """``read_sheet(path, sheet)`` → rows as dicts."""
    return _read_sheet


@pytest.fixture(scope="session")
def rel_error() -> Any:
    """``rel_error(actual, expected)`` → relative error (None-aware)."""
    return _relative_error
