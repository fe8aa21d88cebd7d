"""Bad input: one clear message per field, nothing saved half-way, uploads checked, formulas defused."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from atr.platform.network import validators
from atr.platform.network.models import Event, EventReach, Member, Organisation, Pledge
from atr.platform.network.tables import table_csv


@pytest.mark.parametrize(
    ("normalise", "typed", "stored"),
    [
        (validators.normalise_ods_code, " rr8 ", "RR8"),
        (validators.normalise_ods_code, "b86001", "B86001"),
        (validators.normalise_urn, "107 997", "107997"),
        (validators.normalise_charity_number, "1089464-1", "1089464-1"),
        (validators.normalise_charity_number, "sc012345", "SC012345"),
        (validators.normalise_company_number, "1234567", "01234567"),
        (validators.normalise_company_number, "oc123456", "OC123456"),
    ],
)
def test_identifiers_are_normalised(normalise: Any, typed: str, stored: str) -> None:
    assert normalise(typed) == stored


@pytest.mark.parametrize(
    ("normalise", "typed"),
    [
        (validators.normalise_ods_code, "12345"),
        (validators.normalise_ods_code, "RR8-01"),
        (validators.normalise_urn, "07997"),
        (validators.normalise_urn, "1079971"),
        (validators.normalise_charity_number, "12345"),
        (validators.normalise_company_number, "ABC12345"),
        (validators.normalise_company_number, "123456789"),
    ],
)
def test_malformed_identifiers_are_refused_with_an_example(normalise: Any, typed: str) -> None:
    with pytest.raises(ValidationError, match=r"like|digits"):
        normalise(typed)


def _team(accounts: Any) -> Client:
    client = Client()
    client.force_login(accounts.team)
    return client


def test_an_organisation_form_gives_one_message_per_bad_field_and_saves_nothing(accounts: Any) -> None:
    before = Organisation.objects.count()
    data = {
        "name": "",
        "sector": "not-a-sector",
        "ods_code": "1",
        "urn": "12",
        "company_number": "X",
        "headcount": "-4",
    }
    response = _team(accounts).post(reverse("network:new_organisation"), data)
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"name", "sector", "ods_code", "urn", "company_number", "headcount"}
    assert all(len(messages) == 1 for messages in form.errors.values())
    page = response.content.decode()
    assert "There is a problem" in page and 'href="#id_urn"' in page and "Error: Add an organisation" in page
    assert Organisation.objects.count() == before


def test_a_valid_organisation_is_saved_with_normalised_identifiers(accounts: Any) -> None:
    data = {"name": "Holme Valley Academy", "sector": "education", "urn": "107 997", "headcount": "85"}
    response = _team(accounts).post(reverse("network:new_organisation"), data)
    assert response.status_code == 302
    assert Organisation.objects.get(name="Holme Valley Academy").urn == "107997"


@pytest.mark.django_db
def test_joining_with_bad_fields_creates_neither_account_nor_profile() -> None:
    data = {"email": "not-an-email", "password": "short", "password_again": "different", "display_name": ""}
    response = Client().post(reverse("network:join"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"email", "password_again", "display_name", "contact_preference"}
    assert errors["contact_preference"] == ["Choose contact preference"]
    assert not get_user_model().objects.exists() and not Member.objects.exists()


@pytest.mark.django_db
def test_a_weak_password_is_refused_with_the_reason() -> None:
    data = {
        "email": "weak@example.org",
        "password": "12345678",
        "password_again": "12345678",
        "display_name": "W",
    }
    response = Client().post(reverse("network:join"), {**data, "contact_preference": "none"})
    assert response.status_code == 400
    assert "too short" in response.context["form"].errors["password"][0]


def test_only_a_lead_can_sign_the_charter_for_an_organisation(accounts: Any) -> None:
    member = accounts.member.member
    member.memberships.create(organisation=accounts.other_organisation)
    client = Client()
    client.force_login(accounts.member)
    data = {
        "organisation": accounts.other_organisation.pk,
        "pledge_type": "charter",
        "category": "leadership",
        "commitment": "We sign",
        "made_date": "2026-01-05",
    }
    response = client.post(reverse("network:new_pledge"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["pledge_type"] == [
        "Only a lead of the organisation can sign its charter"
    ]
    assert not Pledge.objects.filter(commitment="We sign").exists()


def _upload(accounts: Any, event: Event, name: str, content: bytes) -> Any:
    return _team(accounts).post(
        reverse("network:attendance", args=[event.pk]), {"file": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("counts.xlsx", b"sector,attendees\npolice,3\n", "must be a CSV file"),
        ("counts.csv", b"\xff\xfe\x00bad", "saved as UTF-8"),
        ("counts.csv", b"who,how many\npolice,3\n", "column names sector,attendees"),
        ("counts.csv", b"sector,attendees\npolice,3\nwizards,2\n", "row 3, column 'sector'"),
        ("counts.csv", b"sector,attendees\npolice,=1+1\n", "row 2, column 'attendees'"),
        ("counts.csv", b"sector,attendees\n" + b"police,1\n" * 40000, "smaller than 256 KB"),
    ],
)
def test_bad_attendance_files_are_refused_and_nothing_changes(
    accounts: Any, name: str, content: bytes, message: str
) -> None:
    event = Event.objects.order_by("pk").first()
    assert event is not None
    before = list(event.reach.values_list("sector", "attendees").order_by("sector"))
    response = _upload(accounts, event, name, content)
    assert response.status_code == 400
    errors = response.context["form"].errors["file"]
    assert len(errors) == 1 and message in errors[0]
    assert list(event.reach.values_list("sector", "attendees").order_by("sector")) == before


def test_a_good_attendance_file_replaces_the_counts(accounts: Any) -> None:
    event = Event.objects.order_by("pk").first()
    assert event is not None
    response = _upload(accounts, event, "counts.csv", b"\xef\xbb\xbfSector,Attendees\nPolice,12\nhousing,3\n")
    assert response.status_code == 302
    assert dict(EventReach.objects.filter(event=event).values_list("sector", "attendees")) == {
        "police": 12,
        "housing": 3,
    }
    assert event.counted_attendees() == 15


def test_formula_like_values_are_neutralised_in_csv_downloads(accounts: Any) -> None:
    Organisation.objects.create(name='=HYPERLINK("http://evil.example","x")', sector="other")
    Pledge.objects.create(
        organisation=accounts.led_organisation, category="practice", commitment="+SUM(A1:A9)"
    )
    rows = list(csv.reader(io.StringIO(table_csv("organisations")))) + list(
        csv.reader(io.StringIO(table_csv("pledges")))
    )
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://evil.example","x")' in cells and "'+SUM(A1:A9)" in cells
    assert not any(cell.startswith(("=", "+", "@")) for cell in cells)
    response = _team(accounts).get(reverse("network:export_table", args=["organisations"]))
    assert response["Content-Type"].startswith("text/csv") and "attachment" in response["Content-Disposition"]


def test_a_member_downloads_all_their_data_and_can_erase_it(accounts: Any) -> None:
    member = accounts.member.member
    public = Pledge.objects.create(member=member, category="training", commitment="Train all", is_public=True)
    Pledge.objects.create(member=member, category="wellbeing", commitment="Private one", is_public=False)
    client = Client()
    client.force_login(accounts.member)
    data = json.loads(client.get(reverse("network:export_own")).content)
    assert data["account"]["email"] == accounts.member.email
    assert {p["commitment"] for p in data["pledges"]} == {"Train all", "Private one"}
    assert client.post(reverse("network:erase")).status_code == 302
    assert not get_user_model().objects.filter(pk=accounts.member.pk).exists()
    public.refresh_from_db()
    assert public.member is None and public.anonymised and public.pledger_kind == "person"
    assert not Pledge.objects.filter(commitment="Private one").exists()
    page = Client().get(reverse("network:pledge", args=[public.pk])).content.decode()
    assert "Role Member" not in page and "A member of the network" in page
    trail = [(e.object_repr, str(e.changes), e.actor_email) for e in LogEntry.objects.all()]
    assert trail and not any("Role Member" in str(t) or accounts.member.email in str(t) for t in trail)
