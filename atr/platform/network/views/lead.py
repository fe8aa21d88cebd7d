"""Pages for organisation leads (and the programme team): the organisation's profile and pledges."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse

from atr.platform.network.access import Role, allow, roles_of
from atr.platform.network.forms import OrganisationForm, PledgeForm
from atr.platform.network.models import Membership, Organisation
from atr.platform.network.views.common import form_page


def _led(request: HttpRequest, pk: int) -> Organisation:
    """The organisation, if this person leads it or is on the programme team; else 403."""
    org = get_object_or_404(Organisation, pk=pk)
    if Role.TEAM in roles_of(request.user):
        return org
    if Membership.objects.filter(organisation=org, member__user=request.user, is_lead=True).exists():
        return org
    raise PermissionDenied("you do not lead this organisation")


@allow(Role.LEAD)
def edit_organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = _led(request, pk)
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{org.name} has been saved")
        return redirect("network:organisation", pk=org.pk)
    return form_page(request, form, f"Change {org.name}", back=reverse("network:organisation", args=[pk]))


@allow(Role.LEAD)
def organisation_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A pledge by the organisation itself, or its signature of the charter."""
    org = _led(request, pk)
    form = PledgeForm(request.POST or None, member=None, lead_of=[org], initial={"organisation": org})
    form.fields["organisation"].queryset = Organisation.objects.filter(pk=org.pk)
    form.fields["organisation"].required = True
    if request.method == "POST" and form.is_valid():
        pledge = form.save()
        messages.success(request, f"The pledge of {org.name} has been made")
        return redirect("network:pledge", pk=pledge.pk)
    return form_page(
        request,
        form,
        f"A pledge by {org.name}",
        submit="Make the pledge",
        intro="Choose the charter to sign the programme's charter for trauma-informed practice.",
        back=reverse("network:organisation", args=[pk]),
    )
