"""Organisational self-assessment rounds against the item bank, one answer per item."""

from __future__ import annotations

from django.conf import settings
from django.db import models

ROUND_STATUSES: tuple[tuple[str, str], ...] = (
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("reviewed", "Reviewed by the programme team"),
)


class AssessmentRound(models.Model):
    """One organisation's self-assessment in one year: draft → submitted → reviewed."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="assessment_rounds"
    )
    bank_version = models.CharField(max_length=20)
    status = models.CharField(max_length=20, choices=ROUND_STATUSES, default="draft")
    started_on = models.DateField()
    submitted_on = models.DateField(null=True, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(blank=True, max_length=2000)

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["organisation", "status"], name="round_org_status")]

    def __str__(self) -> str:
        return f"{self.organisation} self-assessment {self.started_on:%Y-%m-%d}"


class AssessmentAnswer(models.Model):
    """The maturity score (on the bank's scale) and evidence note for one item of a round."""

    round = models.ForeignKey(AssessmentRound, on_delete=models.CASCADE, related_name="answers")
    item_id = models.CharField(max_length=20)
    score = models.PositiveSmallIntegerField()
    evidence = models.TextField(blank=True, max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["round", "item_id"], name="one_answer_per_item")]
