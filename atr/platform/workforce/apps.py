"""App configuration: registers the workforce records with the audit trail once Django is ready."""

from __future__ import annotations

from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "atr.platform.workforce"
    label = "workforce"
    verbose_name = "ATR Workforce"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from atr.platform.workforce import models as m

        # Wellbeing answers are never audited: the trail would tie an answer to a time.
        for model in (m.Course, m.RoleRequirement, m.CompletionUpload, m.AssessmentRound, m.SurveyRound):
            if not auditlog.contains(model):
                auditlog.register(model)
