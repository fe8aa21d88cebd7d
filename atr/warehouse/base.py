"""The engine interface every stage uses.

Modelled on Splink's ``DatabaseAPI``: a handful of abstract methods an engine must provide, and
a few shared helpers built on them. Stage code passes a ``Warehouse`` explicitly; nothing
reaches into an engine's internals, and nothing asks which engine it is: what differs is asked
of the warehouse (its :class:`~atr.warehouse.dialect.Dialect` for SQL spellings, the methods
under "engine capabilities" for behaviour).
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import pyarrow as pa

from atr.warehouse.dialect import Dialect
from atr.warehouse.sql import sql_literal

META_TABLE = "atr_meta"


class Warehouse(ABC):
    """A SQL warehouse. SQL is written in DuckDB's dialect; other engines transpile it."""

    engine_name: str = "abstract"
    """For messages and file names only; stage code never branches on it (a test checks)."""
    dialect: Dialect
    """The SQL spellings that differ on this engine (hash function, materialisation hint)."""

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

    # --- engine capabilities: what differs, asked of the warehouse, not decided by a stage ---
    @abstractmethod
    def limit_memory(self, gigabytes: float) -> None:
        """Cap the memory the engine may use in this process (engines whose memory is set
        elsewhere, such as Spark's driver and executors, ignore it)."""

    @abstractmethod
    def drop_prefixed(self, prefix: str) -> None:
        """Drop every table and view, temporary or not, whose name starts with ``prefix``: the
        working tables a stage or Splink leaves behind."""

    @abstractmethod
    def staging_area(self, reference: Sequence[str] = ()) -> AbstractContextManager[Warehouse]:
        """A DuckDB warehouse in which to read and check files, for the length of the block.

        Checking an extract is file work done where the files are, and it relies on DuckDB: its
        CSV reader (``read_csv``) keeps rows in file order here, so a bad row is reported by its
        line. A DuckDB warehouse is its own staging area; another engine gives a temporary
        DuckDB file holding a copy of the ``reference`` tables. Rows committed in the area
        become this warehouse's with :meth:`adopt_partitions`.
        """

    def adopt_partitions(
        self,
        source: Warehouse,
        tables: Sequence[str],
        partitions: Sequence[Sequence[str]],
        columns: Sequence[str] = ("dataset", "partner_code"),
    ) -> None:
        """Replace each partition's rows of ``tables`` (the rows whose ``columns`` equal one of
        ``partitions``) by ``source``'s, in one transaction; tables must exist here.

        A staging area that is this warehouse already holds the rows: nothing to copy. Rows
        travel as Arrow; a new partition is added, one missing from ``source`` is emptied.
        """
        if source is self or not partitions:
            return
        where = " OR ".join(
            "(" + " AND ".join(f"{c} = {sql_literal(v)}" for c, v in zip(columns, p, strict=True)) + ")"
            for p in partitions
        )
        held = self.rows(  # one query, not one per table: on Spark each DELETE writes a new version
            " UNION ALL ".join(
                f"SELECT {sql_literal(t)} AS name, count(*) AS n FROM {t} WHERE {where}" for t in tables
            )
        )
        with self.transaction():
            for name in tables:
                if any(r["name"] == name and r["n"] for r in held):
                    self.execute(f"DELETE FROM {name} WHERE {where}")
                rows = source.query(f"SELECT * FROM {name} WHERE {where}")
                if rows.num_rows:
                    self.write_arrow(name, rows.combine_chunks(), mode="append")

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
