"""App configuration: registers the directory's records with the audit trail once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "atr.platform.directory"
    label = "directory"
    verbose_name = "Service directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from atr.platform.directory import models as m

        for model in (m.Organization, m.Service, m.Location, m.Proposal, m.TaxonomyTerm):
            if not auditlog.contains(model):
                auditlog.register(model, exclude_fields=["search_text", "last_modified"])
