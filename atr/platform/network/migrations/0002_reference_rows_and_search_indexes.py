"""Rows every platform needs (districts, interests, the two staff roles) and, on PostgreSQL only,
GIN indexes for full-text search (SQLite has no such index; its search does not need one)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

DISTRICTS = {
    "E08000032": "Bradford",
    "E08000033": "Calderdale",
    "E08000034": "Kirklees",
    "E08000035": "Leeds",
    "E08000036": "Wakefield",
}
ROLE_GROUPS = ("programme team", "auditor")
INDEXES = (
    ("network_organisation", "network_org_fts"),
    ("network_member", "network_member_fts"),
)


def add_rows(apps: Any, schema_editor: Any) -> None:
    from atr.platform.network.vocab import INTERESTS

    district = apps.get_model("network", "District")
    interest = apps.get_model("network", "Interest")
    group = apps.get_model("auth", "Group")
    for code, name in DISTRICTS.items():
        district.objects.update_or_create(code=code, defaults={"name": name})
    for slug, name in INTERESTS:
        interest.objects.update_or_create(slug=slug, defaults={"name": name})
    for name in ROLE_GROUPS:
        group.objects.get_or_create(name=name)


def add_search_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, index in INDEXES:
        # The expression matches what SearchVector("search_text", config="english") compiles to.
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index} ON {table} "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
        )


def drop_search_indexes(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for _, index in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index}")


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [
        migrations.RunPython(add_rows, migrations.RunPython.noop),
        migrations.RunPython(add_search_indexes, drop_search_indexes),
    ]
