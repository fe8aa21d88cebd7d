"""Accounts and security: hashing, throttling, CSRF, cookies, headers, escaping, the audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from atr.platform.network.models import Member, Organisation

PASSWORD = "a long enough pass phrase 42"


def _join(client: Client, email: str, **extra: Any) -> Any:
    data = {
        "email": email,
        "password": PASSWORD,
        "password_again": PASSWORD,
        "display_name": "Sam Example",
        "contact_preference": "via_team",
        "listed": "on",
        **extra,
    }
    return client.post(reverse("network:join"), data)


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2() -> None:
    assert _join(Client(), "argon@example.org").status_code == 302
    user = get_user_model().objects.get(username="argon@example.org")
    assert user.password.startswith("argon2$")
    assert PASSWORD not in user.password


@pytest.mark.django_db
def test_sign_in_is_locked_after_five_failures_even_with_the_right_password() -> None:
    _join(Client(), "locked@example.org")
    client = Client()
    url = reverse("network:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(url, {"username": "locked@example.org", "password": "wrong password!!"})
        assert response.status_code in (200, 400, 429)
    response = client.post(url, {"username": "locked@example.org", "password": PASSWORD})
    assert response.status_code == 429
    assert b"locked" in response.content
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_right_password_signs_in() -> None:
    _join(Client(), "right@example.org")
    client = Client()
    response = client.post(reverse("network:login"), {"username": "Right@Example.org ", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("network:me")).status_code == 200


@pytest.mark.django_db
def test_forms_refuse_a_post_without_the_csrf_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = _join(client, "csrf@example.org")
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="csrf@example.org").exists()


def test_every_page_sends_the_security_headers_and_a_strict_policy(network: None) -> None:
    response = Client().get(reverse("network:home"))
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert b"<script>" not in response.content  # no inline script anywhere: scripts are files


@pytest.mark.django_db
def test_cookies_are_httponly_and_samesite() -> None:
    client = Client()
    response = _join(client, "cookie@example.org")
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["httponly"] and session["samesite"] == "Lax"
    assert settings.CSRF_COOKIE_HTTPONLY and settings.CSRF_COOKIE_SAMESITE == "Lax"


def test_html_in_text_fields_is_escaped_on_every_page_that_shows_it(accounts: Any) -> None:
    member = accounts.member.member
    member.bio = '<script>alert("x")</script><b>bold</b>'
    member.save()
    page = Client().get(reverse("network:member", args=[member.pk])).content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_the_audit_trail_records_who_changed_what_and_only_the_auditor_reads_it(accounts: Any) -> None:
    lead = Client()
    lead.force_login(accounts.lead)
    org = accounts.led_organisation
    form = {"name": "Renamed Trust", "sector": org.sector, "headcount": "120"}
    assert lead.post(reverse("network:edit_organisation", args=[org.pk]), form).status_code == 302
    entry = LogEntry.objects.get_for_object(Organisation.objects.get(pk=org.pk)).latest("timestamp")
    assert entry.actor == accounts.lead
    assert entry.changes_dict["name"][1] == "Renamed Trust"
    auditor = Client()
    auditor.force_login(accounts.auditor)
    page = auditor.get(reverse("network:audit")).content.decode()
    assert "Renamed Trust" in page and accounts.lead.username in page
    team = Client()
    team.force_login(accounts.team)
    assert team.get(reverse("network:audit")).status_code == 403


def test_lived_experience_is_never_written_to_the_trail_in_clear(accounts: Any) -> None:
    client = Client()
    client.force_login(accounts.member)
    data = {"display_name": "Role Member", "contact_preference": "none", "lived_experience": "yes"}
    assert client.post(reverse("network:profile"), data).status_code == 302
    assert Member.objects.get(pk=accounts.member.member.pk).lived_experience == "yes"
    entry = LogEntry.objects.get_for_object(accounts.member.member).latest("timestamp")
    assert "contact_preference" in entry.changes_dict  # the change is recorded …
    assert "lived_experience" not in entry.changes_dict  # … but not what was said
    assert all("lived_experience" not in str(e.changes) for e in LogEntry.objects.all())


def test_lived_experience_is_shown_only_as_a_count_and_small_counts_are_suppressed(accounts: Any) -> None:
    from atr.platform.network.aggregates import by_sector, shown

    assert [shown(n) for n in (0, 1, 4, 5, 12)] == ["0", "fewer than 5", "fewer than 5", "5", "12"]
    Member.objects.update(lived_experience="")
    member = accounts.member.member
    member.lived_experience = "yes"
    member.save()
    member.memberships.create(organisation=accounts.other_organisation)
    row = next(r for r in by_sector() if r.sector == accounts.other_organisation.sector_label)
    assert row.lived_experience == "fewer than 5"
    team = Client()
    team.force_login(accounts.team)
    page = team.get(reverse("network:team")).content.decode()
    assert "fewer than 5" in page
    member.interests.clear()
    assert "lived" not in Client().get(reverse("network:member", args=[member.pk])).content.decode().lower()
