"""Fixtures shared by every stage's tests."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
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
    from atr.warehouse.spark_session import build_spark_session

    session = build_spark_session("local[2]", conf=TEST_CONF)
    yield session
    session.stop()


# --- one test, every engine (as Splink runs its tests per backend) -------------------------------
ENGINES = ("duckdb", "spark")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``@pytest.mark.engines`` runs once per engine: its ``engine`` (and so its
    ``warehouse``) takes each value, per module so a module fixture can build one warehouse per
    engine. The Spark run carries the ``spark`` mark: ``-m "not spark"`` keeps DuckDB's."""
    if "engine" in metafunc.fixturenames and metafunc.definition.get_closest_marker("engines"):
        params = [pytest.param(e, marks=pytest.mark.spark) if e == "spark" else e for e in ENGINES]
        metafunc.parametrize("engine", params, scope="module")


@pytest.fixture(scope="session")
def engine() -> str:
    """The engine of a test not marked ``engines``: DuckDB."""
    return "duckdb"


@pytest.fixture(scope="session")
def open_test_warehouse(request: pytest.FixtureRequest) -> Callable[[str, Path], Any]:
    """``open_test_warehouse(engine, folder)``: a new warehouse in ``folder`` on ``engine``
    (on Spark sharing the worker's one session, started on first use)."""

    def open_(engine: str, folder: Path) -> Any:
        from atr.warehouse import DuckDBWarehouse

        if engine == "spark":
            from atr.warehouse.spark_engine import SparkWarehouse

            return SparkWarehouse(folder / "warehouse.spark", spark=request.getfixturevalue("spark_session"))
        return DuckDBWarehouse(folder / "atr.duckdb")

    return open_


@pytest.fixture
def warehouse(engine: str, tmp_path: Path, open_test_warehouse: Callable[[str, Path], Any]) -> Iterator[Any]:
    """An empty warehouse on ``engine``."""
    opened = open_test_warehouse(engine, tmp_path)
    yield opened
    opened.close()
