"""Members (people in the network) and the groups they meet in.

Lived experience is self-declared, optional and private: it is never shown on a profile and is
only ever counted in aggregate, with small counts suppressed.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models

from atr.platform.network.models.organisations import District, Interest, Organisation
from atr.platform.network.vocab import CONTACT_PREFERENCES, GROUP_KINDS, LIVED_EXPERIENCE


class Member(models.Model):
    """A person's profile. Listed publicly only with their consent (``listed``)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="member")
    display_name = models.CharField(max_length=120)
    job_title = models.CharField("Role", max_length=120, blank=True)
    bio = models.TextField("About you", blank=True, max_length=2000)
    expertise = models.CharField(max_length=300, blank=True)
    organisations = models.ManyToManyField(
        Organisation, through="network.Membership", related_name="members", blank=True
    )
    districts = models.ManyToManyField(District, related_name="members", blank=True)
    interests = models.ManyToManyField(Interest, related_name="members", blank=True)
    listed = models.BooleanField("List me in the public directory", default=False)
    contact_preference = models.CharField(max_length=10, choices=CONTACT_PREFERENCES, default="via_team")
    lived_experience = models.CharField(max_length=12, choices=LIVED_EXPERIENCE, blank=True, default="")
    joined_date = models.DateField(default=date.today)
    search_text = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]
        # The directory lists consenting members by name: one index serves filter and order.
        indexes = [models.Index(fields=["listed", "display_name"], name="member_listed_name")]

    def __str__(self) -> str:
        return self.display_name

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = " ".join([self.display_name, self.job_title, self.expertise, self.bio])
        super().save(*args, **kwargs)

    def primary_organisation(self) -> Organisation | None:
        first = self.memberships.select_related("organisation").order_by("id").first()
        return first.organisation if first else None


class NetworkGroup(models.Model):
    """A subgroup, pilot or collective (e.g. the Youth Collective) with its purpose and members."""

    name = models.CharField(max_length=150, unique=True)
    kind = models.CharField(max_length=12, choices=GROUP_KINDS)
    purpose = models.TextField(max_length=2000)
    members = models.ManyToManyField(Member, related_name="groups", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
