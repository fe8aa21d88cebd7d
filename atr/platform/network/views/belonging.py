"""Where a member belongs: the organisations they work with and the network's groups.

Members choose these themselves (joining at ``/join/`` names one organisation; people move and
work across several). Leading an organisation is not something a member can give themselves: a
membership added here is a plain one, and only the programme team marks leads (Django admin).
Leaving and joining are POSTs (CSRF-protected), never links, and every change is in the audit
trail (the models are audited).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from atr.platform.network.access import Role, allow
from atr.platform.network.forms_base import GovukForm
from atr.platform.network.models import Member, Membership, NetworkGroup, Organisation


class AddOrganisationForm(GovukForm):
    organisation = forms.ModelChoiceField(Organisation.objects.none(), label="Organisation")

    def __init__(self, *args: object, member: Member, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.exclude(memberships__member=member).order_by("name")


@allow(Role.MEMBER)
def my_organisations(request: HttpRequest) -> HttpResponse:
    """The member's organisations, a form to add one, and a button to leave each."""
    member: Member = request.user.member
    form = AddOrganisationForm(request.POST or None, member=member)
    if request.method == "POST":
        leaving = request.POST.get("leave")
        if leaving:
            membership = get_object_or_404(Membership, member=member, organisation_id=leaving)
            name = membership.organisation.name
            membership.delete()
            messages.success(request, f"You are no longer listed with {name}")
            return redirect("network:my_organisations")
        if form.is_valid():
            organisation = form.cleaned_data["organisation"]
            Membership.objects.get_or_create(member=member, organisation=organisation)
            messages.success(request, f"You are now listed with {organisation.name}")
            return redirect("network:my_organisations")
    context = {
        "page_title": "Your organisations",
        "nav": "me",
        "form": form,
        "memberships": member.memberships.select_related("organisation").order_by("organisation__name"),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "network/my_organisations.html", context, status=status)


@allow(Role.MEMBER)
@require_POST
def join_group(request: HttpRequest, pk: int) -> HttpResponse:
    """Join the group, or leave it when already in it (the group page shows which)."""
    group = get_object_or_404(NetworkGroup, pk=pk)
    member: Member = request.user.member
    if group.members.filter(pk=member.pk).exists():
        group.members.remove(member)
        messages.success(request, f"You have left {group.name}")
    else:
        group.members.add(member)
        messages.success(request, f"You have joined {group.name}")
    return redirect("network:group", pk=pk)
