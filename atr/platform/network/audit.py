"""The audit trail: every create, update and delete of the network's records, with who and when.

django-auditlog records the changes; its middleware records the signed-in person as the actor.
Passwords and login times are never written to the trail.
"""

from __future__ import annotations

from auditlog.registry import auditlog
from django.contrib.auth import get_user_model


def register_audited_models() -> None:
    from atr.platform.network import models as m

    for model in (
        m.Organisation,
        m.Membership,
        m.NetworkGroup,
        m.Pledge,
        m.ProgressUpdate,
        m.Event,
        m.Registration,
        m.EventReach,
        m.Feedback,
    ):
        if not auditlog.contains(model):
            auditlog.register(model, exclude_fields=["search_text", "created", "updated"])
    if not auditlog.contains(m.Member):
        # What a person says about lived experience is never copied into the trail (a masked
        # value would still give "yes" and "no" away by their length).
        auditlog.register(m.Member, exclude_fields=["search_text", "created", "updated", "lived_experience"])
    user = get_user_model()
    if not auditlog.contains(user):
        auditlog.register(user, exclude_fields=["password", "last_login"])
