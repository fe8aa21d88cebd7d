"""Taxonomies and their terms (HSDS ``taxonomy``, ``taxonomy_term``): what kind of service it is."""

from __future__ import annotations

import uuid

from django.db import models


class Taxonomy(models.Model):
    """A vocabulary of terms (this platform's own kinds of service, or one an import brought)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    uri = models.URLField(blank=True, max_length=500)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "taxonomies"

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    """One term; ``code`` is the HSDS ``term`` (for our own taxonomy, the kind's code)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.ForeignKey(
        Taxonomy, null=True, blank=True, on_delete=models.PROTECT, related_name="terms"
    )
    code = models.CharField(max_length=120, blank=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    parent_id = models.UUIDField(
        null=True, blank=True, help_text="The parent term's id (may be in another feed)"
    )
    term_uri = models.URLField(blank=True, max_length=500)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        indexes = [models.Index(fields=["code"])]

    def __str__(self) -> str:
        return self.name
