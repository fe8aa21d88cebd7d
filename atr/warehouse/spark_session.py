"""Building the Spark session ATR needs: Splink's similarity jar, UTC, quiet progress.

Kept apart from the engine so a notebook or a test can build (and share) one session before
opening any warehouse: Spark allows one session per process.
"""

from __future__ import annotations

import os
from typing import Any

ENV_MASTER = "ATR_SPARK_MASTER"
DEFAULT_MASTER = "local[2]"

__all__ = ["DEFAULT_MASTER", "ENV_MASTER", "build_spark_session"]


def build_spark_session(master: str | None = None, conf: dict[str, str] | None = None) -> Any:
    """A Spark session configured for ATR: Splink's similarity jar, UTC, quiet progress.

    ``master`` defaults to ``$ATR_SPARK_MASTER``, else ``local[2]``. If a session is already
    running in this process it is reused (Spark allows one per process) and ``conf`` only
    applies to runtime settings.
    """
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    chosen = master or os.environ.get(ENV_MASTER) or DEFAULT_MASTER
    settings = {
        "spark.jars": similarity_jar_location(),
        "spark.sql.session.timeZone": "UTC",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.parquet.outputTimestampType": "TIMESTAMP_MICROS",
    }
    if chosen.startswith("local"):
        settings |= {"spark.sql.shuffle.partitions": "4", "spark.ui.enabled": "false"}
    settings |= conf or {}
    builder = SparkSession.builder.master(chosen).appName("atr-observatory")
    for key, value in settings.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    # Failed queries raise in Python anyway; at ERROR level Spark also prints each one as a long
    # JSON stack trace. ATR_SPARK_LOG_LEVEL=WARN brings its logs back when debugging.
    session.sparkContext.setLogLevel(os.environ.get("ATR_SPARK_LOG_LEVEL", "FATAL"))
    return session
