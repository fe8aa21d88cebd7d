"""Fixtures shared by every stage's tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()

os.environ.setdefault("ATR_QUIET", "1")


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the checkout (tests may read it; the product must not need it)."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not available")
    return SHARED


@pytest.fixture(scope="session")
def reference_dir(shared_dir: Path) -> Path:
    """The real West Yorkshire reference data."""
    path = shared_dir / "data" / "reference"
    if not (path / "wy_lsoa_imd2019.csv").is_file():
        pytest.skip("real reference data not available")
    return path


@pytest.fixture(autouse=True)
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Never let a test read or fill the real user cache or inherit reference settings."""
    monkeypatch.setenv("ATR_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "atr-cache"))
    monkeypatch.delenv("ATR_REFERENCE_DIR", raising=False)
    monkeypatch.delenv("ATR_WAREHOUSE", raising=False)
