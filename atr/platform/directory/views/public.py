"""The public directory: find services by need, age, place and postcode; one page per service.

The search runs :func:`atr.platform.directory.search.find_services`, the same query the Open
Referral UK API answers with. The page is a server-rendered list (the core, no JavaScript) with a
small map drawn as an SVG of the services' points beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from atr.platform.directory.map import MapPoint, svg_map
from atr.platform.directory.models import STALE_AFTER, Review, Service, TaxonomyTerm
from atr.platform.directory.oruk import full_services
from atr.platform.directory.search import BadQuery, Place, ServiceQuery, distance_m, find_services, locate
from atr.platform.directory.taxonomy import TAXONOMY_ID
from atr.platform.network.access import Role, allow
from atr.reference import DISTRICTS

PER_PAGE = 20
DISTANCES_KM = (1, 2, 5, 10, 20)


@dataclass
class Row:
    href: str
    name: str
    organisation: str
    kinds: str
    ages: str
    address: str
    last_checked: date
    stale: bool
    distance: str = ""
    point: tuple[float, float] | None = None


@dataclass
class Search:
    values: dict[str, str]
    query: ServiceQuery
    errors: dict[str, str] = field(default_factory=dict)


def ages(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return "All ages"
    if high is None:
        return f"{low} and over"
    if low is None or low == 0:
        return f"Up to {high}"
    return f"{low} to {high}"


def _read(request: HttpRequest, kinds: dict[str, str]) -> Search:
    get = request.GET
    values = {k: get.get(k, "").strip()[:100] for k in ("q", "need", "age", "district", "postcode", "within")}
    errors: dict[str, str] = {}
    need = values["need"] if values["need"] in kinds else ""
    district = values["district"] if values["district"] in DISTRICTS else ""
    age = None
    if values["age"]:
        if values["age"].isdigit() and int(values["age"]) <= 130:
            age = int(values["age"])
        else:
            errors["age"] = "Enter an age as a whole number, like 15"
    place: Place | None = None
    if values["postcode"]:
        try:
            place = locate(values["postcode"])
        except BadQuery:
            errors["postcode"] = "Enter a UK postcode, like LS1 4AP, or the first half, like LS1"
        else:
            if place is None:
                errors["postcode"] = "We do not know that postcode. Try the first half, like LS1"
    within = int(values["within"]) if values["within"] in {str(d) for d in DISTANCES_KM} else None
    query = ServiceQuery(
        text=values["q"],
        term=need,
        age=age,
        district=district,
        place=place,
        proximity_m=within * 1000.0 if (within and place) else None,
    )
    return Search(values, query, errors)


def _rows(services: list[Service], place: Place | None) -> list[Row]:
    stale_before = date.today() - STALE_AFTER
    rows = []
    for s in services:
        location = next((sal.location for sal in s.service_at_locations.all()), None)
        point = (
            (location.latitude, location.longitude) if location and location.latitude is not None else None
        )
        row = Row(
            href=f"/services/{s.pk}/",
            name=s.name,
            organisation=s.organization.name,
            kinds=", ".join(t.name for t in s.terms.all()),
            ages=ages(s.minimum_age, s.maximum_age),
            address=", ".join(x for x in (location.address_1, location.city, location.postal_code) if x)
            if location
            else "",
            last_checked=s.last_checked,
            stale=s.last_checked < stale_before,
            point=point,
        )
        if place is not None and point is not None:
            row.distance = f"{distance_m(place, point[0], point[1]) / 1000:.1f} km away"
        rows.append(row)
    return rows


@allow(Role.PUBLIC)
def search(request: HttpRequest) -> HttpResponse:
    kinds = dict(TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID).values_list("code", "name"))
    found = _read(request, kinds)
    status = 400 if found.errors else 200
    query = ServiceQuery() if found.errors else found.query
    qs = full_services(find_services(query))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    rows = _rows(list(page.object_list), query.place)
    points = [
        MapPoint(r.point[0], r.point[1], r.name, number)
        for number, r in enumerate(rows, start=page.start_index())
        if r.point
    ]
    here = (
        MapPoint(query.place.latitude, query.place.longitude, query.place.postcode) if query.place else None
    )
    kept = {k: v for k, v in found.values.items() if v}
    context: dict[str, Any] = {
        "page_title": "Error: Find a service" if found.errors else "Find a service",
        "nav": "services",
        "values": found.values,
        "errors": found.errors,
        "kinds": kinds.items(),
        "districts": sorted(DISTRICTS.items(), key=lambda kv: kv[1]),
        "distances": DISTANCES_KM,
        "rows": rows,
        "page": page,
        "total": page.paginator.count,
        "map_svg": svg_map(points, here) if points else "",
        "query_string": urlencode(kept),
        "api_link": "/api/oruk/services?" + urlencode(_api_params(query)),
    }
    return render(request, "directory/search.html", context, status=status)


def _api_params(query: ServiceQuery) -> dict[str, str]:
    params = {"search": query.text, "taxonomy_term_id": query.term}
    if query.place is not None:
        params["postcode"] = query.place.postcode
        if query.proximity_m:
            params["proximity"] = str(int(query.proximity_m))
    return {k: v for k, v in params.items() if v}


@allow(Role.PUBLIC)
def detail(request: HttpRequest, pk: Any) -> HttpResponse:
    service = full_services(Service.objects.filter(pk=pk, review=Review.PUBLISHED)).first()
    if service is None:
        raise Http404("No such service")
    locations = [sal.location for sal in service.service_at_locations.all()]
    context = {
        "page_title": service.name,
        "nav": "services",
        "service": service,
        "ages": ages(service.minimum_age, service.maximum_age),
        "locations": locations,
        "stale": service.is_stale,
        "areas": [DISTRICTS.get(a.area_code, a.name or a.area_code) for a in service.service_areas.all()],
    }
    return render(request, "directory/service.html", context)
