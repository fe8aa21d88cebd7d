"""Counts the programme team reads (and the export writes), with small numbers suppressed.

Lived experience is only ever a count per cell, and a count below the threshold
(``ATR_SUPPRESS_BELOW``, 5) is shown as "fewer than 5", never as the number.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Sum

from atr.platform.network.models import EventReach, Member, Membership, Organisation, Pledge
from atr.platform.network.vocab import SECTOR_LABELS

NO_ORGANISATION = ""
"""The sector of a member with no organisation (an empty cell in the extract)."""


def member_sectors() -> dict[int, str]:
    """Each member's sector: that of their first organisation (members without one are absent)."""
    sectors: dict[int, str] = {}
    for member_id, sector in Membership.objects.order_by("member_id", "id").values_list(
        "member_id", "organisation__sector"
    ):
        sectors.setdefault(member_id, sector)
    return sectors


def member_cells() -> dict[tuple[str, str], tuple[int, int]]:
    """(sector, district code) → (members, with lived experience); a member counts once in each
    district they name; "" stands for no organisation or no district."""
    sectors = member_sectors()
    members: Counter[tuple[str, str]] = Counter()
    lived: Counter[tuple[str, str]] = Counter()
    for member_id, district, experience in Member.objects.values_list(
        "id", "districts__code", "lived_experience"
    ):
        cell = (sectors.get(member_id, NO_ORGANISATION), district or "")
        members[cell] += 1
        if experience == "yes":
            lived[cell] += 1
    return {cell: (members[cell], lived[cell]) for cell in sorted(members)}


def shown(count: int) -> str:
    limit = int(getattr(settings, "ATR_SUPPRESS_BELOW", 5))
    return f"fewer than {limit}" if 0 < count < limit else str(count)


@dataclass(frozen=True)
class SectorRow:
    sector: str
    members: int
    lived_experience: str
    organisations: int
    pledging: int
    reach: int


def by_sector() -> list[SectorRow]:
    sectors = member_sectors()
    members = Counter(sectors.get(m, NO_ORGANISATION) for m in Member.objects.values_list("id", flat=True))
    lived = Counter(
        sectors.get(m, NO_ORGANISATION)
        for m in Member.objects.filter(lived_experience="yes").values_list("id", flat=True)
    )
    orgs = Counter(dict(Organisation.objects.values_list("sector").annotate(n=Count("id"))))
    pledging = Counter(
        dict(
            Organisation.objects.filter(pledges__isnull=False)
            .values_list("sector")
            .annotate(n=Count("id", distinct=True))
        )
    )
    reach = Counter(dict(EventReach.objects.values_list("sector").annotate(n=Sum("attendees"))))
    keys = sorted(set(members) | set(orgs) | set(reach), key=lambda k: SECTOR_LABELS.get(k, k))
    return [
        SectorRow(
            sector=SECTOR_LABELS.get(key, "No organisation"),
            members=members[key],
            lived_experience=shown(lived[key]),
            organisations=orgs[key],
            pledging=pledging[key],
            reach=int(reach[key] or 0),
        )
        for key in keys
    ]


def headline() -> dict[str, int]:
    return {
        "members": Member.objects.count(),
        "organisations": Organisation.objects.count(),
        "pledges": Pledge.objects.count(),
        "charter_signatories": Pledge.objects.filter(pledge_type="charter")
        .values("organisation")
        .distinct()
        .count(),
        "attendees": int(EventReach.objects.aggregate(n=Sum("attendees"))["n"] or 0),
    }
