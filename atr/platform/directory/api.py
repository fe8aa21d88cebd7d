"""The Open Referral UK API (``/api/oruk/``): public GETs, no key, ``Access-Control-Allow-Origin: *``.

Every endpoint of the UK profile's OpenAPI document, with its query parameters and the ``Page``
envelope; bodies come from :mod:`atr.platform.directory.oruk` and the filters from
:mod:`atr.platform.directory.search` (the public pages use the same). A bad parameter answers 400
and an unknown id 404, both with a JSON body that says what was wrong.
"""

from __future__ import annotations

import functools
import math
import re
import uuid
from collections.abc import Callable
from datetime import time
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt

from atr.platform.directory.models import Service, ServiceAtLocation, Taxonomy, TaxonomyTerm
from atr.platform.directory.openapi import openapi_document
from atr.platform.directory.oruk import (
    HSDS_VERSION,
    PROFILE_URL,
    full_services,
    page_json,
    service_at_location_full_json,
    service_at_location_list_json,
    service_full_json,
    service_list_json,
    taxonomy_json,
    term_json,
)
from atr.platform.directory.search import BadQuery, ServiceQuery, find_services, locate
from atr.platform.network.access import Role, allow

DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PROXIMITY_M = 200_000.0
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_TRUE = ("true", "1", "yes")


def _json(body: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status, safe=False, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    response["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


def endpoint(view: Callable[..., Any]) -> Callable[..., HttpResponse]:
    """Public, GET only, JSON out, CORS open; BadQuery → 400 with the reason.

    CSRF protection is switched off here on purpose: the API changes nothing and reads no cookie,
    and every method but GET, HEAD and OPTIONS gets a JSON 405 (rather than Django's HTML 403).
    """

    @csrf_exempt
    @allow(Role.PUBLIC)
    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":  # a CORS preflight: anyone may GET
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Origin"] = "*"
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Max-Age"] = "86400"
            return response
        if request.method not in ("GET", "HEAD"):
            response = _json({"error": "method not allowed: this API is read-only (GET)"}, status=405)
            response["Allow"] = "GET, HEAD"
            return response
        try:
            body = view(request, *args, **kwargs)
        except BadQuery as exc:
            return _json({"error": str(exc)}, status=400)
        except LookupError as exc:
            return _json({"error": str(exc)}, status=404)
        return body if isinstance(body, HttpResponse) else _json(body)

    return wrapped


def _int(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return default
    if not re.fullmatch(r"[+-]?\d{1,9}", raw):
        raise BadQuery(f"{name}: {raw[:20]!r} is not a whole number")
    value = int(raw)
    if value < low:
        raise BadQuery(f"{name}: must be at least {low}")
    return min(value, high)


def _number(request: HttpRequest, name: str) -> float | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise BadQuery(f"{name}: {raw[:20]!r} is not a number") from exc
    if not math.isfinite(value) or value < 0 or value > 1_000_000:
        raise BadQuery(f"{name}: {raw[:20]!r} is out of range")
    return value


def _time(request: HttpRequest, name: str) -> time | None:
    raw = request.GET.get(name, "").strip()
    if not raw:
        return None
    try:
        return time.fromisoformat(raw)
    except ValueError as exc:
        raise BadQuery(f"{name}: {raw[:20]!r} is not a time (HH:MM or HH:MM:SS)") from exc


def _page(request: HttpRequest, qs: QuerySet[Any], render: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
    number = _int(request, "page", 1, 1, 10_000_000)
    per_page = _int(request, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    total = qs.count()
    start = (number - 1) * per_page
    items = list(qs[start : start + per_page]) if start < total else []
    return page_json((render(x) for x in items), total=total, number=number, per_page=per_page)


def service_query(request: HttpRequest) -> ServiceQuery:
    """The profile's query parameters as a :class:`ServiceQuery` (BadQuery names a bad one)."""
    get = request.GET
    place = None
    proximity = _number(request, "proximity")
    if get.get("postcode", "").strip():
        place = locate(get["postcode"])
        if place is None:
            raise BadQuery("postcode: not a postcode this directory knows")
    elif proximity is not None:
        raise BadQuery("proximity: needs a postcode")
    return ServiceQuery(
        text=get.get("search", "").strip()[:200],
        term=get.get("taxonomy_term_id", "").strip()[:120],
        taxonomy_id=get.get("taxonomy_id", "").strip()[:40],
        minimum_age=_number(request, "minimum_age"),
        maximum_age=_number(request, "maximum_age"),
        place=place,
        proximity_m=None if proximity is None else min(proximity, MAX_PROXIMITY_M),
    )


def _with_schedule(request: HttpRequest, qs: QuerySet[Service]) -> QuerySet[Service]:
    """The profile's ``day``, ``start_time`` and ``end_time`` filters (on the services' schedules)."""
    day = request.GET.get("day", "").strip().upper()[:2]
    opens, closes = _time(request, "start_time"), _time(request, "end_time")
    if day and day not in DAYS:
        raise BadQuery(f"day: use one of {', '.join(DAYS)}")
    condition = Q()
    if day:
        condition &= Q(schedules__byday__contains=day)
    if opens is not None:
        condition &= Q(schedules__opens_at__gte=opens)
    if closes is not None:
        condition &= Q(schedules__closes_at__lte=closes)
    if not condition:
        return qs
    return qs.filter(id__in=Service.objects.filter(condition).values("id"))


@endpoint
def root(request: HttpRequest) -> dict[str, Any]:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": request.build_absolute_uri("/api/oruk/openapi.json"),
    }


@endpoint
def openapi(request: HttpRequest) -> dict[str, Any]:
    return openapi_document(request.build_absolute_uri("/api/oruk"))


@endpoint
def services(request: HttpRequest) -> dict[str, Any]:
    qs = _with_schedule(request, find_services(service_query(request)))
    if request.GET.get("full", "").lower() in _TRUE:
        return _page(request, full_services(qs), service_full_json)
    return _page(request, qs.select_related("organization"), service_list_json)


def _public_service(value: str) -> Service:
    service = (
        full_services(Service.objects.filter(review="published")).filter(id=_id(value, "service")).first()
    )
    if service is None:
        raise LookupError(f"no service with id {value[:40]}")
    return service


def _id(value: str, what: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as exc:
        raise LookupError(f"no {what} with id {value[:40]}") from exc


@endpoint
def service(request: HttpRequest, id: str) -> dict[str, Any]:
    return service_full_json(_public_service(id))


@endpoint
def service_at_locations(request: HttpRequest) -> dict[str, Any]:
    found = _with_schedule(request, find_services(service_query(request)))
    qs = (
        ServiceAtLocation.objects.filter(service__in=found.values("id"))
        .select_related("location", "service__organization")
        .order_by("service__name", "id")
    )
    return _page(request, qs, service_at_location_list_json)


@endpoint
def service_at_location(request: HttpRequest, id: str) -> dict[str, Any]:
    sal = (
        ServiceAtLocation.objects.filter(id=_id(id, "service_at_location"), service__review="published")
        .select_related("location")
        .first()
    )
    if sal is None:
        raise LookupError(f"no service_at_location with id {id[:40]}")
    return service_at_location_full_json(sal, _public_service(str(sal.service_id)))


@endpoint
def taxonomies(request: HttpRequest) -> dict[str, Any]:
    return _page(request, Taxonomy.objects.order_by("name", "id"), taxonomy_json)


@endpoint
def taxonomy(request: HttpRequest, id: str) -> dict[str, Any]:
    found = Taxonomy.objects.filter(id=_id(id, "taxonomy")).prefetch_related("terms__taxonomy").first()
    if found is None:
        raise LookupError(f"no taxonomy with id {id[:40]}")
    return taxonomy_json(found, with_terms=True)


@endpoint
def taxonomy_terms(request: HttpRequest) -> dict[str, Any]:
    qs = TaxonomyTerm.objects.select_related("taxonomy").order_by("position", "name", "id")
    if request.GET.get("taxonomy_id", "").strip():
        try:
            qs = qs.filter(taxonomy_id=uuid.UUID(request.GET["taxonomy_id"].strip()))
        except ValueError as exc:
            raise BadQuery("taxonomy_id: not a UUID") from exc
    return _page(request, qs, term_json)


@endpoint
def taxonomy_term(request: HttpRequest, id: str) -> dict[str, Any]:
    found = TaxonomyTerm.objects.filter(id=_id(id, "taxonomy_term")).select_related("taxonomy").first()
    if found is None:
        raise LookupError(f"no taxonomy_term with id {id[:40]}")
    return term_json(found)


@csrf_exempt
@allow(Role.PUBLIC)
def not_found(request: HttpRequest, path: str) -> HttpResponse:
    """Any other address under /api/oruk/: a JSON 404, CORS open like the rest."""
    return _json({"error": f"no such endpoint: /api/oruk/{path[:80]}"}, status=404)
