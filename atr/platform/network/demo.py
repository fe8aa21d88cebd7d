"""A synthetic ATR Network for demos, tests and the benchmark, reproducible from a seed.

Everyone in it is invented (names drawn from word lists, addresses at example.org, accounts
without a usable password). Dates run up to a fixed day, 31 March 2026 (the end of 2025/26), so
the same seed gives the same network on any day. Rows are bulk-inserted, so seeding the
benchmark's 10,000 members takes seconds; bulk inserts bypass the audit trail on purpose (the
trail records what people do, not the demo's set-up).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from atr.errors import UsageError
from atr.platform.network import demo_words as words
from atr.platform.network import models as m
from atr.platform.network.vocab import PLEDGE_CATEGORIES, SECTOR_LABELS, SECTORS

AS_OF = date(2026, 3, 31)
BATCH = 2000
DEMO_DOMAIN = "example.org"
_SECTOR_WEIGHTS = {
    "education": 4,
    "voluntary_community": 4,
    "primary_care": 3,
    "local_authority": 2,
    "housing": 2,
}


@dataclass(frozen=True)
class DemoSize:
    organisations: int = 60
    members: int = 220
    pledges: int = 140
    events: int = 48


@dataclass(frozen=True)
class Seeded:
    organisations: int
    members: int
    pledges: int
    events: int
    groups: int


def _identifiers(rng: random.Random, sector: str, n: int) -> dict[str, str]:
    if sector in ("primary_care",):
        return {"ods_code": f"B{rng.randint(10000, 99999)}"}
    if sector in ("acute_trust", "mental_health_trust"):
        return {"ods_code": f"R{rng.choice('ABCDEFGHJKLMNPQRSTUVWXY')}{n % 10}"}
    if sector == "education":
        return {"urn": str(100000 + rng.randint(0, 899999))}
    if sector in ("voluntary_community", "lived_experience_group", "other"):
        return {"charity_number": str(rng.randint(1000000, 1199999))}
    if sector == "housing":
        return {"company_number": f"{rng.randint(0, 99999999):08d}"}
    return {}


def _clear() -> None:
    m.Organisation.objects.all().delete()
    m.Event.objects.all().delete()
    m.NetworkGroup.objects.all().delete()
    m.Pledge.objects.all().delete()
    get_user_model().objects.filter(username__endswith=f"@{DEMO_DOMAIN}", is_staff=False).delete()


def _organisations(rng: random.Random, n: int, districts: list[m.District]) -> list[m.Organisation]:
    sectors = [code for code, _ in SECTORS]
    weights = [_SECTOR_WEIGHTS.get(code, 1) for code in sectors]
    orgs: list[m.Organisation] = []
    for i in range(n):
        sector = sectors[i] if i < len(sectors) else rng.choices(sectors, weights)[0]
        name = f"{rng.choice(words.PLACES)} {rng.choice(words.SECTOR_NOUNS[sector])}"
        if i >= len(words.PLACES):
            name += f" {i // len(words.PLACES) + 1}"
        org = m.Organisation(
            name=name,
            sector=sector,
            description=f"{name} works with families across West Yorkshire.",
            headcount=rng.randint(8, 4000),
            joined_date=AS_OF - timedelta(days=rng.randint(0, 900)),
            **_identifiers(rng, sector, i),
        )
        org.search_text = " ".join([org.name, SECTOR_LABELS[sector], org.description])
        orgs.append(org)
    m.Organisation.objects.bulk_create(orgs, batch_size=BATCH)
    through = m.Organisation.districts.through
    links = []
    for org in orgs:
        served = districts if rng.random() < 0.15 else rng.sample(districts, rng.choice([1, 1, 2]))
        links += [through(organisation_id=org.pk, district_id=d.pk) for d in served]
    through.objects.bulk_create(links, batch_size=BATCH)
    return orgs


def _members(
    rng: random.Random,
    n: int,
    orgs: list[m.Organisation],
    districts: list[m.District],
    interests: list[m.Interest],
) -> list[m.Member]:
    unusable = make_password(None)
    user_model = get_user_model()
    users = [
        user_model(
            username=f"member{i:05d}@{DEMO_DOMAIN}", email=f"member{i:05d}@{DEMO_DOMAIN}", password=unusable
        )
        for i in range(n)
    ]
    user_model.objects.bulk_create(users, batch_size=BATCH)
    users = list(user_model.objects.filter(username__in=[u.username for u in users]).order_by("username"))
    experience = ["yes"] * 15 + ["no"] * 50 + ["prefer_not"] * 10 + [""] * 25
    members = []
    for user in users:
        name = f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"
        member = m.Member(
            user=user,
            display_name=name,
            job_title=rng.choice(words.ROLES),
            expertise=", ".join(rng.sample(words.EXPERTISE, 2)),
            bio="",
            listed=rng.random() < 0.7,
            contact_preference=rng.choice(["via_team", "via_team", "email", "none"]),
            lived_experience=rng.choice(experience),
            joined_date=AS_OF - timedelta(days=rng.randint(0, 700)),
        )
        member.search_text = " ".join([member.display_name, member.job_title, member.expertise])
        members.append(member)
    m.Member.objects.bulk_create(members, batch_size=BATCH)
    memberships, led = [], set()
    for i, member in enumerate(members):
        org = orgs[i % len(orgs)] if i < len(orgs) else rng.choice(orgs)
        memberships.append(m.Membership(member=member, organisation=org, is_lead=org.pk not in led))
        led.add(org.pk)
        if rng.random() < 0.1:
            other = rng.choice(orgs)
            if other.pk != org.pk:
                memberships.append(m.Membership(member=member, organisation=other))
    m.Membership.objects.bulk_create(memberships, batch_size=BATCH)
    d_through, i_through = m.Member.districts.through, m.Member.interests.through
    d_links = [
        d_through(member_id=x.pk, district_id=d.pk)
        for x in members
        for d in rng.sample(districts, rng.choice([1, 1, 2]))
    ]
    i_links = [
        i_through(member_id=x.pk, interest_id=t.pk)
        for x in members
        for t in rng.sample(interests, rng.randint(1, 3))
    ]
    d_through.objects.bulk_create(d_links, batch_size=BATCH)
    i_through.objects.bulk_create(i_links, batch_size=BATCH)
    return members


def _pledges(rng: random.Random, n: int, members: list[m.Member], orgs: list[m.Organisation]) -> int:
    org_of = dict(m.Membership.objects.filter(member__in=members).values_list("member_id", "organisation_id"))
    categories = [code for code, _ in PLEDGE_CATEGORIES]
    pledges = []
    for _ in range(n):
        member = rng.choice(members)
        category = rng.choice(categories)
        on_behalf = rng.random() < 0.3
        pledges.append(
            m.Pledge(
                member=member,
                organisation_id=org_of.get(member.pk) if on_behalf else None,
                category=category,
                commitment=words.COMMITMENTS[category],
                made_date=AS_OF - timedelta(days=rng.randint(0, 700)),
                is_public=rng.random() < 0.85,
            )
        )
    for org in rng.sample(orgs, max(1, len(orgs) * 2 // 5)):
        pledges.append(
            m.Pledge(
                organisation=org,
                pledge_type="charter",
                category="leadership",
                commitment="We sign the charter for trauma-informed practice.",
                made_date=AS_OF - timedelta(days=rng.randint(0, 500)),
            )
        )
    m.Pledge.objects.bulk_create(pledges, batch_size=BATCH)
    updates = []
    for pledge in pledges:
        for k in range(rng.choice([0, 0, 1, 1, 2, 3])):
            when = min(AS_OF, pledge.made_date + timedelta(days=60 * (k + 1) + rng.randint(0, 30)))
            updates.append(m.ProgressUpdate(pledge=pledge, update_date=when, text=rng.choice(words.PROGRESS)))
    m.ProgressUpdate.objects.bulk_create(updates, batch_size=BATCH)
    return len(pledges)


def _events(rng: random.Random, n: int, members: list[m.Member], districts: list[m.District]) -> None:
    kinds = ["knowledge_exchange", "knowledge_exchange", "workshop", "training", "conference"]
    events = []
    for i in range(n):
        topic = rng.choice(words.EVENT_TOPICS)
        kind = rng.choice(kinds)
        events.append(
            m.Event(
                title=f"{topic}: {kind.replace('_', ' ')} {i + 1}",
                kind=kind,
                event_date=AS_OF - timedelta(days=int(365 * i / max(n, 1))),
                district=rng.choice([*districts, None]),
                venue=f"{rng.choice(words.PLACES)} Community Hall",
                capacity=rng.choice([30, 50, 80, 120]),
            )
        )
    m.Event.objects.bulk_create(events, batch_size=BATCH)
    sectors = [code for code, _ in SECTORS]
    registrations, reach, feedback = [], [], []
    for event in events:
        size = min(len(members), rng.randint(5, 40))
        for member in rng.sample(members, size):
            attended = rng.random() < 0.75
            registrations.append(m.Registration(event=event, member=member, attended=attended))
            if attended and rng.random() < 0.2:
                feedback.append(m.Feedback(event=event, member=member, rating=rng.randint(3, 5)))
        if event.kind in ("knowledge_exchange", "conference"):
            for sector in rng.sample(sectors, rng.randint(3, 8)):
                reach.append(m.EventReach(event=event, sector=sector, attendees=rng.randint(2, 25)))
    m.Registration.objects.bulk_create(registrations, batch_size=BATCH)
    m.EventReach.objects.bulk_create(reach, batch_size=BATCH)
    m.Feedback.objects.bulk_create(feedback, batch_size=BATCH)


def _groups(rng: random.Random, members: list[m.Member]) -> int:
    for name, kind, purpose in words.GROUPS:
        group = m.NetworkGroup.objects.create(name=name, kind=kind, purpose=purpose)
        group.members.set(rng.sample(members, min(len(members), rng.randint(8, 30))))
    return len(words.GROUPS)


def seed_network(*, seed: int = 15, size: DemoSize = DemoSize(), replace: bool = False) -> Seeded:
    """Fill the database with a synthetic network; refuses to mix with existing records."""
    rng = random.Random(seed)
    with transaction.atomic():
        if m.Organisation.objects.exists() or m.Member.objects.exists():
            if not replace:
                raise UsageError("the platform already holds a network", hint="pass --replace to start again")
            _clear()
        districts = list(m.District.objects.order_by("code"))
        interests = list(m.Interest.objects.order_by("slug"))
        orgs = _organisations(rng, size.organisations, districts)
        members = _members(rng, size.members, orgs, districts, interests)
        pledges = _pledges(rng, size.pledges, members, orgs)
        _events(rng, size.events, members, districts)
        groups = _groups(rng, members)
    return Seeded(len(orgs), len(members), pledges, size.events, groups)
