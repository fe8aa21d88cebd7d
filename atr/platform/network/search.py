"""The public "find people and organisations" search.

On PostgreSQL the words are matched with the database's own full-text search (English stemming,
``websearch`` syntax, ranked, on a stored vector column with a GIN index the migrations create); on SQLite, which has
no such search in Django, every word must appear somewhere in the text (case-insensitive). The
filters (sector, district, interest) are the same on both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Exists, FloatField, OuterRef, QuerySet
from django.db.models.expressions import RawSQL

from atr.platform.network.models import Member, Membership, Organisation

SEARCH_CONFIG = "english"
MAX_WORDS = 12


@dataclass(frozen=True)
class Query:
    text: str = ""
    sector: str = ""
    district: str = ""
    interest: str = ""

    @property
    def empty(self) -> bool:
        return not (self.text or self.sector or self.district or self.interest)


def full_text_available() -> bool:
    return connection.vendor == "postgresql"


def _match_text(qs: QuerySet, text: str) -> QuerySet:
    words = text.split()[:MAX_WORDS]
    if not words:
        return qs
    if full_text_available():
        # The stored, GIN-indexed ``search_vector`` column (migration 0004): matched through the
        # index and ranked without recomputing any row's vector.
        table = qs.model._meta.db_table
        query = f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
        phrase = [" ".join(words)]
        matches = RawSQL(f'"{table}"."search_vector" @@ {query}', phrase, output_field=BooleanField())
        rank = RawSQL(f'ts_rank("{table}"."search_vector", {query})', phrase, output_field=FloatField())
        return qs.filter(matches).annotate(atr_rank=rank)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs


def find_organisations(query: Query) -> QuerySet[Organisation]:
    qs = Organisation.objects.all()
    if query.sector:
        qs = qs.filter(sector=query.sector)
    if query.district:
        qs = qs.filter(districts__code=query.district)
    if query.interest:
        listed_with_interest = Membership.objects.filter(
            organisation=OuterRef("pk"), member__listed=True, member__interests__slug=query.interest
        )
        qs = qs.filter(Exists(listed_with_interest))
    qs = _match_text(qs, query.text)
    order = ["-atr_rank", "name"] if query.text and full_text_available() else ["name"]
    return qs.order_by(*order)


def find_members(query: Query) -> QuerySet[Member]:
    """Only members who consented to be listed are ever returned."""
    qs = Member.objects.filter(listed=True)
    if query.sector:
        qs = qs.filter(
            Exists(Membership.objects.filter(member=OuterRef("pk"), organisation__sector=query.sector))
        )
    if query.district:
        qs = qs.filter(districts__code=query.district)
    if query.interest:
        qs = qs.filter(interests__slug=query.interest)
    qs = _match_text(qs, query.text)
    order = ["-atr_rank", "display_name"] if query.text and full_text_available() else ["display_name"]
    return qs.order_by(*order)
