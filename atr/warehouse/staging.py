"""A staging area for engines that cannot read and check files themselves: a temporary DuckDB.

Why DuckDB even when the warehouse is Spark: checking an extract is file work, done on the
machine where the files are, and ingest's checks rely on DuckDB's CSV reader (every field read
as text, rows kept in file order so a bad row is reported by its line) and on temp tables for
the quarantine, none of which a Spark cluster does the same way. The area is a throw-away
DuckDB file holding a copy of the reference tables the checks need; what is accepted there
(already pseudonymised) is copied in by :meth:`Warehouse.adopt_partitions`. The file is deleted
when the block ends.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from atr.warehouse.base import Warehouse
from atr.warehouse.duckdb_engine import DuckDBWarehouse
from atr.warehouse.sql import quote_ident


@contextmanager
def temporary_staging(source: Warehouse, reference: Sequence[str] = ()) -> Iterator[Warehouse]:
    """A fresh DuckDB file with ``source``'s ``reference`` tables copied in, deleted on exit."""
    with (
        tempfile.TemporaryDirectory(prefix="atr-staging-") as folder,
        DuckDBWarehouse(Path(folder) / "staging.duckdb") as area,
    ):
        for name in reference:
            if source.table_exists(name):
                area.write_arrow(name, source.query(f"SELECT * FROM {quote_ident(name)}"))
        with area.staging_area() as staged:
            yield staged
