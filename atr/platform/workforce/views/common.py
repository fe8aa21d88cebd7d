"""Helpers the workforce views share: which organisations a person may manage."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from atr.platform.network.access import Role, roles_of
from atr.platform.network.models import Membership, Organisation


def led_organisation(request: HttpRequest, pk: int) -> Organisation:
    """The organisation, if this person leads it or is on the programme team; else 403."""
    org = get_object_or_404(Organisation, pk=pk)
    if Role.TEAM in roles_of(request.user):
        return org
    if Membership.objects.filter(organisation=org, member__user=request.user, is_lead=True).exists():
        return org
    raise PermissionDenied("you do not lead this organisation")


def led_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """Every organisation this person may manage here (all of them for the programme team)."""
    if Role.TEAM in roles_of(request.user):
        return Organisation.objects.order_by("name")
    return Organisation.objects.filter(
        memberships__member__user=request.user, memberships__is_lead=True
    ).order_by("name")
