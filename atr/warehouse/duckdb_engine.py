"""DuckDB: the default engine, one file, zero set-up."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from atr.atomic import atomic_path
from atr.warehouse.base import Warehouse
from atr.warehouse.dialect import DUCKDB
from atr.warehouse.sql import quote_ident, sql_literal


class DuckDBWarehouse(Warehouse):
    """A warehouse in one DuckDB file (or in memory when ``path`` is ``:memory:``)."""

    engine_name = "duckdb"
    dialect = DUCKDB

    def __init__(self, path: Path | str, *, read_only: bool = False, threads: int | None = None) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(path), read_only=read_only)
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        self.con.execute("SET preserve_insertion_order = false")

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.con.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        return self.con.sql(sql, params=params).to_arrow_table()

    def write_arrow(self, name: str, data: pa.Table, *, mode: str = "replace") -> None:
        view = f"__atr_arrow_{id(data)}"
        self.con.register(view, data)
        try:
            if mode == "replace":
                self.con.execute(f"CREATE OR REPLACE TABLE {quote_ident(name)} AS SELECT * FROM {view}")
            elif mode == "append":
                if self.table_exists(name):
                    self.con.execute(f"INSERT INTO {quote_ident(name)} BY NAME SELECT * FROM {view}")
                else:
                    self.con.execute(f"CREATE TABLE {quote_ident(name)} AS SELECT * FROM {view}")
            else:
                raise ValueError(f"unknown mode '{mode}'")
        finally:
            self.con.unregister(view)

    def write_temp_arrow(self, name: str, data: pa.Table) -> None:
        view = f"__atr_arrow_{id(data)}"
        self.con.register(view, data)
        try:
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {quote_ident(name)} AS SELECT * FROM {view}")
        finally:
            self.con.unregister(view)

    def table_exists(self, name: str) -> bool:
        found = self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = ? "
            "AND table_schema = current_schema()",
            [name],
        ).fetchall()
        return bool(found and found[0][0])

    def list_tables(self) -> list[str]:
        names = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() "
            "ORDER BY table_name"
        ).fetchall()
        return [n[0] for n in names]

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def export_parquet(self, sql_or_table: str, path: Path) -> None:
        source = sql_or_table if " " in sql_or_table.strip() else f"SELECT * FROM {quote_ident(sql_or_table)}"
        with atomic_path(Path(path)) as tmp:
            self.con.execute(f"COPY ({source}) TO {sql_literal(str(tmp))} (FORMAT parquet)")

    def splink_db_api(self) -> Any:
        """Splink on this connection, its working tables TEMP: they hold names and dates of
        birth, so they must never be written into the warehouse file (docs/privacy.md)."""
        from splink import DuckDBAPI

        class _TempTablesDuckDBAPI(DuckDBAPI):
            def _setup_for_execute_sql(self, sql: str, physical_name: str) -> str:
                self.delete_table_from_database(physical_name)
                return f"CREATE TEMP TABLE {physical_name} AS\n{sql}"

        return _TempTablesDuckDBAPI(connection=self.con)

    def close(self) -> None:
        self.con.close()

    # --- engine capabilities -----------------------------------------------------------------
    def limit_memory(self, gigabytes: float) -> None:
        self.con.execute(f"SET memory_limit = '{float(gigabytes)}GB'")

    def drop_prefixed(self, prefix: str) -> None:
        for kind, catalog in (("VIEW", "duckdb_views"), ("TABLE", "duckdb_tables")):
            column = "view_name" if kind == "VIEW" else "table_name"
            found = self.con.execute(
                f"SELECT database_name, schema_name, {column} FROM {catalog}() "
                f"WHERE NOT internal AND starts_with({column}, ?)",
                [prefix],
            ).fetchall()
            for names in found:
                self.con.execute(f"DROP {kind} IF EXISTS {'.'.join(quote_ident(n) for n in names)}")

    @contextmanager
    def staging_area(self, reference: Sequence[str] = ()) -> Iterator[Warehouse]:
        """This warehouse itself (its reference tables are here already), with insertion order
        kept for the block: staged CSV row numbers come from it."""
        self.con.execute("SET preserve_insertion_order = true")
        try:
            yield self
        finally:
            self.con.execute("SET preserve_insertion_order = false")
