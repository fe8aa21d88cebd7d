"""Arrow tables and Parquet part files as the Spark warehouse stores them.

Split from ``spark_engine`` (which uses them): the type conversions Spark needs on the way in and
out, and sharing part files between table versions.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pyarrow as pa


def spark_safe(table: pa.Table) -> pa.Table:
    """Arrow types Spark cannot read from Parquet become the nearest type it can."""
    columns = []
    for column in table.columns:
        if pa.types.is_null(column.type):
            column = column.cast(pa.string())
        elif pa.types.is_dictionary(column.type):
            column = column.cast(column.type.value_type)
        columns.append(column)
    return pa.table(columns, names=table.column_names)


def link_parts(source: Path, target: Path) -> None:
    """Make ``source``'s Parquet files part of ``target`` too: hard links (no copy) when the file
    system allows, so appending costs only the new rows."""
    for part in source.glob("*.parquet"):
        try:
            os.link(part, target / part.name)
        except OSError:
            shutil.copy2(part, target / part.name)


def naive_timestamps(table: pa.Table) -> pa.Table:
    """Spark hands timestamps back marked UTC (the session time zone); DuckDB's TIMESTAMP has no
    zone. Dropping the marker keeps the same instants and gives callers one type from both."""
    fields = [
        f.with_type(pa.timestamp(f.type.unit)) if pa.types.is_timestamp(f.type) and f.type.tz else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields)) if fields != list(table.schema) else table
