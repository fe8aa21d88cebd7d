"""Who may do what: the five roles of ``platform.md`` and the decorator every view wears.

Deny by default: :class:`atr.platform.middleware.DenyByDefaultMiddleware` refuses any view
without an ``atr_access`` rule, and :func:`allow` is the only way to give one. A visitor who is
not signed in is sent to the sign-in page; a signed-in person without the role gets 403.
Object-level rules (your own pledge, an organisation you lead) are checked in the view.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from enum import StrEnum
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

TEAM_GROUP = "programme team"
AUDITOR_GROUP = "auditor"


class Role(StrEnum):
    PUBLIC = "public"
    MEMBER = "member"
    LEAD = "organisation lead"
    TEAM = "programme team"
    AUDITOR = "auditor"


def roles_of(user: Any) -> frozenset[Role]:
    """Every role ``user`` holds (everyone is ``public``)."""
    roles = {Role.PUBLIC}
    if not getattr(user, "is_authenticated", False):
        return frozenset(roles)
    cached = getattr(user, "_atr_roles", None)
    if cached is not None:
        return cached
    groups = set(user.groups.values_list("name", flat=True))
    if TEAM_GROUP in groups:
        roles.add(Role.TEAM)
    if AUDITOR_GROUP in groups:
        roles.add(Role.AUDITOR)
    member = getattr(user, "member", None) if hasattr(user, "member") else None
    if member is not None:
        roles.add(Role.MEMBER)
        if member.memberships.filter(is_lead=True).exists():
            roles.add(Role.LEAD)
    result = frozenset(roles)
    user._atr_roles = result
    return result


def permits(user: Any, role: Role) -> bool:
    """True if ``user`` may use a view that needs ``role`` (the team may do what a lead may)."""
    held = roles_of(user)
    if role is Role.LEAD:
        return Role.LEAD in held or Role.TEAM in held
    return role in held


View = Callable[..., HttpResponse]


def allow(role: Role) -> Callable[[View], View]:
    """Mark a view with the role it needs, and enforce it."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if role is not Role.PUBLIC:
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                if not permits(request.user, role):
                    raise PermissionDenied(f"needs the {role.value} role")
            return view(request, *args, **kwargs)

        wrapped.atr_access = role  # type: ignore[attr-defined]
        return wrapped

    return decorate


def roles_context(request: HttpRequest) -> dict[str, object]:
    """Template context: the viewer's roles, for showing only the links they may follow."""
    held = roles_of(request.user)
    return {
        "is_member": Role.MEMBER in held,
        "is_team": Role.TEAM in held,
        "is_auditor": Role.AUDITOR in held,
        "is_lead": Role.LEAD in held,
    }
