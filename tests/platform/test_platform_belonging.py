"""A member chooses their organisations and groups; only registrants give event feedback."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse

from atr.platform.network.models import Event, Feedback, Membership, NetworkGroup, Registration


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_member_adds_and_leaves_an_organisation_but_cannot_make_themselves_lead(accounts: Any) -> None:
    member = accounts.member.member
    client = _signed_in(accounts.member)
    url = reverse("network:my_organisations")
    organisation = accounts.other_organisation
    response = client.post(url, {"organisation": organisation.pk, "is_lead": "on"})
    assert response.status_code == 302
    membership = Membership.objects.get(member=member, organisation=organisation)
    assert membership.is_lead is False  # leads are set by the programme team only
    assert organisation.name in client.get(url).content.decode()
    assert client.post(url, {"leave": organisation.pk}).status_code == 302
    assert not Membership.objects.filter(member=member, organisation=organisation).exists()


def test_a_member_cannot_add_a_missing_organisation_or_leave_someone_elses(accounts: Any) -> None:
    client = _signed_in(accounts.member)
    url = reverse("network:my_organisations")
    response = client.post(url, {"organisation": 999_999})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    led = accounts.led_organisation  # the lead's membership, not this member's
    assert client.post(url, {"leave": led.pk}).status_code == 404
    assert Membership.objects.filter(member=accounts.lead.member, organisation=led).exists()


def test_joining_a_group_is_a_post_that_toggles(accounts: Any) -> None:
    group = NetworkGroup.objects.order_by("pk").first()
    assert group is not None
    member = accounts.member.member
    client = _signed_in(accounts.member)
    url = reverse("network:join_group", args=[group.pk])
    assert client.get(url).status_code == 405
    assert "Join this group" in client.get(reverse("network:group", args=[group.pk])).content.decode()
    client.post(url)
    assert group.members.filter(pk=member.pk).exists()
    assert "Leave this group" in client.get(reverse("network:group", args=[group.pk])).content.decode()
    client.post(url)
    assert not group.members.filter(pk=member.pk).exists()
    assert "Join this group" not in Client().get(reverse("network:group", args=[group.pk])).content.decode()


def test_only_people_registered_for_an_event_give_feedback_on_it(accounts: Any) -> None:
    event = Event.objects.order_by("pk").first()
    assert event is not None
    client = _signed_in(accounts.member)
    url = reverse("network:feedback", args=[event.pk])
    before = Feedback.objects.count()
    assert client.get(url).status_code == 403
    assert client.post(url, {"rating": 5, "comment": "Great"}).status_code == 403
    assert Feedback.objects.count() == before
    Registration.objects.create(event=event, member=accounts.member.member)
    assert client.post(url, {"rating": 5, "comment": "Great"}).status_code == 302
    assert Feedback.objects.filter(event=event, member=accounts.member.member, rating=5).exists()
