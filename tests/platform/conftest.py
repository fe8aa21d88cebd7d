"""Fixtures for the network platform: a small synthetic network and one account per role.

The same tests run on SQLite (the default) and on PostgreSQL: `make test` runs this folder a
second time with ATR_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/test. If that server is
not reachable, the database tests are skipped with the reason (CI starts the server first).
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from typing import Any

import pytest

from atr.platform.dburl import database_from_url

POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"
SMALL = {"organisations": 12, "members": 30, "pledges": 20, "events": 6}


def _postgres_unreachable() -> str | None:
    url = os.environ.get("ATR_DATABASE_URL", "")
    if not url.startswith("postgres"):
        return None
    db = database_from_url(url)
    try:
        with socket.create_connection((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)), timeout=2):
            return None
    except OSError as exc:
        return f"PostgreSQL at {db['HOST']}:{db['PORT'] or 5432} is not reachable ({exc}); start it with pg_ctlcluster"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = _postgres_unreachable()
    if reason is None:
        return
    for item in items:
        if "tests/platform" in str(item.path) and "django_db" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


@dataclass
class Accounts:
    member: Any
    lead: Any
    team: Any
    auditor: Any
    led_organisation: Any
    other_organisation: Any


def make_accounts() -> Accounts:
    """A listed member, a lead of one organisation, a programme-team admin and an auditor."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from atr.platform.network.models import Member, Membership, Organisation

    user_model = get_user_model()
    orgs = list(Organisation.objects.order_by("pk")[:2])

    def person(email: str, name: str) -> Any:
        user = user_model.objects.create_user(username=email, email=email, password=None)
        Member.objects.create(user=user, display_name=name, listed=True)
        return user

    member = person("role-member@example.org", "Role Member")
    lead = person("role-lead@example.org", "Role Lead")
    Membership.objects.create(member=lead.member, organisation=orgs[0], is_lead=True)
    team = user_model.objects.create_user(username="role-team@example.org", password=None, is_staff=True)
    team.groups.add(Group.objects.get(name="programme team"))
    auditor = user_model.objects.create_user(username="role-auditor@example.org", password=None)
    auditor.groups.add(Group.objects.get(name="auditor"))
    return Accounts(member, lead, team, auditor, orgs[0], orgs[1])


@pytest.fixture
def network(db: None) -> None:
    from atr.platform.network.demo import DemoSize, seed_network

    seed_network(seed=7, size=DemoSize(**SMALL))


@pytest.fixture
def accounts(network: None) -> Accounts:
    return make_accounts()
