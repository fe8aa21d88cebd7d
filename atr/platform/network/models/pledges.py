"""Pledges of commitment (by a person, an organisation or both) and their progress over time.

An organisation signs the programme's charter for trauma-informed practice by making a pledge of
type ``charter``. When a member erases their account, their public pledges stay on the record
without their name (``member`` becomes empty and ``anonymised`` is set).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from atr.platform.network.models.organisations import Organisation
from atr.platform.network.models.people import Member
from atr.platform.network.vocab import PLEDGE_CATEGORIES, PLEDGE_TYPES


class Pledge(models.Model):
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.SET_NULL, related_name="pledges"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="pledges"
    )
    pledge_type = models.CharField(max_length=8, choices=PLEDGE_TYPES, default="pledge")
    category = models.CharField(max_length=20, choices=PLEDGE_CATEGORIES)
    commitment = models.TextField(max_length=2000)
    made_date = models.DateField(default=date.today)
    is_public = models.BooleanField("Show this pledge publicly", default=True)
    anonymised = models.BooleanField(default=False, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-made_date", "-id"]
        indexes = [models.Index(fields=["is_public", "made_date"])]

    def __str__(self) -> str:
        return f"{self.get_pledge_type_display()}: {self.commitment[:60]}"

    def clean(self) -> None:
        if self.pledge_type == "charter" and self.organisation_id is None:
            raise ValidationError({"organisation": "Choose the organisation that signs the charter"})

    @property
    def pledger_kind(self) -> str:
        return "person" if self.member_id is not None or self.anonymised else "organisation"


class ProgressUpdate(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="updates")
    update_date = models.DateField(default=date.today)
    text = models.TextField("What has happened", max_length=2000)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-update_date", "-id"]

    def __str__(self) -> str:
        return f"{self.update_date}: {self.text[:60]}"
