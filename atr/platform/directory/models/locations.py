"""Where services are: locations with their address and accessibility, the service–location link,
and the postcode table the public search uses to turn a postcode into a place.
"""

from __future__ import annotations

import uuid

from django.db import models

from atr.platform.directory.models.services import Service

LOCATION_TYPES = [(t, t.capitalize()) for t in ("physical", "postal", "virtual")]


class Location(models.Model):
    """A place (HSDS ``location``); its single address is kept on it (the UK profile has one)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location_type = models.CharField(max_length=10, choices=LOCATION_TYPES, default="physical")
    name = models.CharField(max_length=250, blank=True)
    description = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    address_id = models.UUIDField(null=True, blank=True)
    attention = models.CharField(max_length=250, blank=True)
    address_1 = models.CharField(max_length=250, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.CharField(max_length=100, blank=True)
    state_province = models.CharField(max_length=100, blank=True)
    postal_code = models.CharField(max_length=12, blank=True)
    country = models.CharField(max_length=2, blank=True, default="GB")
    address_type = models.CharField(max_length=10, blank=True, default="physical")
    ward_code = models.CharField(max_length=9, blank=True, help_text="From the postcode table")
    district_code = models.CharField(max_length=9, blank=True, help_text="From the postcode table")

    class Meta:
        indexes = [models.Index(fields=["latitude", "longitude"]), models.Index(fields=["district_code"])]

    def __str__(self) -> str:
        return self.name or self.postal_code or str(self.id)


class Accessibility(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="accessibility")
    description = models.TextField(blank=True)
    details = models.TextField(blank=True)
    url = models.URLField(blank=True, max_length=500)

    class Meta:
        verbose_name_plural = "accessibility"


class ServiceAtLocation(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="service_at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="service_at_locations")

    class Meta:
        ordering = ["id"]


class Postcode(models.Model):
    """A postcode's place: its LSOA, ward and district codes and a point (for distances)."""

    postcode = models.CharField(max_length=8, primary_key=True, help_text="Upper case, one space")
    lsoa_code = models.CharField(max_length=9)
    ward_code = models.CharField(max_length=9)
    district_code = models.CharField(max_length=9)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [models.Index(fields=["district_code"])]

    def __str__(self) -> str:
        return self.postcode
