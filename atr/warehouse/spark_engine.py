"""Spark: the same warehouse on PySpark, for partners whose data lives on a Spark cluster.

The warehouse is a folder: one sub-folder of Parquet files per table version under
``tables/``, and a small catalogue (``atr_catalog.json``) naming the current version of each
table and the SQL of each view. Every session registers the catalogued tables as Spark
temporary views, so stage SQL refers to tables by name exactly as on DuckDB.

Stage SQL is written in DuckDB's dialect. Each statement is parsed and transpiled by sqlglot
(DuckDB → Spark). Statements that change tables are carried out here, because Spark without a
metastore has no durable, transactional tables: ``CREATE [OR REPLACE] TABLE … AS``,
``CREATE TABLE (…)``, ``INSERT INTO`` (by position, ``BY NAME`` or with a column list),
``DELETE``, ``UPDATE``, ``DROP``, ``ALTER TABLE … RENAME TO``, ``CREATE VIEW``. A table is never
written in place: a new version is written to a new folder and the catalogue is switched with
one atomic file replace, so readers and a killed run always see whole tables.

Why hand-written: table formats that give this natively (Delta Lake, Iceberg) need extra jars
from Maven at session start, which a locked-down partner cluster or an offline machine cannot
fetch, and Spark's own ``saveAsTable`` without a Hive metastore is neither durable across
sessions nor transactional. A folder of Parquet plus a JSON catalogue needs nothing but Spark.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from atr.atomic import atomic_path, write_text_atomic
from atr.errors import UsageError
from atr.warehouse.base import META_TABLE, Warehouse
from atr.warehouse.dialect import SPARK
from atr.warehouse.spark_files import link_parts, naive_timestamps, spark_safe
from atr.warehouse.spark_session import build_spark_session
from atr.warehouse.spark_sql import SparkPlan, bind_parameters, plan_statement
from atr.warehouse.sql import quote_ident
from atr.warehouse.staging import temporary_staging

CATALOG_FILE = "atr_catalog.json"
CATALOG_FORMAT = 1


@dataclass
class _Pending:
    """What a transaction has done so far, to publish on commit or undo on rollback."""

    before: dict[str, dict[str, str]]
    created: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


class SparkWarehouse(Warehouse):
    """A warehouse in a folder of Parquet tables, queried with Spark SQL."""

    engine_name = "spark"
    dialect = SPARK

    def __init__(
        self,
        path: Path | str,
        *,
        master: str | None = None,
        spark: Any = None,
        read_only: bool = False,
        conf: dict[str, str] | None = None,
    ) -> None:
        self.path = Path(path)
        if self.path.is_file():
            raise UsageError(
                f"{self.path}: is a file; the Spark engine keeps its warehouse in a folder",
                hint="point the warehouse at a folder, e.g. build/warehouse.spark",
            )
        self.read_only = read_only
        if not read_only:
            (self.path / "tables").mkdir(parents=True, exist_ok=True)
        if spark is None:  # a session this process already runs (a notebook's, a test's) is reused
            from pyspark.sql import SparkSession

            spark = SparkSession.getActiveSession()
        self._owns_session = spark is None
        self.spark = spark if spark is not None else build_spark_session(master, conf)
        self._catalog = self._read_catalog()
        self._pending: _Pending | None = None
        self._temporary: set[str] = set()
        self._checkpoints: Path | None = None
        for stale in [t.name for t in self.spark.catalog.listTables() if t.isTemporary]:
            self.spark.catalog.dropTempView(stale)  # views of another warehouse in this session
        for name in self._catalog:
            self._register(name)
        if not read_only:
            self._collect_garbage()

    # --- the catalogue ----------------------------------------------------------------------
    def _read_catalog(self) -> dict[str, dict[str, str]]:
        path = self.path / CATALOG_FILE
        if not path.is_file():
            return {}
        doc = json.loads(path.read_text(encoding="utf-8"))
        tables: dict[str, dict[str, str]] = doc["tables"]
        return tables

    def _save_catalog(self) -> None:
        doc = {"format": CATALOG_FORMAT, "tables": self._catalog}
        write_text_atomic(self.path / CATALOG_FILE, json.dumps(doc, indent=1))

    def _collect_garbage(self) -> None:
        """Remove table versions no catalogue entry names (left by a killed run)."""
        live = {e["folder"] for e in self._catalog.values() if e["kind"] == "table"}
        for folder in (self.path / "tables").glob("*/*"):
            if folder.relative_to(self.path).as_posix() not in live:
                shutil.rmtree(folder, ignore_errors=True)

    def _key(self, name: str) -> str | None:
        """The catalogued spelling of ``name`` (names are case-insensitive, as in both engines)."""
        folded = name.casefold()
        return next((k for k in self._catalog if k.casefold() == folded), None)

    def _register(self, name: str) -> None:
        entry = self._catalog[name]
        if entry["kind"] == "table":
            self.spark.read.parquet(str(self.path / entry["folder"])).createOrReplaceTempView(name)
        else:
            self.spark.sql(f"CREATE OR REPLACE TEMPORARY VIEW {quote_ident(name, '`')} AS {entry['sql']}")

    def _publish(self, entries: dict[str, dict[str, str] | None]) -> None:
        """Point names at new versions (None = drop); atomic now, or at commit in a transaction."""
        if self.read_only:
            raise UsageError(f"{self.path}: warehouse opened read-only")
        retired = []
        for name, entry in entries.items():
            old_key = self._key(name)
            old = self._catalog.pop(old_key) if old_key else None
            if old and old["kind"] == "table":
                retired.append(old["folder"])
            if old_key and entry is None:
                self.spark.catalog.dropTempView(old_key)
            if entry is not None:
                self._catalog[name] = entry
                self._register(name)
        kept = {e["folder"] for e in entries.values() if e is not None and e["kind"] == "table"}
        retired = [folder for folder in retired if folder not in kept]  # a rename keeps its files
        if self._pending is not None:
            self._pending.retired.extend(retired)
            return
        self._save_catalog()
        for folder in retired:
            shutil.rmtree(self.path / folder, ignore_errors=True)

    def _new_folder(self, name: str) -> tuple[str, Path]:
        relative = f"tables/{name.casefold()}/{uuid.uuid4().hex[:12]}"
        if self._pending is not None:
            self._pending.created.append(relative)
        return relative, self.path / relative

    def _store_dataframe(self, name: str, df: Any, keep: str | None = None) -> None:
        """Write ``df`` as a new version; ``keep`` = an old version whose files it extends."""
        relative, folder = self._new_folder(name)
        df.write.parquet(str(folder))
        if keep:
            link_parts(self.path / keep, folder)
        self._publish({name: {"kind": "table", "folder": relative}})

    def _store_arrow(self, name: str, table: pa.Table, keep: str | None = None) -> None:
        """Write ``table`` as a new version; ``keep`` = an old version whose files it extends."""
        relative, folder = self._new_folder(name)
        folder.mkdir(parents=True)
        if keep:
            link_parts(self.path / keep, folder)
        pq.write_table(
            spark_safe(table),
            folder / f"part-{uuid.uuid4().hex[:8]}.parquet",
            coerce_timestamps="us",
            allow_truncated_timestamps=True,
        )
        self._publish({name: {"kind": "table", "folder": relative}})

    # --- the Warehouse interface --------------------------------------------------------------
    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        for statement in bind_parameters(sql, params):
            self._run(plan_statement(statement))

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        statements = bind_parameters(sql, params)
        if len(statements) != 1:
            raise ValueError(f"query() takes one statement, got {len(statements)}")
        plan = plan_statement(statements[0])
        if plan.action != "query":
            self._run(plan)
            return pa.table({})
        return naive_timestamps(self.spark.sql(plan.sql).toArrow())

    def _run(self, plan: SparkPlan) -> None:
        key = self._key(plan.name) if plan.name else None
        exists = key is not None or plan.name.casefold() in self._temporary
        if plan.action == "noop":
            return
        if plan.action == "query":
            self.spark.sql(plan.sql)  # analysed eagerly: errors surface here, as on DuckDB
        elif plan.action in ("create_table", "create_empty"):
            if exists and plan.if_not_exists:
                return
            if exists and not plan.replace:
                raise ValueError(f"table '{plan.name}' already exists (use CREATE OR REPLACE)")
            if plan.action == "create_table":
                df = self.spark.sql(plan.sql)
            else:
                df = self.spark.createDataFrame(
                    [], ", ".join(f"{quote_ident(c, '`')} {t}" for c, t in plan.columns)
                )
            if plan.temporary:
                df.localCheckpoint(eager=True).createOrReplaceTempView(plan.name)
                self._temporary.add(plan.name.casefold())
            elif plan.action == "create_empty":  # no Spark job: the schema alone gives the file
                from pyspark.sql.pandas.types import to_arrow_schema

                self._store_arrow(plan.name, to_arrow_schema(df.schema, timezone="UTC").empty_table())
            else:
                self._store_dataframe(plan.name, df)
        elif plan.action == "create_view":
            if exists and not plan.replace:
                raise ValueError(f"view '{plan.name}' already exists (use CREATE OR REPLACE)")
            self._publish({plan.name: {"kind": "view", "sql": plan.sql}})
        elif plan.action == "drop":
            if plan.name.casefold() in self._temporary:
                self.spark.catalog.dropTempView(plan.name)
                self._temporary.discard(plan.name.casefold())
            elif key is not None:
                self._publish({key: None})
            elif not plan.if_exists:
                raise ValueError(f"table '{plan.name}' does not exist")
        elif plan.action == "rename":
            if key is None:
                raise ValueError(f"table '{plan.name}' does not exist")
            entry = self._catalog[key]
            self._publish({key: None, plan.new_name: entry})
        else:  # insert, delete, update: a new version of an existing table
            if key is None:
                raise ValueError(f"table '{plan.name}' does not exist")
            entry = self._catalog[key]
            if entry["kind"] != "table":
                raise ValueError(f"'{plan.name}' is a view; cannot change its rows")
            query = plan.rewrite(self.spark.table(key).schema, lambda q: list(self.spark.sql(q).columns))
            keep = entry["folder"] if plan.action == "insert" else None  # insert: old files + new rows
            self._store_dataframe(key, self.spark.sql(query), keep=keep)

    def write_arrow(self, name: str, data: pa.Table, *, mode: str = "replace") -> None:
        if mode not in ("replace", "append"):
            raise ValueError(f"unknown mode '{mode}'")
        key = self._key(name)
        if mode == "replace" or key is None:
            self._store_arrow(name, data)
            return
        entry = self._catalog[key]
        if entry["kind"] != "table":
            raise ValueError(f"'{name}' is a view; cannot append to it")
        first = next((self.path / entry["folder"]).glob("*.parquet"))
        target = pq.read_schema(first)
        unknown = [c for c in data.column_names if c not in target.names]
        if unknown:
            raise ValueError(f"table '{name}' has no column(s) {', '.join(unknown)}")
        columns = [
            data.column(f.name).cast(f.type)
            if f.name in data.column_names
            else pa.nulls(data.num_rows, f.type)
            for f in target
        ]
        self._store_arrow(key, pa.table(columns, schema=target), keep=entry["folder"])

    def write_temp_arrow(self, name: str, data: pa.Table) -> None:
        df = self.spark.createDataFrame(spark_safe(data))
        df.localCheckpoint(eager=True).createOrReplaceTempView(name)
        self._temporary.add(name.casefold())

    def table_exists(self, name: str) -> bool:
        return self._key(name) is not None or name.casefold() in self._temporary

    def list_tables(self) -> list[str]:
        return sorted([*self._catalog, *self._temporary])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing, across every table the block touches.

        New table versions are written to fresh folders while the block runs and the catalogue
        is switched once, atomically, when it ends; on an exception the new folders are deleted
        and the catalogue is left as it was. Readers in other processes see the old tables until
        the switch. Nested blocks join the outer one. Temporary tables are not transactional.
        """
        if self._pending is not None:
            yield
            return
        pending = _Pending(before=dict(self._catalog))
        self._pending = pending
        try:
            yield
        except BaseException:
            self._pending = None
            for name in self._catalog:
                if name not in pending.before:
                    self.spark.catalog.dropTempView(name)
            self._catalog = pending.before
            for name in self._catalog:
                self._register(name)
            for folder in pending.created:
                shutil.rmtree(self.path / folder, ignore_errors=True)
            raise
        self._pending = None
        self._save_catalog()
        for folder in pending.retired:
            shutil.rmtree(self.path / folder, ignore_errors=True)

    def export_parquet(self, sql_or_table: str, path: Path) -> None:
        """Collects the result on the driver and writes one Parquet file atomically: meant for
        published outputs (indicator tables), not for whole record-level tables."""
        source = sql_or_table if " " in sql_or_table.strip() else f"SELECT * FROM {quote_ident(sql_or_table)}"
        table = self.query(source)
        with atomic_path(Path(path)) as tmp:
            pq.write_table(table, tmp, coerce_timestamps="us", allow_truncated_timestamps=True)

    def splink_db_api(self) -> Any:
        from splink import SparkAPI

        # Splink's checkpoints hold names and dates of birth: a private folder outside the
        # warehouse, removed when the warehouse closes (docs/privacy.md). On a cluster it must be
        # on storage every executor sees, so it sits beside the warehouse folder there.
        if self._checkpoints is None:
            local = str(self.spark.sparkContext.master).startswith("local")
            where = None if local else self.path.resolve().parent
            self._checkpoints = Path(tempfile.mkdtemp(prefix=".atr-splink-", dir=where))
        self.spark.sparkContext.setCheckpointDir(str(self._checkpoints))
        return SparkAPI(spark_session=self.spark, break_lineage_method="parquet")  # type: ignore[no-untyped-call]

    def set_meta(self, key: str, value: Any) -> None:
        """As the base class, but without three Spark jobs: the small table is rewritten in Arrow."""
        current = {}
        if self.table_exists(META_TABLE):
            current = {r["key"]: r["value"] for r in self.rows(f"SELECT key, value FROM {META_TABLE}")}
        current[key] = json.dumps(value)
        rows = pa.table({"key": list(current), "value": list(current.values())}, schema=_META_SCHEMA)
        self._store_arrow(self._key(META_TABLE) or META_TABLE, rows)

    # --- engine capabilities ----------------------------------------------------------------
    def limit_memory(self, gigabytes: float) -> None:
        """Ignored: Spark's memory is its own configuration (``spark.driver.memory`` …)."""

    def drop_prefixed(self, prefix: str) -> None:
        """The warehouse's own tables only: Splink's working tables here are session views that
        go with the session."""
        for name in self.list_tables():
            if name.casefold().startswith(prefix.casefold()):
                self.execute(f"DROP TABLE IF EXISTS {quote_ident(name)}")

    def staging_area(self, reference: Sequence[str] = ()) -> AbstractContextManager[Warehouse]:
        return temporary_staging(self, reference)

    def close(self) -> None:
        for name in list(self._temporary):
            self.spark.catalog.dropTempView(name)
        self._temporary.clear()
        if self._checkpoints is not None:
            shutil.rmtree(self._checkpoints, ignore_errors=True)
            self._checkpoints = None
        if self._owns_session:
            self.spark.stop()


_META_SCHEMA = pa.schema([("key", pa.string()), ("value", pa.string())])
__all__ = ["SparkWarehouse", "build_spark_session"]
