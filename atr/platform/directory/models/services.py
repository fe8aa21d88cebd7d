"""Organisations and their services (HSDS ``organization``, ``service`` and its one-to-many parts).

Identifiers are UUIDs, as the standard asks, so an imported record keeps its publisher's id and
a re-import updates it in place. ``review`` and ``last_checked`` are this platform's own: a
service is public only once the programme team has published it, and shows when it was last
checked (entries not checked for :data:`STALE_AFTER` are flagged).
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import models
from django.utils import timezone

from atr.platform.directory.models.taxonomy import TaxonomyTerm

STALE_AFTER = timedelta(days=365)
STATUSES = [(s, s.capitalize()) for s in ("active", "inactive", "defunct", "temporarily closed")]


class Review(models.TextChoices):
    PUBLISHED = "published", "Published"
    PENDING = "pending", "Waiting for review"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Organization(models.Model):
    """An organisation that provides services (the standard's spelling), maybe a network member."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True, max_length=500)
    logo = models.URLField(blank=True, max_length=500)
    uri = models.URLField(blank=True, max_length=500)
    network_organisation = models.ForeignKey(
        "network.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="directory_entries",
    )
    source = models.CharField(max_length=500, blank=True, help_text="Where an imported record came from")
    parent_organization_id = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="services")
    name = models.CharField(max_length=250)
    description = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)
    email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=STATUSES, default="active")
    fees_description = models.TextField(blank=True)
    accreditations = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.EmailField(blank=True)
    alert = models.TextField(blank=True)
    terms = models.ManyToManyField(
        TaxonomyTerm, related_name="services", blank=True, through="ServiceAttribute"
    )
    review = models.CharField(max_length=12, choices=Review.choices, default=Review.PENDING)
    last_checked = models.DateField(default=date.today)
    last_modified = models.DateTimeField(default=timezone.now, help_text="Set by each change or import")
    source = models.CharField(max_length=500, blank=True, help_text="Where an imported record came from")
    source_digest = models.CharField(max_length=64, blank=True, editable=False)
    search_text = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["review", "name"], name="directory_service_public"),
            models.Index(fields=["last_checked"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_stale(self) -> bool:
        return self.last_checked < date.today() - STALE_AFTER

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_text = " ".join([self.name, self.description, self.organization.name])
        super().save(*args, **kwargs)


class ServiceAttribute(models.Model):
    """A service's taxonomy term (HSDS ``attribute``), keeping the publisher's id and link type."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(TaxonomyTerm, on_delete=models.CASCADE, related_name="attributes")
    link_type = models.CharField(max_length=50, blank=True, default="service")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "taxonomy_term"], name="one_attribute_per_term")
        ]


class ServiceArea(models.Model):
    """Where a service is offered. ``area_code`` is the ONS code (ward or district) the area names,
    read from ``extent`` or the end of ``uri`` when it is one; the search matches on it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_areas")
    name = models.CharField(max_length=500, blank=True)
    extent = models.TextField(blank=True)
    extent_type = models.CharField(max_length=50, blank=True)
    service_area = models.TextField(blank=True, help_text="The UK profile's description of the area")
    uri = models.CharField(max_length=500, blank=True)
    area_code = models.CharField(max_length=9, blank=True, help_text="The ONS code the area names, if any")
    district_code = models.CharField(max_length=9, blank=True, help_text="The district the area lies in")

    class Meta:
        indexes = [models.Index(fields=["area_code"]), models.Index(fields=["district_code"])]


class Schedule(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=40, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    description = models.TextField(blank=True)
    attending_type = models.CharField(max_length=250, blank=True)
    notes = models.TextField(blank=True)
    schedule_link = models.URLField(blank=True, max_length=500)


class Contact(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=250, blank=True)
    title = models.CharField(max_length=250, blank=True)
    email = models.EmailField(blank=True)


class Phone(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    number = models.CharField(max_length=40)
    description = models.CharField(max_length=250, blank=True)


class CostOption(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="cost_options")
    option = models.CharField(max_length=250, blank=True)
    amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    amount_description = models.CharField(max_length=250, blank=True)
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)


class Language(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="languages")
    name = models.CharField(max_length=100, blank=True)
    code = models.CharField(max_length=20, blank=True)
    note = models.CharField(max_length=250, blank=True)


class Funding(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="funding")
    source = models.TextField(blank=True)
