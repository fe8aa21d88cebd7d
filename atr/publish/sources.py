"""Where the published tables come from: a warehouse, or a folder of exported tables.

Publishing teams may be handed only the exported ``indicator_value``/``indicator_meta`` files
(CSV or Parquet) rather than the warehouse, so both are read through one small interface. Only
the tables listed in :data:`READABLE_TABLES` can be read at all: the publish stage has no way to
reach a person-level table, even by mistake.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from atr.errors import InputFileError, UsageError
from atr.warehouse import META_TABLE, Warehouse

READABLE_TABLES = (
    "indicator_value",
    "indicator_meta",
    "ref_area",
    "ref_boundary",
    "ingest_file",
    "ingest_batch",
    "link_quality",
    "modelled_toxic_trio",
    "hidden_need",
    "capture_recapture",
    "governance_record",
    "need_provision_ward",
    "provision_allocation",
    "provision_sensitivity",
    "provision_service_place",
    "evaluation_programme",
    "evaluation_profile",
    "evaluation_effect",
    "evaluation_balance",
    "evaluation_its",
)
"""The published zone plus public geography, aggregate quality summaries, the governance
records (public documents, ``atr governance``), need against provision (``atr provision``:
public services, modelled need, disclosure-controlled recorded need) and the evaluation's
aggregates and estimates (``atr evaluate``: per programme, no person rows): nothing else."""


class TableSource(Protocol):
    """Somewhere the published tables can be read from."""

    def describe(self) -> str:
        """Name the source in messages (a path, plus the table when useful)."""
        ...

    def where(self, table: str) -> str:
        """How to name ``table`` of this source in an error message."""
        ...

    def read(self, table: str) -> pa.Table | None:
        """The whole table, or None when the source does not have it."""
        ...

    def meta(self, key: str) -> Any:
        """A value from ``atr_meta`` (None when absent)."""
        ...


def _allowed(table: str) -> None:
    if table not in READABLE_TABLES:
        raise ValueError(f"publish may not read table '{table}'")


class WarehouseSource:
    """Tables straight from the warehouse (read-only use)."""

    def __init__(self, warehouse: Warehouse, path: Path | None = None) -> None:
        self.warehouse = warehouse
        self.path = path
        # One list_tables() up front: publish asks about many optional tables.
        self._tables = set(warehouse.list_tables())

    def describe(self) -> str:
        return f"warehouse {self.path}" if self.path else "warehouse"

    def where(self, table: str) -> str:
        return f"{self.path or 'warehouse'}: table {table}"

    def read(self, table: str) -> pa.Table | None:
        _allowed(table)
        if table not in self._tables:
            return None
        return self.warehouse.query(f'SELECT * FROM "{table}"')

    def meta(self, key: str) -> Any:
        if META_TABLE not in self._tables:
            return None
        raw = self.warehouse.scalar(f"SELECT value FROM {META_TABLE} WHERE key = ?", [key])
        return None if raw is None else json.loads(raw)


class FolderSource:
    """Exported tables: ``<table>.parquet`` or ``<table>.csv`` in one folder.

    ``atr_meta`` may sit beside them as ``atr_meta.json`` (an object of key → value) or as an
    exported ``atr_meta`` table with ``key`` and JSON-encoded ``value`` columns.
    """

    def __init__(self, folder: Path) -> None:
        if not folder.is_dir():
            raise UsageError(f"{folder}: tables folder not found")
        self.folder = folder
        self._meta: dict[str, Any] | None = None

    def describe(self) -> str:
        return f"tables folder {self.folder}"

    def _file(self, table: str) -> Path | None:
        for suffix in (".parquet", ".csv"):
            candidate = self.folder / f"{table}{suffix}"
            if candidate.is_file():
                return candidate
        return None

    def where(self, table: str) -> str:
        found = self._file(table)
        return str(found or self.folder / f"{table}.csv")

    def read(self, table: str) -> pa.Table | None:
        _allowed(table)
        path = self._file(table)
        if path is None:
            return None
        try:
            if path.suffix == ".parquet":
                return pq.read_table(path)
            # Codes such as ward names or "01" deciles must stay text: read every column as text
            # and let the record readers convert numbers, naming the row and field on failure.
            with path.open(encoding="utf-8", newline="") as handle:
                names = next(csv.reader(handle), [])
            types = {name: pa.string() for name in names}
            return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(column_types=types))
        except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as exc:
            raise InputFileError(path, f"cannot read table: {exc}") from exc

    def _load_meta(self) -> dict[str, Any]:
        if self._meta is not None:
            return self._meta
        meta: dict[str, Any] = {}
        json_path = self.folder / "atr_meta.json"
        if json_path.is_file():
            try:
                loaded = json.loads(json_path.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                raise InputFileError(json_path, f"not valid JSON: {exc}") from exc
            if not isinstance(loaded, dict):
                raise InputFileError(json_path, "expected a JSON object of key: value")
            meta.update(loaded)
        for suffix in (".parquet", ".csv"):
            path = self.folder / f"atr_meta{suffix}"
            if path.is_file():
                table = pq.read_table(path) if suffix == ".parquet" else pacsv.read_csv(path)
                for i, row in enumerate(table.to_pylist()):
                    try:
                        meta[str(row["key"])] = json.loads(str(row["value"]))
                    except (KeyError, json.JSONDecodeError) as exc:
                        raise InputFileError(path, f"bad entry: {exc}", row=i + 2) from exc
        self._meta = meta
        return meta

    def meta(self, key: str) -> Any:
        return self._load_meta().get(key)
