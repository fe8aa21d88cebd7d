"""Training: the course catalogue, each organisation's staff and completions, and required levels.

A staff member is known only by the organisation's own reference (no name). ``StaffMember`` is
kept up to date from the completions (:mod:`atr.platform.workforce.coverage`): the role from the
latest completion, the level that role needs, and the day they first met it, so coverage on any
day is one count per organisation.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from atr.platform.workforce.levels import COURSE_KINDS, DELIVERY_MODES, LEVEL_LABELS, LEVELS


class Course(models.Model):
    """A course in the catalogue, and the practice level (or leadership) it trains to."""

    code = models.SlugField(max_length=40, unique=True, help_text="The short code used in uploads")
    title = models.CharField(max_length=200)
    provider = models.CharField(max_length=200)
    hours = models.DecimalField(max_digits=5, decimal_places=1)
    delivery_mode = models.CharField(max_length=20, choices=DELIVERY_MODES)
    level = models.CharField("Practice level", max_length=20, choices=COURSE_KINDS)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["level", "title"]

    def __str__(self) -> str:
        return f"{self.title} ({LEVEL_LABELS[self.level]})"


class RoleRequirement(models.Model):
    """The level an organisation requires of a role (``role`` is normalised: case folded)."""

    organisation = models.ForeignKey(
        "network.Organisation", on_delete=models.CASCADE, related_name="role_requirements"
    )
    role = models.CharField(max_length=80)
    level = models.CharField("Required level", max_length=20, choices=LEVELS)

    class Meta:
        ordering = ["role"]
        constraints = [models.UniqueConstraint(fields=["organisation", "role"], name="one_level_per_role")]

    def __str__(self) -> str:
        return f"{self.role}: {LEVEL_LABELS[self.level]}"


class CompletionUpload(models.Model):
    """One accepted upload of completions: who, when, which file, and what it changed."""

    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    saved = models.PositiveIntegerField()
    unchanged = models.PositiveIntegerField()
    set_aside = models.PositiveIntegerField()
    uploaded = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded"]


class Completion(models.Model):
    """A staff member completed a course on a day. Unique, so a re-upload adds nothing."""

    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")
    staff_ref = models.CharField(max_length=40)
    role = models.CharField(max_length=80)
    team = models.CharField(max_length=80, blank=True)
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField()
    upload = models.ForeignKey(CompletionUpload, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_ref", "course", "completed_on"], name="one_completion"
            )
        ]
        indexes = [models.Index(fields=["organisation", "staff_ref"], name="completion_staff")]


class StaffMember(models.Model):
    """One person in an organisation's workforce as the completions describe them (derived)."""

    organisation = models.ForeignKey("network.Organisation", on_delete=models.CASCADE, related_name="+")
    staff_ref = models.CharField(max_length=40)
    role = models.CharField(max_length=80)
    team = models.CharField(max_length=80, blank=True)
    required_level = models.CharField(max_length=20, choices=LEVELS)
    highest_level = models.CharField(max_length=20, choices=LEVELS, blank=True)
    met_on = models.DateField(null=True, blank=True, help_text="First day trained to the required level")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "staff_ref"], name="one_staff_ref")]
        indexes = [models.Index(fields=["organisation", "met_on"], name="staff_met_on")]
