"""On PostgreSQL only: each searchable table's full-text vector as a stored generated column with
its own GIN index, in place of the expression index of 0002.

Ranking the matches (``ts_rank``) needs the vector of every matching row; with only an expression
index PostgreSQL recomputed ``to_tsvector`` for each of them on every search (60 ms for "school"
over 10,000 members, most of a search page's time under load). A stored vector is computed once,
when the row is written. SQLite has neither and its word match needs neither.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLES = (
    ("network_organisation", "network_org_fts", "network_org_vector"),
    ("network_member", "network_member_fts", "network_member_vector"),
)
VECTOR = "to_tsvector('english'::regconfig, COALESCE(search_text, ''))"


def add_columns(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, new_index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {old_index}")
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector "
            f"GENERATED ALWAYS AS ({VECTOR}) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {new_index} ON {table} USING gin (search_vector)")


def drop_columns(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, old_index, new_index in TABLES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {new_index}")
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {old_index} ON {table} USING gin ({VECTOR})")


class Migration(migrations.Migration):
    dependencies = [("network", "0003_directory_order_indexes")]

    operations = [migrations.RunPython(add_columns, drop_columns)]
