"""One Spark session for every Spark test (starting the JVM costs 5–15 s)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

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
