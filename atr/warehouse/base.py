"""The engine interface every stage uses.

Modelled on Splink's ``DatabaseAPI``: a handful of abstract methods an engine must provide, and
a few shared helpers built on them. Stage code passes a ``Warehouse`` explicitly; nothing
reaches into an engine's internals.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

META_TABLE = "atr_meta"


class Warehouse(ABC):
    """A SQL warehouse. SQL is written in DuckDB's dialect; other engines transpile it."""

    engine_name: str = "abstract"

    # --- what an engine must provide -------------------------------------------------------
    @abstractmethod
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        """Run a statement that returns nothing of interest."""

    @abstractmethod
    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        """Run a query and return its result as an Arrow table."""

    @abstractmethod
    def write_arrow(self, name: str, data: pa.Table, *, mode: str = "replace") -> None:
        """Create or replace (``mode='replace'``) or append to (``'append'``) a table."""

    @abstractmethod
    def write_temp_arrow(self, name: str, data: pa.Table) -> None:
        """Create or replace a temporary table: private to this session, never written to the
        warehouse's own storage, gone when the warehouse is closed (identities in linkage)."""

    @abstractmethod
    def table_exists(self, name: str) -> bool:
        """Whether a table or view of this name exists."""

    @abstractmethod
    def list_tables(self) -> list[str]:
        """Every table and view, sorted."""

    @abstractmethod
    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing: statements inside commit together or not at all."""
        yield

    @abstractmethod
    def export_parquet(self, sql_or_table: str, path: Path) -> None:
        """Write a table (or a query's result) to a Parquet file, atomically."""

    @abstractmethod
    def splink_db_api(self) -> Any:
        """The Splink database API over this engine (DuckDBAPI or SparkAPI)."""

    @abstractmethod
    def close(self) -> None:
        """Release the engine."""

    # --- shared helpers ----------------------------------------------------------------------
    def rows(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """A query's result as a list of dicts (for small results)."""
        result: list[dict[str, Any]] = self.query(sql, params).to_pylist()
        return result

    def scalar(self, sql: str, params: Sequence[Any] | None = None) -> Any:
        """The first column of the first row, or None."""
        table = self.query(sql, params)
        if table.num_rows == 0:
            return None
        return table.column(0)[0].as_py()

    def columns(self, table: str) -> list[str]:
        """A table's column names, in order (``DESCRIBE`` is DuckDB-only)."""
        return list(self.query(f"SELECT * FROM {table} LIMIT 0").column_names)

    def count(self, table: str) -> int:
        return int(self.scalar(f"SELECT count(*) FROM {table}"))

    def set_meta(self, key: str, value: Any) -> None:
        """Record a fact about the warehouse (JSON-encoded), e.g. which reference data it holds."""
        self.execute(f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR)")
        self.execute(f"DELETE FROM {META_TABLE} WHERE key = ?", [key])
        self.execute(f"INSERT INTO {META_TABLE} VALUES (?, ?)", [key, json.dumps(value)])

    def get_meta(self, key: str, default: Any = None) -> Any:
        if not self.table_exists(META_TABLE):
            return default
        raw = self.scalar(f"SELECT value FROM {META_TABLE} WHERE key = ?", [key])
        return default if raw is None else json.loads(raw)

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
