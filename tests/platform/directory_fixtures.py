"""Objects the directory's pages and API need in the role walk: a service of the led organisation
(published, so every page has something to show) and a proposal waiting for review."""

from __future__ import annotations

from typing import Any


def directory_objects(accounts: Any) -> dict[str, dict[str, object]]:
    """Per namespace (``directory``, ``oruk``): URL name → pk, or ``name.converter`` → value."""
    from atr.platform.directory.models import Proposal, Service, ServiceAtLocation, TaxonomyTerm
    from atr.platform.directory.taxonomy import TAXONOMY_ID
    from atr.platform.directory.workflow import approve, directory_organization

    org = directory_organization(accounts.led_organisation)
    data = {"name": "Role walk service", "description": "Checked by the role walk.", "kinds": ["youth-work"]}
    data |= {"address_1": "1 High Street", "postcode": "HX1 1AA", "districts": ["E08000033"]}
    service = approve(Proposal.objects.create(organization=org, data=data), accounts.team)
    pending = Proposal.objects.create(organization=org, service=service, data=data | {"name": "Renamed"})
    assert Service.objects.filter(pk=service.pk, review="published").exists()
    by_service = dict.fromkeys(("service", "propose_change", "confirm_checked"), service.pk)
    sal = ServiceAtLocation.objects.get(service=service)
    term = TaxonomyTerm.objects.get(code="youth-work")
    return {
        "directory": {**by_service, "review_proposal": pending.pk},
        "oruk": {
            "service.id": str(service.pk),
            "service_at_location.id": str(sal.pk),
            "taxonomy.id": TAXONOMY_ID,
            "taxonomy_term.id": str(term.pk),
            "not_found.path": "no/such/thing",
        },
    }
