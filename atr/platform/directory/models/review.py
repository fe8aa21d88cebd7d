"""Proposals: what an organisation lead asks to add or change, held until the programme team reviews.

The public directory never shows a lead's words before review: a proposal keeps the proposed
entry as data, and only approving it writes the service (see :mod:`atr.platform.directory.workflow`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from atr.platform.directory.models.services import Organization, Service


class Proposal(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "Waiting for review"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Returned"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="proposals")
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="proposals"
    )
    data = models.JSONField(help_text="The proposed entry, as the proposal form cleaned it")
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="directory_proposals"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True, help_text="The reviewer's reason, shown to the lead")

    class Meta:
        ordering = ["-proposed_at"]
        indexes = [models.Index(fields=["state", "proposed_at"])]

    def __str__(self) -> str:
        return f"{self.data.get('name', 'Service')} ({self.get_state_display()})"
