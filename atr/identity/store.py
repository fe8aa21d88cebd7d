"""The identity store: names, dates of birth, postcodes and addresses, apart from the warehouse.

Why apart: the analysis warehouse holds per-child flags for thousands of people; if it also held
their names, one join would turn it into a named list of the most vulnerable children in the
region. So the identities ingest reads (``identity_person``) live in their own file, encrypted,
opened only by ``atr ingest`` (which writes it) and ``atr link`` (which reads it into
session-private temporary tables), and by ``atr identity purge``. Every other stage sees only
pseudonymous ids.

The store is one Parquet file beside the warehouse (``atr.duckdb`` → ``atr.identity.parquet``,
``warehouse.spark/`` → ``warehouse.identity.parquet``), encrypted as :mod:`atr.identity.crypto`
describes. A change is written to a new file beside it and moved over the old one only when the
caller commits (ingest commits after the warehouse's own transaction), so a failed or killed run
leaves the previous store whole.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from atr.errors import AtrError
from atr.identity.crypto import WrongKeyError, decryption_properties, encryption_properties
from atr.pseudonymise import PseudonymisationKey

STORE_SUFFIX = ".identity.parquet"
IDENTITY_TABLE = "identity_person"
_BATCH_ROWS = 200_000

RowFilter = Callable[[pa.RecordBatch], pa.Array]
"""Given a batch of stored rows, a boolean array: True for the rows to remove."""


def identity_store_path(warehouse: Path) -> Path:
    """The store beside a warehouse: ``build/atr.duckdb`` → ``build/atr.identity.parquet``."""
    warehouse = Path(warehouse)
    return warehouse.with_name(warehouse.stem + STORE_SUFFIX)


def batch_keys(batch: pa.RecordBatch | pa.Table) -> pa.Array:
    """``dataset/partner_code`` of every row, to match rows against loaded batches."""
    return pc.binary_join_element_wise(batch.column("dataset"), batch.column("partner_code"), "/")


def rows_of_batches(batches: Iterable[tuple[str, str]]) -> RowFilter:
    """A filter removing every row of these (dataset, partner) batches."""
    wanted = pa.array(sorted(f"{d}/{p}" for d, p in batches), pa.string())
    return lambda batch: pc.fill_null(pc.is_in(batch_keys(batch), value_set=wanted), False)


@dataclass
class StagedStore:
    """A new version of the store written beside it; ``commit`` moves it into place."""

    tmp: Path
    target: Path
    rows: int

    def commit(self) -> None:
        os.replace(self.tmp, self.target)

    def discard(self) -> None:
        self.tmp.unlink(missing_ok=True)


class IdentityStore:
    """The encrypted identity file of one warehouse, opened with the project key."""

    def __init__(self, path: Path, key: PseudonymisationKey) -> None:
        self.path = Path(path)
        self.key = key

    @classmethod
    def beside(cls, warehouse: Path, key: PseudonymisationKey) -> IdentityStore:
        return cls(identity_store_path(warehouse), key)

    def exists(self) -> bool:
        return self.path.is_file()

    def __repr__(self) -> str:
        return f"IdentityStore({str(self.path)!r})"

    # --- reading -----------------------------------------------------------------------------
    def _open(self) -> pq.ParquetFile:
        if not self.exists():
            raise AtrError(f"{self.path}: identity store not found", hint="run `atr ingest` first")
        try:
            return pq.ParquetFile(self.path, decryption_properties=decryption_properties(self.key))
        except (WrongKeyError, OSError, ValueError) as exc:
            raise AtrError(
                f"{self.path}: the identity store cannot be opened with this key",
                hint="use the key file (or $ATR_PSEUDONYMISATION_KEY) that ingest used",
            ) from exc

    def schema(self) -> pa.Schema:
        return self._open().schema_arrow

    def iter_batches(self, columns: list[str] | None = None) -> Iterator[pa.RecordBatch]:
        yield from self._open().iter_batches(batch_size=_BATCH_ROWS, columns=columns)

    def read(self, columns: list[str] | None = None) -> pa.Table:
        """Every stored row (or only ``columns``) as one Arrow table."""
        source = self._open()
        return source.read(columns=columns)

    def count(self) -> int:
        return int(self._open().metadata.num_rows)

    # --- writing -----------------------------------------------------------------------------
    def stage(
        self,
        new: Iterable[pa.Table] = (),
        *,
        remove: RowFilter | None = None,
        previous: pa.Table | None = None,
        fresh: bool = False,
    ) -> StagedStore:
        """Write (beside the store, not over it) the stored rows ``remove`` does not select plus
        ``new``. ``previous`` stands in for the stored rows when there is no store yet (rows
        moved from a warehouse that predates the store), or when ``fresh`` says to ignore it
        (every batch replaced under a new key, which cannot open the old store)."""
        new = [t for t in new if t.num_rows]
        stored = self.exists() and not fresh
        old = self.iter_batches() if stored else iter([] if previous is None else previous.to_batches())
        schema = new[0].schema if new else (self.schema() if stored else _schema_of(previous))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        os.close(fd)  # mkstemp's file is readable by its owner only; the store keeps that
        tmp = Path(name)
        rows = 0
        try:
            with pq.ParquetWriter(
                tmp, schema, compression="zstd", encryption_properties=encryption_properties(self.key)
            ) as writer:
                for batch in old:
                    if remove is not None:
                        batch = batch.filter(pc.invert(remove(batch)))
                    if batch.num_rows:
                        writer.write_table(conform(pa.Table.from_batches([batch]), schema))
                        rows += batch.num_rows
                for table in new:
                    writer.write_table(conform(table, schema), row_group_size=_BATCH_ROWS)
                    rows += table.num_rows
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        return StagedStore(tmp, self.path, rows)

    def rewrite(self, remove: RowFilter) -> int:
        """Remove the rows ``remove`` selects, at once; the number of rows left."""
        staged = self.stage(remove=remove)
        staged.commit()
        return staged.rows

    # --- handing identities to linkage ---------------------------------------------------------
    def load_into(self, wh: Any, *, remove: RowFilter | None = None, name: str = IDENTITY_TABLE) -> int:
        """Put the stored rows (minus ``remove``'s) into a temporary table of ``wh``'s session."""
        table = self.read()
        if remove is not None and table.num_rows:
            table = table.filter(pc.invert(remove(table)))
        wh.write_temp_arrow(name, table)
        return int(table.num_rows)


def _schema_of(previous: pa.Table | None) -> pa.Schema:
    if previous is None:
        raise ValueError("an identity store needs rows or a schema to start from")
    return previous.schema


def conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """``table`` with exactly ``schema``'s columns (missing ones NULL), for rows from older runs."""
    columns = [
        table.column(f.name).cast(f.type)
        if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.table(columns, schema=schema)
