"""A member's own data: everything held about them (export) and its removal (erasure).

Erasure keeps what is public record without the person: public pledges stay, with no member and
``anonymised`` set; feedback stays without a name. Everything else about them is deleted, and
the audit trail keeps who-did-what-when for their records but loses the values (names, text).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from atr.platform.network.models import Member

ERASED = "erased member"


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def member_data(member: Member) -> dict[str, Any]:
    """Everything the platform holds about ``member`` (their right of access), as plain JSON."""
    user = member.user
    return {
        "account": {
            "email": user.email,
            "joined": _iso(user.date_joined),
            "last_login": _iso(user.last_login),
        },
        "profile": {
            "name": member.display_name,
            "role": member.job_title,
            "about": member.bio,
            "expertise": member.expertise,
            "listed_publicly": member.listed,
            "contact_preference": member.contact_preference,
            "lived_experience": member.lived_experience or None,
            "joined_date": _iso(member.joined_date),
            "districts": [d.code for d in member.districts.all()],
            "interests": [i.name for i in member.interests.all()],
        },
        "organisations": [
            {"name": m.organisation.name, "lead": m.is_lead}
            for m in member.memberships.select_related("organisation")
        ],
        "groups": [g.name for g in member.groups.all()],
        "pledges": [
            {
                "type": p.pledge_type,
                "category": p.category,
                "commitment": p.commitment,
                "made_date": _iso(p.made_date),
                "public": p.is_public,
                "organisation": p.organisation.name if p.organisation else None,
                "progress": [{"date": _iso(u.update_date), "text": u.text} for u in p.updates.all()],
            }
            for p in member.pledges.select_related("organisation")
        ],
        "event_registrations": [
            {"event": r.event.title, "date": _iso(r.event.event_date), "attended": r.attended}
            for r in member.registrations.select_related("event")
        ],
        "feedback": [
            {"event": f.event.title, "rating": f.rating, "comment": f.comment}
            for f in member.feedback.select_related("event")
        ],
    }


def erase_member(member: Member) -> None:
    """Delete ``member`` and their user account, keeping the public record without their name.

    Run inside a transaction. The trail's entries about the person (including those this
    deletion writes) keep action, time and actor but lose the values.
    """
    for pledge in member.pledges.filter(is_public=True):
        pledge.member, pledge.anonymised = None, True
        pledge.save(update_fields=["member", "anonymised", "updated"])
    for pledge in member.pledges.filter(is_public=False):
        pledge.delete()
    member.feedback.update(member=None)
    user = member.user
    keys = [(ContentType.objects.get_for_model(type(obj)), str(obj.pk)) for obj in (member, user)]
    email = user.email
    with set_actor(None):  # the trail must not point at the account being deleted
        member.delete()
        user.delete()
    LogEntry.objects.filter(actor_email=email).update(actor_email=None)
    for content_type, pk in keys:
        LogEntry.objects.filter(content_type=content_type, object_pk=pk).update(
            object_repr=ERASED, changes=None, changes_text="", serialized_data=None
        )
