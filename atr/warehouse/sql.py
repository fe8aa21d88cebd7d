"""Quoting for SQL written as text: the one place names and values are escaped.

Stages build SQL as strings (the warehouse transpiles it for Spark), so a name or a value put
into a statement must be escaped the same way everywhere; a second copy of these two lines is
how a quoting bug gets fixed in one place and not the other.
"""

from __future__ import annotations

__all__ = ["quote_ident", "sql_literal"]


def quote_ident(name: str, quote: str = '"') -> str:
    """``name`` as a quoted identifier: ``"name"`` in DuckDB's dialect (the one stages write),
    or with ``quote="`"`` in Spark's (for the SQL the Spark engine writes itself)."""
    return quote + name.replace(quote, quote * 2) + quote


def sql_literal(value: str) -> str:
    """``value`` as a SQL string literal (single quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"
