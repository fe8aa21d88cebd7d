"""Organisations of the network, the districts they serve, and who belongs to (or leads) them."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models

from atr.platform.network import validators
from atr.platform.network.vocab import SECTOR_LABELS, SECTORS


class WebsiteField(models.URLField):
    """A URL field whose form assumes https:// when the scheme is left out (Django 6's default)."""

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"assume_scheme": "https", **kwargs})


class District(models.Model):
    """One of the five West Yorkshire districts (seeded by a migration; ONS LAD code)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Interest(models.Model):
    """A topic members say they work on or want to hear about ("who does what")."""

    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    """An organisation in the network. ``headcount`` is the denominator for training coverage."""

    name = models.CharField(max_length=200)
    sector = models.CharField(max_length=40, choices=SECTORS)
    districts = models.ManyToManyField(District, related_name="organisations", blank=True)
    description = models.TextField(blank=True, max_length=2000)
    website = WebsiteField(blank=True, max_length=300)
    ods_code = models.CharField(
        "ODS code", max_length=6, blank=True, validators=[validators.validate_ods_code]
    )
    urn = models.CharField("School URN", max_length=6, blank=True, validators=[validators.validate_urn])
    charity_number = models.CharField(
        max_length=10, blank=True, validators=[validators.validate_charity_number]
    )
    company_number = models.CharField(
        max_length=8, blank=True, validators=[validators.validate_company_number]
    )
    headcount = models.PositiveIntegerField(null=True, blank=True, help_text="Staff in the workforce")
    joined_date = models.DateField(default=date.today)
    search_text = models.TextField(blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["sector"]), models.Index(fields=["name"], name="organisation_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def sector_label(self) -> str:
        return SECTOR_LABELS.get(self.sector, self.sector)

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = " ".join([self.name, self.sector_label, self.description])
        super().save(*args, **kwargs)


class Membership(models.Model):
    """A member's place in an organisation; a lead may manage the organisation's profile."""

    member = models.ForeignKey("network.Member", on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    is_lead = models.BooleanField("Organisation lead", default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "organisation"], name="one_membership_per_organisation")
        ]

    def __str__(self) -> str:
        return f"{self.member} at {self.organisation}"
