"""The directory's own taxonomy of service kinds (from :mod:`atr.platform.directory.taxonomy`) and,
on PostgreSQL only, a GIN index for the services' full-text search."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def add_service_kinds(apps: Any, schema_editor: Any) -> None:
    from atr.platform.directory import taxonomy as kinds

    taxonomy_model = apps.get_model("directory", "Taxonomy")
    term_model = apps.get_model("directory", "TaxonomyTerm")
    taxonomy, _ = taxonomy_model.objects.update_or_create(
        id=kinds.TAXONOMY_ID,
        defaults={
            "name": kinds.TAXONOMY_NAME,
            "description": kinds.TAXONOMY_DESCRIPTION,
            "version": kinds.TAXONOMY_VERSION,
        },
    )
    for position, kind in enumerate(kinds.SERVICE_KINDS):
        term_model.objects.update_or_create(
            id=kind.id,
            defaults={
                "taxonomy": taxonomy,
                "code": kind.code,
                "name": kind.name,
                "description": kind.description,
                "position": position,
            },
        )


def add_search_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS directory_service_fts ON directory_service "
            "USING gin (to_tsvector('english'::regconfig, COALESCE(search_text, '')))"
        )


def drop_search_index(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS directory_service_fts")


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]

    operations = [
        migrations.RunPython(add_service_kinds, migrations.RunPython.noop),
        migrations.RunPython(add_search_index, drop_search_index),
    ]
