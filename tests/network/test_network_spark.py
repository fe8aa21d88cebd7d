"""The network's derive step and KPIs give the same figures on Spark as on DuckDB."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from atr.derive.network import SOURCES, build_network_years
from atr.derive.workforce import SOURCES as WORKFORCE_SOURCES
from atr.indicators.catalogue import load_catalogue
from atr.indicators.engine import run_indicators
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.synthetic.network import write_synthetic_network
from atr.warehouse import DuckDBWarehouse, Warehouse
from atr.warehouse.compare import compare_table
from tests.indicators.synthetic_derived import load_synthetic_reference

pytestmark = [pytest.mark.spark]
PERIODS = ["2023/24", "2024/25"]


def _derive_and_count(wh: Warehouse, out: Path) -> None:
    build_network_years(wh, PERIODS)
    catalogue = [i for i in load_catalogue() if "network" in i.sources]
    run_indicators(wh, out, catalogue=catalogue, periods=PERIODS, sii_repetitions=10)


def test_network_years_and_kpis_agree_on_spark(tmp_path: Path, spark_session: Any) -> None:
    from atr.warehouse.spark_engine import SparkWarehouse

    write_synthetic_network(tmp_path / "extract", seed=2)
    key = PseudonymisationKey(b"network-spark-test-key-0123456789abcdef01", "file")
    duck = DuckDBWarehouse(tmp_path / "atr.duckdb")
    spark = SparkWarehouse(tmp_path / "atr.spark", spark=spark_session)
    try:
        load_synthetic_reference(duck, tmp_path / "reference")
        run_ingest(duck, tmp_path / "extract", key)
        for table in ("ref_area", "ref_lsoa", "ingest_batch", *SOURCES, *WORKFORCE_SOURCES):
            spark.write_arrow(table, duck.query(f"SELECT * FROM {table}"))
        _derive_and_count(duck, tmp_path / "published-duckdb")
        _derive_and_count(spark, tmp_path / "published-spark")
        for table in (
            "network_member_year",
            "network_organisation_year",
            "network_event_reach_year",
            "indicator_value",
        ):
            diff = compare_table(duck, spark, table)
            assert diff.rows_left > 0, table
            assert diff.same, (table, diff.only_left[:2], diff.only_right[:2])
    finally:
        duck.close()
        spark.close()
