"""Deny by default: every URL of the platform, visited by every role, answers as expected.

A new URL without a line in EXPECTED fails the test, so nobody adds a page without deciding who
may see it. 302 is the sign-in redirect (or, for join/sign-in, "you are already signed in").
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from atr.platform.network.models import Event, NetworkGroup, Pledge, Registration
from tests.platform.directory_fixtures import directory_objects
from tests.platform.workforce_fixtures import workforce_objects

ROLES = ("anonymous", "member", "lead", "team", "auditor")
PUBLIC = dict.fromkeys(ROLES, 200)
SIGNED_OUT_ONLY = {"anonymous": 200, "member": 302, "lead": 302, "team": 302, "auditor": 302}
MEMBER = {"anonymous": 302, "member": 200, "lead": 200, "team": 403, "auditor": 403}
OWN_PLEDGE = {"anonymous": 302, "member": 200, "lead": 404, "team": 403, "auditor": 403}
LEAD = {"anonymous": 302, "member": 403, "lead": 200, "team": 200, "auditor": 403}
TEAM = {"anonymous": 302, "member": 403, "lead": 403, "team": 200, "auditor": 403}
AUDITOR = {"anonymous": 302, "member": 403, "lead": 403, "team": 403, "auditor": 200}
ADMIN = {"anonymous": 302, "member": 302, "lead": 302, "team": 200, "auditor": 302}

EXPECTED: dict[str, dict[str, int]] = {
    "home": PUBLIC,
    "find": PUBLIC,
    "organisation": PUBLIC,
    "member": PUBLIC,
    "pledges": PUBLIC,
    "pledge": PUBLIC,
    "events": PUBLIC,
    "event": PUBLIC,
    "groups": PUBLIC,
    "group": PUBLIC,
    "accessibility": PUBLIC,
    "privacy": PUBLIC,
    "join": SIGNED_OUT_ONLY,
    "login": SIGNED_OUT_ONLY,
    "logout": dict.fromkeys(ROLES, 405),  # sign-out is a POST (CSRF-protected), never a link
    "me": MEMBER,
    "profile": MEMBER,
    "new_pledge": MEMBER,
    "export_own": MEMBER,
    "erase": MEMBER,
    "register": MEMBER,
    "feedback": MEMBER,  # of an event they registered for (the walk registers them)
    "my_organisations": MEMBER,
    "join_group": {**MEMBER, "member": 405, "lead": 405},  # a POST (join or leave)
    "edit_pledge": OWN_PLEDGE,
    "progress": OWN_PLEDGE,
    "edit_organisation": LEAD,
    "organisation_pledge": LEAD,
    "team": TEAM,
    "new_organisation": TEAM,
    "new_event": TEAM,
    "attendance": TEAM,
    "exports": TEAM,
    "export_table": TEAM,
    "audit": AUDITOR,
}
# The workforce app (#16): training, self-assessment, wellbeing.
WORKFORCE: dict[str, dict[str, int]] = {
    "home": LEAD,
    "courses": PUBLIC,
    "new_course": TEAM,
    "organisation": LEAD,
    "upload": LEAD,
    "template": LEAD,
    "add_completion": LEAD,
    "requirements": LEAD,
    "assessments": LEAD,
    "new_assessment": {**LEAD, "lead": 405, "team": 405},  # a POST (starts a round)
    "round": LEAD,
    "review": TEAM,
    "report": LEAD,
    "report_pdf": LEAD,
    "surveys": LEAD,
    "survey": PUBLIC,  # a single-use link: GET shows the form and uses nothing up
    "system": TEAM,
}
# The service directory (#17): public search, leads propose, the team reviews; the ORUK API is open.
DIRECTORY: dict[str, dict[str, int]] = {
    "search": PUBLIC,
    "service": PUBLIC,
    "manage": LEAD,
    "propose": LEAD,
    "propose_change": LEAD,
    "confirm_checked": {**LEAD, "lead": 405, "team": 405},  # a POST (marks the entry checked)
    "review": TEAM,
    "review_proposal": TEAM,
    "stale": TEAM,
}
ORUK = {name: PUBLIC for name in ("root", "openapi", "services", "service", "service_at_locations")}
ORUK |= {name: PUBLIC for name in ("service_at_location", "taxonomies", "taxonomy", "taxonomy_terms")}
ORUK |= {"taxonomy_term": PUBLIC, "not_found": dict.fromkeys(ROLES, 404)}
APPS: dict[str, dict[str, dict[str, int]]] = {
    "network": EXPECTED,
    "workforce": WORKFORCE,
    "directory": DIRECTORY,
    "oruk": ORUK,
}


def _app_patterns(namespace: str = "network") -> list[URLPattern]:
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == namespace:
            return [p for p in entry.url_patterns if isinstance(p, URLPattern)]
    raise AssertionError(f"the {namespace} app's URLs are not installed")


def _clients(accounts: Any) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for role in ROLES[1:]:
        client = Client()
        client.force_login(getattr(accounts, role))
        clients[role] = client
    return clients


@pytest.mark.django_db
def test_every_url_is_declared_and_every_view_names_its_role() -> None:
    for namespace, expected in APPS.items():
        patterns = _app_patterns(namespace)
        names = {p.name for p in patterns}
        assert names == set(expected), (
            f"{namespace}: undeclared {names - set(expected)}; stale {set(expected) - names}"
        )
        for pattern in patterns:
            assert getattr(pattern.callback, "atr_access", None) is not None, pattern.name


def test_every_url_answers_every_role_as_expected(accounts: Any) -> None:
    own = Pledge.objects.create(member=accounts.member.member, category="training", commitment="Train staff")
    objects = {
        "organisation": accounts.led_organisation.pk,
        "edit_organisation": accounts.led_organisation.pk,
        "organisation_pledge": accounts.led_organisation.pk,
        "member": accounts.member.member.pk,
        "pledge": own.pk,
        "edit_pledge": own.pk,
        "progress": own.pk,
        "group": NetworkGroup.objects.first().pk,  # type: ignore[union-attr]
    }
    event = Event.objects.order_by("pk").first()
    assert event is not None
    for person in (accounts.member, accounts.lead):
        Registration.objects.get_or_create(event=event, member=person.member)
    clients = _clients(accounts)
    wrong = []
    app_objects = {
        "network": objects,
        "workforce": workforce_objects(accounts),
        **directory_objects(accounts),
    }
    for namespace, expected in APPS.items():
        for pattern in _app_patterns(namespace):
            kwargs: dict[str, object] = {}
            if "pk" in pattern.pattern.converters:
                kwargs["pk"] = app_objects[namespace].get(str(pattern.name), event.pk)
            for name, value in app_objects[namespace].items():
                if (
                    name.startswith(f"{pattern.name}.")
                    and name.split(".", 1)[1] in pattern.pattern.converters
                ):
                    kwargs[name.split(".", 1)[1]] = value
            if "name" in pattern.pattern.converters and namespace == "network":
                kwargs["name"] = "organisations"
            url = reverse(f"{namespace}:{pattern.name}", kwargs=kwargs)
            for role, client in clients.items():
                status = client.get(url).status_code
                if status != expected[str(pattern.name)][role]:
                    wrong.append(f"{role} GET {url}: {status}, expected {expected[str(pattern.name)][role]}")
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for role, client in clients.items():
            status = client.get(url).status_code
            if status != ADMIN[role]:
                wrong.append(f"{role} GET {url}: {status}, expected {ADMIN[role]}")
    assert not wrong, "\n".join(wrong)


def test_a_lead_cannot_manage_an_organisation_they_do_not_lead(accounts: Any) -> None:
    client = Client()
    client.force_login(accounts.lead)
    other = accounts.other_organisation.pk
    assert client.get(reverse("network:edit_organisation", args=[other])).status_code == 403
    assert (
        client.post(reverse("network:edit_organisation", args=[other]), {"name": "Taken"}).status_code == 403
    )
    accounts.other_organisation.refresh_from_db()
    assert accounts.other_organisation.name != "Taken"


def test_an_unlisted_member_has_no_public_profile(accounts: Any) -> None:
    hidden = accounts.member.member
    hidden.listed = False
    hidden.save()
    assert Client().get(reverse("network:member", args=[hidden.pk])).status_code == 404


def test_a_private_pledge_is_seen_only_by_its_maker_and_the_team(accounts: Any) -> None:
    private = Pledge.objects.create(
        member=accounts.member.member, category="training", commitment="Quietly", is_public=False
    )
    url = reverse("network:pledge", args=[private.pk])
    clients = _clients(accounts)
    seen = {role: clients[role].get(url).status_code for role in ROLES}
    assert seen == {"anonymous": 404, "member": 200, "lead": 404, "team": 200, "auditor": 404}
