"""The staff roles' permissions in Django's admin, granted after every migration.

Permissions exist only once ``migrate`` has created them, so they are granted from a
``post_migrate`` signal rather than in a migration. The programme team may manage the network's
records and accounts and unlock locked-out sign-ins; the auditor has no admin rights at all (the
audit log has its own page).
"""

from __future__ import annotations

from typing import Any

TEAM_APPS = ("network", "axes")
TEAM_EXTRA = (("auth", "user"), ("auth", "group"))


def grant_team_permissions(sender: Any = None, **kwargs: Any) -> None:
    from django.contrib.auth.models import Group, Permission
    from django.db.models import Q

    from atr.platform.network.access import AUDITOR_GROUP, TEAM_GROUP

    team, _ = Group.objects.get_or_create(name=TEAM_GROUP)
    Group.objects.get_or_create(name=AUDITOR_GROUP)
    wanted = Q(content_type__app_label__in=TEAM_APPS)
    for app_label, model in TEAM_EXTRA:
        wanted |= Q(content_type__app_label=app_label, content_type__model=model)
    team.permissions.add(*Permission.objects.filter(wanted))
