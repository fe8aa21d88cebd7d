"""Writing parsed Open Referral UK services: one at a time (a change), or many new ones at once.

New services of a batch are written with bulk inserts (the synthetic demo's 600 services take about
a second rather than twenty); a changed service replaces its parts one service at a time. Bulk
inserts bypass the audit trail: an import is recorded by its report, not row by row.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.utils import timezone

from atr.platform.directory.models import (
    Accessibility,
    Contact,
    CostOption,
    Funding,
    Language,
    Location,
    Organization,
    Phone,
    Postcode,
    Review,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from atr.platform.directory.oruk_parse import ParsedService, Rejected, area_code
from atr.reference import DISTRICTS

CHILD_MODELS: dict[str, type[Any]] = {
    "schedules": Schedule,
    "service_areas": ServiceArea,
    "languages": Language,
    "funding": Funding,
    "cost_options": CostOption,
    "contacts": Contact,
    "phones": Phone,
}


class Places:
    """Ward and district of postcodes and wards, from the postcode table, looked up once each."""

    def __init__(self) -> None:
        self._postcodes: dict[str, tuple[str, str, float | None, float | None]] = {}
        self._wards: dict[str, str] = {}

    def of_postcode(self, postcode: str) -> tuple[str, str, float | None, float | None]:
        """(ward, district, latitude, longitude) of a postcode, blanks if unknown."""
        code = " ".join(postcode.upper().split())
        if code not in self._postcodes:
            row = Postcode.objects.filter(postcode=code).values_list(
                "ward_code", "district_code", "latitude", "longitude"
            )
            self._postcodes[code] = row.first() or ("", "", None, None)
        return self._postcodes[code]

    def district_of(self, code: str) -> str:
        if not code or code in DISTRICTS:
            return code
        if code not in self._wards:
            row = Postcode.objects.filter(ward_code=code).values_list("district_code", flat=True).first()
            self._wards[code] = row or ""
        return self._wards[code]


def write_one(
    parsed: ParsedService,
    seen: str,
    places: Places,
    terms: dict[uuid.UUID, TaxonomyTerm],
    source: str,
    publish: bool,
    *,
    new: bool,
) -> None:
    org_fields = dict(parsed.organization)
    org_id = org_fields.pop("id")
    if org_fields:
        org, _ = Organization.objects.update_or_create(id=org_id, defaults=org_fields | {"source": source})
    else:
        found = Organization.objects.filter(id=org_id).first()
        if found is None:
            raise Rejected(f"organization_id: {org_id} is not a known organisation")
        org = found
    checked = parsed.fields["assured_date"] or date.today()
    defaults = (
        parsed.fields
        | {"last_modified": parsed.last_modified or timezone.now()}
        | {
            "organization": org,
            "source": source,
            "source_digest": seen,
            "last_checked": checked,
        }
    )
    if new:
        defaults["review"] = Review.PUBLISHED if publish else Review.PENDING
    service, _ = Service.objects.update_or_create(id=parsed.id, defaults=defaults)
    if not new:
        for related in (*CHILD_MODELS, "service_at_locations"):
            getattr(service, related).all().delete()
    for key, model in CHILD_MODELS.items():
        rows = [model(service=service, **item) for item in parsed.children.get(key, [])]
        if key == "service_areas":
            for row in rows:
                row.area_code = area_code(row.extent, row.uri)
                row.district_code = places.district_of(row.area_code)
        model.objects.bulk_create(rows)
    for sal_id, loc in parsed.locations:
        location, _ = Location.objects.update_or_create(id=loc.id, defaults=_located(loc.fields, places))
        location.accessibility.all().delete()
        Accessibility.objects.bulk_create([Accessibility(location=location, **a) for a in loc.accessibility])
        ServiceAtLocation.objects.update_or_create(
            id=sal_id, defaults={"service": service, "location": location}
        )
    service.attributes.all().delete()
    ServiceAttribute.objects.bulk_create(_attributes(parsed, terms))


def term_for(data: dict[str, Any], terms: dict[uuid.UUID, TaxonomyTerm]) -> TaxonomyTerm:
    """The term (known by id), created from the record when new; a known term is never renamed
    by an import (our own taxonomy stays as the migration seeded it)."""
    if data["id"] in terms:
        return terms[data["id"]]
    taxonomy = None
    if data["taxonomy_id"] is not None:
        taxonomy, _ = Taxonomy.objects.get_or_create(
            id=data["taxonomy_id"], defaults={"name": data["taxonomy"] or "Imported taxonomy"}
        )
    elif data["taxonomy"]:
        taxonomy = Taxonomy.objects.filter(name=data["taxonomy"]).first() or Taxonomy.objects.create(
            id=uuid.uuid5(uuid.NAMESPACE_URL, f"taxonomy:{data['taxonomy']}"), name=data["taxonomy"]
        )
    term = TaxonomyTerm.objects.create(
        id=data["id"],
        taxonomy=taxonomy,
        code=data["code"],
        name=data["name"],
        description=data["description"],
        term_uri=data["term_uri"],
        parent_id=data["parent_id"],
        position=1000,
    )
    terms[term.id] = term
    return term


def create_many(
    batch: list[tuple[ParsedService, str]],
    places: Places,
    terms: dict[uuid.UUID, TaxonomyTerm],
    source: str,
    publish: bool,
) -> None:
    """Insert new services (none of their ids known yet) and everything they hold, in bulk.

    Raises django.db.IntegrityError if an id clashes; the caller then writes them one by one.
    """
    org_ids = {p.organization["id"] for p, _ in batch}
    known_orgs = set(Organization.objects.filter(id__in=org_ids).values_list("id", flat=True))
    new_orgs: dict[uuid.UUID, Organization] = {}
    for parsed, _ in batch:
        fields = dict(parsed.organization)
        org_id = fields.pop("id")
        if org_id in known_orgs or org_id in new_orgs:
            continue
        if not fields:
            raise Rejected(f"organization_id: {org_id} is not a known organisation")
        new_orgs[org_id] = Organization(id=org_id, source=source, **fields)
    Organization.objects.bulk_create(list(new_orgs.values()))
    names = dict(Organization.objects.filter(id__in=org_ids).values_list("id", "name"))
    services, children, links = [], [], []
    term_links: list[ServiceAttribute] = []
    locations: dict[uuid.UUID, Location] = {}
    access: list[Accessibility] = []
    known_locations = set(
        Location.objects.filter(id__in=[loc.id for p, _ in batch for _, loc in p.locations]).values_list(
            "id", flat=True
        )
    )
    for parsed, seen in batch:
        service = Service(
            id=parsed.id,
            organization_id=parsed.organization["id"],
            source=source,
            source_digest=seen,
            last_checked=parsed.fields["assured_date"] or date.today(),
            last_modified=parsed.last_modified or timezone.now(),
            review=Review.PUBLISHED if publish else Review.PENDING,
            **parsed.fields,
        )
        service.search_text = " ".join([service.name, service.description, names[parsed.organization["id"]]])
        services.append(service)
        for key, model in CHILD_MODELS.items():
            for item in parsed.children.get(key, []):
                row = model(service_id=parsed.id, **item)
                if key == "service_areas":
                    row.area_code = area_code(row.extent, row.uri)
                    row.district_code = places.district_of(row.area_code)
                children.append(row)
        for sal_id, loc in parsed.locations:
            if loc.id not in known_locations and loc.id not in locations:
                locations[loc.id] = Location(id=loc.id, **_located(loc.fields, places))
                access += [Accessibility(location_id=loc.id, **a) for a in loc.accessibility]
            links.append(ServiceAtLocation(id=sal_id, service_id=parsed.id, location_id=loc.id))
        term_links += _attributes(parsed, terms)
    Service.objects.bulk_create(services)
    for model in CHILD_MODELS.values():
        model.objects.bulk_create([c for c in children if isinstance(c, model)], batch_size=500)
    Location.objects.bulk_create(list(locations.values()), batch_size=500)
    Accessibility.objects.bulk_create(access, batch_size=500)
    ServiceAtLocation.objects.bulk_create(links, batch_size=500)
    ServiceAttribute.objects.bulk_create(term_links, batch_size=500)


def _attributes(parsed: ParsedService, terms: dict[uuid.UUID, TaxonomyTerm]) -> list[ServiceAttribute]:
    """One attribute per distinct term (a term listed twice is linked once)."""
    made: dict[uuid.UUID, ServiceAttribute] = {}
    for t in parsed.terms:
        term = term_for(t, terms)
        made.setdefault(
            term.id,
            ServiceAttribute(
                id=t["attribute_id"], service_id=parsed.id, taxonomy_term=term, link_type=t["link_type"]
            ),
        )
    return list(made.values())


def _located(fields: dict[str, Any], places: Places) -> dict[str, Any]:
    """Location fields with ward and district from the postcode (and its point, if none given)."""
    ward, district, latitude, longitude = places.of_postcode(fields.get("postal_code", ""))
    out = fields | {"ward_code": ward, "district_code": district}
    if out.get("latitude") is None and latitude is not None:
        out |= {"latitude": latitude, "longitude": longitude}
    return out
