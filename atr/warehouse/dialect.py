"""What differs between engines in the SQL a stage writes, as data rather than ``if`` statements.

Stage SQL is DuckDB's dialect and the Spark engine transpiles it, so nearly everything is the
same text on both. The few things that are not (functions with no common spelling, planner
hints one engine lacks) are named here, once per engine, and a stage asks the warehouse's
``dialect`` for them instead of checking which engine it runs on. Behaviour that differs (memory
limits, where files are checked, dropping engine leftovers) is a :class:`Warehouse` method.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["DUCKDB", "SPARK", "Dialect"]


@dataclass(frozen=True)
class Dialect:
    """SQL spellings that differ between engines."""

    name: str
    hash64_function: str
    """A 64-bit hash of any columns: DuckDB's ``hash``; Spark's ``hash`` is 32-bit, so
    ``xxhash64`` (blocking keys: a collision merges two blocks, so fewer bits means bigger
    blocks). Values differ between engines: never store or compare them across engines."""
    materialize_hint: str
    """Put before a CTE's body to have it computed once: DuckDB's ``MATERIALIZED`` (else it may
    inline a CTE referenced twice and compute it twice); Spark has no such hint."""

    def hash64(self, columns: Sequence[str]) -> str:
        """SQL for the 64-bit hash of ``columns`` (SQL expressions)."""
        return f"{self.hash64_function}({', '.join(columns)})"

    def cte(self, name: str, body: str) -> str:
        """``name AS (body)`` for a ``WITH`` clause, materialised where the engine can."""
        return f"{name} AS {self.materialize_hint}({body})"


DUCKDB = Dialect(name="duckdb", hash64_function="hash", materialize_hint="MATERIALIZED ")
SPARK = Dialect(name="spark", hash64_function="xxhash64", materialize_hint="")
