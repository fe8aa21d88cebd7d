"""App configuration: registers every network model with the audit trail once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "atr.platform.network"
    label = "network"
    verbose_name = "ATR Network"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from atr.platform.network.audit import register_audited_models

        register_audited_models()
