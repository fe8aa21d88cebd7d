"""The directory's pages: leads propose, the team reviews before anything is public, stale entries
are flagged, and the public search finds what the API finds."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from typing import Any

from directory_support import seed_small_directory
from django.test import Client

from atr.platform.directory.models import Proposal, Review, Service

FORM = {
    "name": "Calder young carers",
    "description": "Breaks and clubs for young carers.",
    "kinds": ["carers-support"],
    "minimum_age": "8",
    "maximum_age": "18",
    "districts": ["E08000033"],
    "address_1": "1 Mill Street",
    "city": "Halifax",
    "postcode": "hx1 1aa",
    "languages": "English, Polish",
}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_lead_proposes_and_nothing_is_public_until_the_team_approves(accounts: Any) -> None:
    lead, team = _client(accounts.lead), _client(accounts.team)
    response = lead.post("/directory/propose/", FORM | {"organisation": accounts.led_organisation.pk})
    assert response.status_code == 302, response.content[:500]
    proposal = Proposal.objects.get()
    assert proposal.state == "pending" and not Service.objects.exists()
    assert "Calder young carers" not in Client().get("/services/").content.decode()
    assert json.loads(Client().get("/api/oruk/services").content)["total_items"] == 0
    refused = team.post(f"/directory/review/{proposal.pk}/", {"decision": "return"})
    assert refused.status_code == 400 and "Enter why the proposal is returned" in refused.content.decode()
    assert team.post(f"/directory/review/{proposal.pk}/", {"decision": "approve"}).status_code == 302
    service = Service.objects.get()
    assert service.review == Review.PUBLISHED and service.last_checked == date.today()
    assert service.organization.network_organisation == accounts.led_organisation
    assert sorted(service.languages.values_list("name", flat=True)) == ["English", "Polish"]
    body = json.loads(Client().get(f"/api/oruk/services/{service.pk}").content)
    assert body["service_areas"][0]["extent"] == "E08000033"
    assert body["service_at_locations"][0]["location"]["addresses"][0]["postal_code"] == "HX1 1AA"
    page = Client().get(f"/services/{service.pk}/").content.decode()
    assert "Calder young carers" in page and "8 to 18" in page


def test_a_lead_cannot_touch_another_organisations_services(accounts: Any) -> None:
    from atr.platform.directory.workflow import approve, directory_organization

    other = directory_organization(accounts.other_organisation)
    data = FORM | {"kinds": ["youth-work"], "postcode": "HX1 1AA"}
    service = approve(Proposal.objects.create(organization=other, data=data), accounts.team)
    lead = _client(accounts.lead)
    assert lead.get(f"/directory/services/{service.pk}/change/").status_code == 403
    assert lead.post(f"/directory/services/{service.pk}/checked/").status_code == 403
    forged = lead.post("/directory/propose/", FORM | {"organisation": accounts.other_organisation.pk})
    assert forged.status_code == 400 and not Proposal.objects.filter(state="pending").exists()


def test_stale_entries_are_flagged_until_someone_checks_them(accounts: Any) -> None:
    from atr.platform.directory.workflow import approve, directory_organization

    org = directory_organization(accounts.led_organisation)
    service = approve(Proposal.objects.create(organization=org, data=FORM), accounts.team)
    Service.objects.filter(pk=service.pk).update(last_checked=date.today() - timedelta(days=400))
    assert "may be out of date" in Client().get(f"/services/{service.pk}/").content.decode()
    assert "May be out of date" in Client().get("/services/").content.decode()
    assert service.name in _client(accounts.team).get("/directory/stale/").content.decode()
    assert _client(accounts.lead).post(f"/directory/services/{service.pk}/checked/").status_code == 302
    assert "may be out of date" not in Client().get(f"/services/{service.pk}/").content.decode()
    assert service.name not in _client(accounts.team).get("/directory/stale/").content.decode()


def _listed(html: str) -> set[str]:
    return set(re.findall(r'href="/services/([0-9a-f-]{36})/"', html))


def test_the_public_search_finds_what_the_api_finds(db: None) -> None:
    records = seed_small_directory()
    postcode = records[0]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"]
    client = Client()
    for query, api in (
        ("need=youth-work", "taxonomy_term_id=youth-work"),
        (f"postcode={postcode}&within=2", f"postcode={postcode}&proximity=2000"),
        (f"need=early-help&postcode={postcode}", f"taxonomy_term_id=early-help&postcode={postcode}"),
    ):
        html = client.get(f"/services/?{query}").content.decode()
        found = {
            s["id"]
            for s in json.loads(client.get(f"/api/oruk/services?per_page=500&{api}").content)["contents"]
        }
        assert found and _listed(html) == found, query  # fewer than a page of results each
    teen = _listed(client.get("/services/?age=15").content.decode())
    assert teen and all(
        r.get("minimum_age", 0) <= 15 <= r.get("maximum_age", 200) for r in records if r["id"] in teen
    )
    wrong = client.get("/services/?postcode=nonsense&age=old")
    text = wrong.content.decode()
    assert wrong.status_code == 400 and "Enter a UK postcode" in text and "Enter an age" in text
    assert "<svg" in client.get("/services/?need=youth-work").content.decode()
    second = client.get("/services/?page=2").content.decode()  # the map numbers the list's numbers
    assert 'start="21"' in second and ">21</text>" in second and ">1</text>" not in second
