"""Finding services: one query used by the Open Referral UK API and by the public pages alike.

Filters follow the profile's query parameters: ``search`` (words: PostgreSQL full-text search,
else every word must appear), ``taxonomy_term_id`` (a term's UUID, or one of our codes),
``taxonomy_id``, ``minimum_age`` / ``maximum_age`` (the service's own limits, as the profile
words them), ``age`` (a person's age: the pages' "who is it for"), ``postcode`` (the services
whose service area holds the postcode's ward or district, or that name no area) and ``proximity``
(metres from the postcode's point). Only published services are ever found.
"""

from __future__ import annotations

import math
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL

from atr.platform.directory.models import (
    Location,
    Postcode,
    Review,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    TaxonomyTerm,
)

MAX_WORDS = 12
EARTH_RADIUS_M = 6_371_000.0
_POSTCODE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)\s*([0-9][A-Z]{2})$")
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


class BadQuery(ValueError):
    """A query parameter that cannot be understood; the message names it."""


@dataclass(frozen=True)
class Place:
    """Where a postcode is (a full postcode, or an outward code's middle)."""

    postcode: str
    latitude: float
    longitude: float
    ward_code: str = ""
    district_code: str = ""


@dataclass(frozen=True)
class ServiceQuery:
    text: str = ""
    term: str = ""
    taxonomy_id: str = ""
    minimum_age: float | None = None
    maximum_age: float | None = None
    age: int | None = None
    district: str = ""
    place: Place | None = None
    proximity_m: float | None = None


def normalise_postcode(raw: str) -> str:
    """``ls1 4ap`` → ``LS1 4AP``; an outward code alone (``LS1``) stays as it is; else ``BadQuery``."""
    text = re.sub(r"\s+", " ", raw.strip().upper())
    match = _POSTCODE.match(text)
    if match:
        return f"{match.group(1)} {match.group(2)}"
    if _OUTWARD.match(text):
        return text
    raise BadQuery(f"postcode: {raw.strip()[:20]!r} is not a UK postcode")


def locate(raw: str) -> Place | None:
    """The place of a postcode from the postcode table; an unknown full postcode falls back to its
    outward code (the middle of the postcodes the table holds for it). None if nothing is known."""
    code = normalise_postcode(raw)
    if " " in code:
        row = Postcode.objects.filter(postcode=code).first()
        if row is not None:
            return Place(code, row.latitude, row.longitude, row.ward_code, row.district_code)
        code = code.split(" ")[0]
    rows = list(Postcode.objects.filter(postcode__startswith=f"{code} ")[:500])
    if not rows:
        return None
    districts = {r.district_code for r in rows}
    return Place(
        code,
        sum(r.latitude for r in rows) / len(rows),
        sum(r.longitude for r in rows) / len(rows),
        district_code=districts.pop() if len(districts) == 1 else "",
    )


def _with_term(value: str) -> QuerySet[Any]:
    """Service ids carrying the term (its UUID, or one of our codes)."""
    try:
        return ServiceAttribute.objects.filter(taxonomy_term_id=uuid.UUID(value)).values("service_id")
    except ValueError:
        return ServiceAttribute.objects.filter(taxonomy_term__code=value).values("service_id")


def _match_text(qs: QuerySet[Service], text: str) -> QuerySet[Service]:
    """On PostgreSQL, the stored ``search_vector`` (a generated column, GIN-indexed: migration
    0003) against the words as ``websearch`` syntax; elsewhere every word must appear."""
    words = text.split()[:MAX_WORDS]
    if not words:
        return qs
    if connection.vendor == "postgresql":
        # A self-contained subquery (its own FROM), so the filter stays right when this query is
        # itself used inside another (the service_at_locations listing).
        matching = RawSQL(
            "SELECT id FROM directory_service WHERE search_vector @@ websearch_to_tsquery('english'::regconfig, %s)",
            [" ".join(words)],
        )
        return qs.filter(id__in=matching)
    for word in words:
        qs = qs.filter(search_text__icontains=word)
    return qs


def find_services(query: ServiceQuery) -> QuerySet[Service]:
    """Published services matching every filter of ``query``, by name."""
    qs = Service.objects.filter(review=Review.PUBLISHED)
    if query.term:
        qs = qs.filter(id__in=_with_term(query.term))
    if query.taxonomy_id:
        try:
            taxonomy = uuid.UUID(query.taxonomy_id)
        except ValueError as exc:
            raise BadQuery("taxonomy_id: not a UUID") from exc
        terms = TaxonomyTerm.objects.filter(taxonomy_id=taxonomy)
        qs = qs.filter(id__in=ServiceAttribute.objects.filter(taxonomy_term__in=terms).values("service_id"))
    if query.minimum_age is not None:
        qs = qs.filter(minimum_age__gte=query.minimum_age)
    if query.maximum_age is not None:
        qs = qs.filter(maximum_age__lte=query.maximum_age)
    if query.age is not None:
        qs = qs.filter(Q(minimum_age__isnull=True) | Q(minimum_age__lte=query.age))
        qs = qs.filter(Q(maximum_age__isnull=True) | Q(maximum_age__gte=query.age))
    if query.district:
        qs = qs.filter(_serves(query.district, ""))
    if query.place is not None:
        if query.proximity_m is not None:
            qs = qs.filter(id__in=_near(query.place, query.proximity_m))
        else:
            qs = qs.filter(_serves(query.place.district_code, query.place.ward_code))
    return _match_text(qs, query.text).order_by("name", "id")


def _serves(district: str, ward: str) -> Q:
    """Services whose area is the ward or the district (or a ward in it, for a district search);
    a service that names no area at all serves where its locations are."""
    if ward:
        areas = ServiceArea.objects.filter(area_code__in=[c for c in (ward, district) if c])
    else:
        areas = ServiceArea.objects.filter(Q(area_code=district) | Q(district_code=district))
    located = ServiceAtLocation.objects.filter(location__district_code=district) if district else None
    condition = Q(id__in=areas.values("service_id"))
    if located is not None:
        no_area = ~Q(id__in=ServiceArea.objects.values("service_id"))
        condition |= no_area & Q(id__in=located.values("service_id"))
    return condition


def _near(place: Place, metres: float) -> list[uuid.UUID]:
    """Services with a location within ``metres`` of the place (a box in SQL, the circle here)."""
    dlat = math.degrees(metres / EARTH_RADIUS_M)
    dlon = dlat / max(0.01, math.cos(math.radians(place.latitude)))
    rows = Location.objects.filter(
        latitude__range=(place.latitude - dlat, place.latitude + dlat),
        longitude__range=(place.longitude - dlon, place.longitude + dlon),
    ).values_list("latitude", "longitude", "service_at_locations__service_id")
    return [sid for lat, lon, sid in rows if sid is not None and distance_m(place, lat, lon) <= metres]


def distance_m(place: Place, latitude: float, longitude: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(place.latitude), math.radians(latitude)
    dp, dl = p2 - p1, math.radians(longitude - place.longitude)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))
