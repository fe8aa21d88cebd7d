"""Custom Splink comparison levels that run on every Splink backend.

Splink's own levels (``JaroWinklerLevel`` …) write each backend's function names; a
``CustomLevel`` is passed through as written, and the similarity functions are not named alike
(``jaro_winkler_similarity`` on DuckDB, ``jaro_winkler`` from Splink's jar on Spark), nor does
sqlglot translate them. A :class:`PortableLevel` is written with placeholders, filled in from
the backend's Splink dialect when the model is built.
"""

from __future__ import annotations

from typing import Any

from splink import comparison_level_library as cll


class PortableLevel(cll.CustomLevel):
    """A custom condition with ``{jaro_winkler}`` / ``{damerau_levenshtein}`` placeholders."""

    def create_sql(self, sql_dialect: Any) -> str:
        return self.sql_condition.format(
            jaro_winkler=sql_dialect.jaro_winkler_function_name,
            damerau_levenshtein=sql_dialect.damerau_levenshtein_function_name,
        )
