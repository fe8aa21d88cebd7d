"""The warehouse: the only code in the project that talks to an engine.

Stages hand it SQL written in DuckDB's dialect and Arrow tables; each engine (DuckDB by
default, Spark for data that outgrows one machine) runs them. Nothing outside this package
imports ``duckdb`` or ``pyspark`` directly, except the Splink database API the engine hands out,
and no stage asks which engine it runs on: ``Warehouse.dialect`` spells what differs in SQL,
and the warehouse's capability methods (``limit_memory``, ``staging_area``, ``adopt_partitions``,
``drop_prefixed``) do what differs in behaviour. ``quote_ident``/``sql_literal`` are the one
quoting helper every module uses.
"""

from __future__ import annotations

from pathlib import Path

from atr.warehouse.base import META_TABLE, Warehouse
from atr.warehouse.dialect import Dialect
from atr.warehouse.duckdb_engine import DuckDBWarehouse
from atr.warehouse.sql import quote_ident, sql_literal

__all__ = [
    "META_TABLE",
    "Dialect",
    "DuckDBWarehouse",
    "Warehouse",
    "open_warehouse",
    "quote_ident",
    "sql_literal",
]


def open_warehouse(
    path: Path, engine: str = "duckdb", *, read_only: bool = False, spark_master: str | None = None
) -> Warehouse:
    """Open (creating if needed) the warehouse at ``path`` on the chosen engine.

    A DuckDB warehouse is one file; a Spark warehouse is a folder of Parquet tables.
    """
    if engine == "duckdb":
        return DuckDBWarehouse(path, read_only=read_only)
    if engine == "spark":
        from atr.warehouse.spark_engine import SparkWarehouse  # optional dependency

        return SparkWarehouse(path, master=spark_master, read_only=read_only)
    raise ValueError(f"unknown engine '{engine}' (use 'duckdb' or 'spark')")
