"""Fixtures shared by every stage's tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = (REPO / ".." / "shared").resolve()

os.environ.setdefault("ATR_QUIET", "1")
os.environ["COLUMNS"] = "200"  # Rich tables in command output are asserted on: do not wrap them
# Set at import, before any fixture of any scope runs: tests never read or fill the real user
# cache, and never inherit reference or warehouse settings from the shell (`make` exports
# ATR_REFERENCE_DIR for the demo).
TEST_CACHE = Path(tempfile.mkdtemp(prefix="atr-test-cache-"))
os.environ["ATR_CACHE_DIR"] = str(TEST_CACHE)
for _name in ("ATR_REFERENCE_DIR", "ATR_WAREHOUSE", "ATR_PSEUDONYMISATION_KEY"):
    os.environ.pop(_name, None)


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
def _isolated_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Restore the isolated environment for each test, whatever an earlier test changed."""
    monkeypatch.setenv("ATR_CACHE_DIR", str(TEST_CACHE))
    monkeypatch.delenv("ATR_REFERENCE_DIR", raising=False)
    monkeypatch.delenv("ATR_WAREHOUSE", raising=False)


# Tiny data: one shuffle partition, no whole-stage code generation and a JIT that favours start-up
# time keep each query well under a second (they do not change results).
TEST_CONF = {
    "spark.sql.shuffle.partitions": "1",
    "spark.sql.codegen.wholeStage": "false",
    "spark.driver.extraJavaOptions": "-XX:+UseSerialGC -XX:TieredStopAtLevel=1",
    "spark.sql.adaptive.enabled": "false",
}


@pytest.fixture(scope="session")
def spark_session() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("Java is not installed")
    from atr.warehouse.spark_engine import build_spark_session

    session = build_spark_session("local[2]", conf=TEST_CONF)
    yield session
    session.stop()
