"""A DuckDB warehouse that records every SQL statement a stage sends it, for snapshot tests.

Snapshots of the generated SQL (syrupy, ``__snapshots__/``) make a change to what a stage asks
the engine visible in review: an intended change is accepted with ``pytest --snapshot-update``
and the diff of the ``.ambr`` file shows the SQL that changed. Statements are normalised (each
line stripped, blank lines dropped) so re-indenting the Python does not churn the snapshots.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyarrow as pa

from atr.warehouse import DuckDBWarehouse


def normalise(sql: str) -> str:
    return "\n".join(line.strip() for line in sql.strip().splitlines() if line.strip())


class RecordingWarehouse(DuckDBWarehouse):
    """Records the SQL of ``execute`` and ``query`` (which ``rows``, ``scalar``, … go through)."""

    def __init__(self) -> None:
        super().__init__(":memory:")
        self.statements: list[str] = []

    def execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.statements.append(normalise(sql))
        super().execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        self.statements.append(normalise(sql))
        return super().query(sql, params)

    def generated(self, *, starting: tuple[str, ...] = ("CREATE", "INSERT", "WITH", "SELECT")) -> list[str]:
        """The recorded statements that build or read tables (not catalogue look-ups)."""
        skip = ("information_schema", "duckdb_", "PRAGMA", "atr_meta", "LIMIT 0")
        return [
            s for s in self.statements if s.upper().startswith(starting) and not any(k in s for k in skip)
        ]
