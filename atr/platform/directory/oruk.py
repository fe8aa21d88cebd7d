"""Records as Open Referral UK JSON: the shapes of the UK profile's schemas, and the Page envelope.

One module writes every response body of ``/api/oruk/`` (and the importer compares through it, so
"changed" means "would be served differently"). Empty values are left out rather than sent as
``""`` or ``null``: the profile's formats (``uri``, ``email``, ``uuid``) would refuse an empty
string, and a property that is absent says "not known" plainly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from atr.platform.directory.models import (
    Location,
    Organization,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferraluk.org/"
SERVICE_FIELDS = (
    "name",
    "description",
    "url",
    "email",
    "status",
    "accreditations",
    "minimum_age",
    "maximum_age",
    "assured_date",
    "assurer_email",
    "alert",
)


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """Drop empty values; write dates, times, decimals and UUIDs as JSON does."""
    out: dict[str, Any] = {}
    for key, value in values.items():
        if value is None or value == "" or value == []:
            continue
        if isinstance(value, datetime):
            value = _utc(value)
        elif isinstance(value, date | time):
            value = value.isoformat()
        elif isinstance(value, Decimal):
            value = int(value) if value == value.to_integral_value() else float(value)
        elif not isinstance(value, str | int | float | bool | dict | list):
            value = str(value)
        out[key] = value
    return out


def _utc(moment: datetime) -> str:
    """``2023-03-15T10:30:45.123Z``: UTC, milliseconds only when there are some."""
    if moment.utcoffset() is not None:
        moment = moment.astimezone(UTC)
    text = moment.strftime("%Y-%m-%dT%H:%M:%S")
    if moment.microsecond:
        text += f".{moment.microsecond // 1000:03d}"
    return text + "Z"


def organization_json(org: Organization) -> dict[str, Any]:
    return clean(
        {
            "id": org.id,
            "name": org.name,
            "description": org.description or org.name,  # required by the profile
            "email": org.email,
            "website": org.website,
            "logo": org.logo,
            "uri": org.uri,
            "parent_organization_id": org.parent_organization_id,
        }
    )


def term_json(term: TaxonomyTerm) -> dict[str, Any]:
    return clean(
        {
            "id": term.id,
            "name": term.name,
            "description": term.description or term.name,  # required by the profile
            "parent_id": term.parent_id,
            "taxonomy": term.taxonomy.name if term.taxonomy_id else "",
            "taxonomy_id": term.taxonomy_id,
            "term_uri": term.term_uri,
            "term": term.code,
        }
    )


def taxonomy_json(taxonomy: Taxonomy, *, with_terms: bool = False) -> dict[str, Any]:
    body = clean(
        {
            "id": taxonomy.id,
            "name": taxonomy.name,
            "description": taxonomy.description or taxonomy.name,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        }
    )
    if with_terms:
        body["taxonomy_terms"] = [term_json(t) for t in taxonomy.terms.all()]
    return body


def service_list_json(service: Service) -> dict[str, Any]:
    """The one-to-one fields of a service and its organisation (``service_list.json``)."""
    body = clean({"id": service.id, "organization_id": service.organization_id})
    body |= clean({f: getattr(service, f) for f in SERVICE_FIELDS})
    body |= clean({"fees": service.fees_description, "last_modified": service.last_modified})
    body["organization"] = organization_json(service.organization)
    return body


def location_json(location: Location, *, nested: bool) -> dict[str, Any]:
    body = clean(
        {
            "id": location.id,
            "location_type": location.location_type,
            "name": location.name,
            "description": location.description,
            "latitude": location.latitude if _finite(location.latitude) else None,
            "longitude": location.longitude if _finite(location.longitude) else None,
            "external_identifier": location.external_identifier,
            "external_identifier_type": location.external_identifier_type,
        }
    )
    if not nested:
        return body
    if location.address_1 or location.postal_code:
        body["addresses"] = [
            clean(
                {
                    "id": location.address_id or location.id,
                    "location_id": location.id,
                    "attention": location.attention,
                    "address_1": location.address_1 or "-",
                    "city": location.city or "-",
                    "region": location.region,
                    "state_province": location.state_province or "-",
                    "postal_code": location.postal_code or "-",
                    "country": location.country or "GB",
                    "address_type": location.address_type or "physical",
                }
            )
        ]
    access = [
        clean(
            {
                "id": a.id,
                "location_id": location.id,
                "description": a.description,
                "details": a.details,
                "url": a.url,
            }
        )
        for a in location.accessibility.all()
    ]
    return body | clean({"accessibility": access})


def _finite(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def service_full_json(service: Service) -> dict[str, Any]:
    """The fully nested service (``service.json``); prefetch with :func:`full_services`."""
    body = service_list_json(service)
    sid = service.id
    body["schedules"] = [
        clean(
            {
                "id": s.id,
                "service_id": sid,
                "freq": s.freq,
                "interval": s.interval,
                "byday": s.byday,
                "bymonthday": s.bymonthday,
                "opens_at": s.opens_at,
                "closes_at": s.closes_at,
                "valid_from": s.valid_from,
                "valid_to": s.valid_to,
                "dtstart": s.dtstart,
                "description": s.description,
                "attending_type": s.attending_type,
                "notes": s.notes,
                "schedule_link": s.schedule_link,
            }
        )
        for s in service.schedules.all()
    ]
    body["service_areas"] = [
        clean(
            {
                "id": a.id,
                "service_id": sid,
                "name": a.name,
                "extent": a.extent,
                "extent_type": a.extent_type,
                "service_area": a.service_area,
                "uri": a.uri,
            }
        )
        for a in service.service_areas.all()
    ]
    body["service_at_locations"] = [
        clean({"id": sal.id, "service_id": sid, "location_id": sal.location_id})
        | {"location": location_json(sal.location, nested=True)}
        for sal in service.service_at_locations.all()
    ]
    body["languages"] = [
        clean({"id": x.id, "service_id": sid, "name": x.name, "code": x.code, "note": x.note})
        for x in service.languages.all()
    ]
    body["funding"] = [
        clean({"id": f.id, "service_id": sid, "source": f.source}) for f in service.funding.all()
    ]
    body["cost_options"] = [
        clean(
            {
                "id": c.id,
                "service_id": sid,
                "option": c.option,
                "amount": c.amount,
                "amount_description": c.amount_description,
                "valid_from": c.valid_from,
                "valid_to": c.valid_to,
            }
        )
        for c in service.cost_options.all()
    ]
    body["contacts"] = [
        clean({"id": c.id, "service_id": sid, "name": c.name, "title": c.title, "email": c.email})
        for c in service.contacts.all()
    ]
    body["phones"] = [
        clean({"id": p.id, "service_id": sid, "number": p.number, "description": p.description})
        for p in service.phones.all()
    ]
    body["attributes"] = [
        clean({"id": a.id, "link_id": sid, "link_type": a.link_type, "taxonomy_term_id": a.taxonomy_term_id})
        | {"taxonomy_term": term_json(a.taxonomy_term)}
        for a in service.attributes.all()
    ]
    return {k: v for k, v in body.items() if v != []}


def service_at_location_list_json(sal: ServiceAtLocation) -> dict[str, Any]:
    return clean({"id": sal.id, "service_id": sal.service_id, "location_id": sal.location_id}) | {
        "location": location_json(sal.location, nested=False),
        "service": service_list_json(sal.service),
    }


def service_at_location_full_json(sal: ServiceAtLocation, service: Service) -> dict[str, Any]:
    return clean({"id": sal.id, "service_id": sal.service_id, "location_id": sal.location_id}) | {
        "location": location_json(sal.location, nested=True),
        "service": service_full_json(service),
    }


def full_services(qs: QuerySet[Service]) -> QuerySet[Service]:
    """``qs`` with everything :func:`service_full_json` reads fetched in a fixed number of queries."""
    return qs.select_related("organization").prefetch_related(
        "schedules",
        "service_areas",
        Prefetch(
            "service_at_locations",
            ServiceAtLocation.objects.select_related("location").prefetch_related("location__accessibility"),
        ),
        "languages",
        "funding",
        "cost_options",
        "contacts",
        "phones",
        Prefetch("terms", TaxonomyTerm.objects.select_related("taxonomy")),
        Prefetch(
            "attributes", ServiceAttribute.objects.select_related("taxonomy_term__taxonomy").order_by("id")
        ),
    )


def page_json(
    contents: Iterable[dict[str, Any]], *, total: int, number: int, per_page: int
) -> dict[str, Any]:
    """The profile's ``Page`` envelope around one page of ``contents``."""
    items = list(contents)
    pages = max(1, math.ceil(total / per_page)) if per_page else 1
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(items),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not items,
        "contents": items,
    }
