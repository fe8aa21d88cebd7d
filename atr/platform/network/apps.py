"""App configuration: registers every network model with the audit trail once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "atr.platform.network"
    label = "network"
    verbose_name = "ATR Network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from atr.platform.network.audit import register_audited_models
        from atr.platform.network.roles_setup import grant_team_permissions

        register_audited_models()
        post_migrate.connect(grant_team_permissions, sender=self)
