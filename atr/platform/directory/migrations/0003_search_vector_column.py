"""On PostgreSQL only: the services' full-text vector as a stored generated column with its own GIN
index, so a search never computes ``to_tsvector`` row by row (at 20,000 services that took 1.5 s
whenever the planner preferred another index). SQLite has neither; its search needs neither."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def add_column(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_service_fts")
    schema_editor.execute(
        "ALTER TABLE directory_service ADD COLUMN IF NOT EXISTS search_vector tsvector "
        "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, COALESCE(search_text, ''))) STORED"
    )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_vector ON directory_service USING gin (search_vector)"
    )


def drop_column(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS directory_service_vector")
    schema_editor.execute("ALTER TABLE directory_service DROP COLUMN IF EXISTS search_vector")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS directory_service_fts ON directory_service "
        "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
    )


class Migration(migrations.Migration):
    dependencies = [("directory", "0002_service_kinds_and_search_index")]

    operations = [migrations.RunPython(add_column, drop_column)]
