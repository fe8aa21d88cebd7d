"""Review: the programme team publishes (or returns) what organisation leads propose.

Approving a proposal writes the service exactly as proposed (a new one, or over the published
one), publishes it and marks it checked today; returning it keeps the reason for the lead. A lead
may also confirm that a published entry is still right, which is a check too.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from atr.platform.directory.models import (
    Accessibility,
    Language,
    Location,
    Organization,
    Phone,
    Postcode,
    Proposal,
    Review,
    Schedule,
    Service,
    ServiceArea,
    ServiceAtLocation,
    TaxonomyTerm,
)
from atr.platform.directory.taxonomy import TAXONOMY_ID
from atr.platform.network.models import Organisation
from atr.reference import DISTRICTS


def directory_organization(org: Organisation) -> Organization:
    """The directory's record of a network organisation (made the first time it is needed)."""
    found = Organization.objects.filter(network_organisation=org).first()
    if found is not None:
        return found
    return Organization.objects.create(
        name=org.name,
        description=org.description,
        website=org.website,
        network_organisation=org,
        source="platform",
    )


@transaction.atomic
def approve(proposal: Proposal, reviewer: Any, note: str = "") -> Service:
    data = proposal.data
    service = proposal.service or Service(organization=proposal.organization)
    service.name = data["name"]
    service.description = data["description"]
    service.url = data.get("url", "")
    service.email = data.get("email", "")
    service.minimum_age = data.get("minimum_age")
    service.maximum_age = data.get("maximum_age")
    service.fees_description = data.get("cost", "")
    service.review = Review.PUBLISHED
    service.last_checked = date.today()
    service.last_modified = timezone.now()
    service.source = "platform"
    service.source_digest = ""
    service.save()
    service.terms.set(TaxonomyTerm.objects.filter(taxonomy_id=TAXONOMY_ID, code__in=data.get("kinds", [])))
    for related in ("phones", "languages", "schedules", "service_areas"):
        getattr(service, related).all().delete()
    if data.get("phone"):
        Phone.objects.create(service=service, number=data["phone"])
    for name in [x.strip() for x in data.get("languages", "").split(",") if x.strip()]:
        Language.objects.create(service=service, name=name[:100])
    if data.get("opening_hours"):
        Schedule.objects.create(service=service, description=data["opening_hours"])
    for code in data.get("districts", []):
        ServiceArea.objects.create(
            service=service,
            name=DISTRICTS.get(code, code),
            extent=code,
            extent_type="ons_code",
            area_code=code,
            district_code=code,
        )
    _place(service, data)
    proposal.service = service
    proposal.state = Proposal.State.APPROVED
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.note = note
    proposal.save()
    return service


def _place(service: Service, data: dict[str, Any]) -> None:
    """The service's one location, from the proposed address (a point from the postcode table)."""
    if not (data.get("address_1") or data.get("postcode")):
        return
    link = service.service_at_locations.select_related("location").first()
    location = link.location if link else Location(id=uuid.uuid4())
    location.address_1 = data.get("address_1", "")
    location.city = data.get("city", "")
    location.postal_code = data.get("postcode", "")
    place = Postcode.objects.filter(postcode=location.postal_code).first()
    location.latitude = place.latitude if place else None
    location.longitude = place.longitude if place else None
    location.ward_code = place.ward_code if place else ""
    location.district_code = place.district_code if place else ""
    location.save()
    location.accessibility.all().delete()
    if data.get("accessibility"):
        Accessibility.objects.create(location=location, description=data["accessibility"])
    if link is None:
        ServiceAtLocation.objects.create(service=service, location=location)


def return_to_lead(proposal: Proposal, reviewer: Any, note: str) -> None:
    proposal.state = Proposal.State.REJECTED
    proposal.reviewed_by = reviewer
    proposal.reviewed_at = timezone.now()
    proposal.note = note
    proposal.save()


def confirm_checked(service: Service) -> None:
    service.last_checked = date.today()
    service.last_modified = timezone.now()
    service.save(update_fields=["last_checked", "last_modified"])
