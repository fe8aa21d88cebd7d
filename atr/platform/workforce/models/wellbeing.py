"""Anonymous staff wellbeing survey rounds (ProQOL 5).

A response is never linked to a token or an account, and keeps only the three scale scores (not
the thirty answers), so no individual answer exists to be shown. Tokens are stored as hashes and
marked used in the same transaction that stores the response.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class SurveyRound(models.Model):
    """One organisation's wellbeing survey, open between two days."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="survey_rounds"
    )
    title = models.CharField(max_length=120)
    opens_on = models.DateField()
    closes_on = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-opens_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class SurveyToken(models.Model):
    """A single-use link: only the SHA-256 of the token is kept."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="tokens")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)


class SurveyResponse(models.Model):
    """One anonymous response: the three ProQOL scale sums (10–50), nothing else."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    compassion_satisfaction = models.PositiveSmallIntegerField()
    burnout = models.PositiveSmallIntegerField()
    secondary_traumatic_stress = models.PositiveSmallIntegerField()
