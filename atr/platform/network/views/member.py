"""Pages for members: profile, own pledges and progress, events, and their own data (export, erase)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from atr.platform.network.access import Role, allow, roles_of
from atr.platform.network.forms import FeedbackForm, PledgeForm, ProfileForm, ProgressForm
from atr.platform.network.models import Event, Member, Pledge, Registration
from atr.platform.network.personal_data import erase_member, member_data
from atr.platform.network.views.common import form_page


def _member(request: HttpRequest) -> Member:
    return request.user.member


def _led_organisations(member: Member) -> list[object]:
    return [m.organisation for m in member.memberships.filter(is_lead=True).select_related("organisation")]


@allow(Role.MEMBER)
def me(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    context = {
        "page_title": "Your account",
        "nav": "me",
        "member": member,
        "pledges": member.pledges.order_by("-made_date"),
        "registrations": member.registrations.select_related("event").order_by("-event__event_date"),
        "led": _led_organisations(member),
    }
    return render(request, "network/me.html", context)


@allow(Role.MEMBER)
def edit_profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=_member(request))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Your profile has been saved")
        return redirect("network:me")
    return form_page(request, form, "Your profile", back=reverse("network:me"))


@allow(Role.MEMBER)
def new_pledge(request: HttpRequest) -> HttpResponse:
    member = _member(request)
    form = PledgeForm(request.POST or None, member=member, lead_of=_led_organisations(member))
    if request.method == "POST" and form.is_valid():
        pledge = form.save(commit=False)
        pledge.member = member
        pledge.save()
        messages.success(request, "Your pledge has been made")
        return redirect("network:pledge", pk=pledge.pk)
    return form_page(request, form, "Make a pledge", submit="Make the pledge", back=reverse("network:me"))


def _own_pledge(request: HttpRequest, pk: int) -> Pledge:
    """A pledge this person may change: their own, one of an organisation they lead, or any (team)."""
    pledge = get_object_or_404(Pledge, pk=pk)
    if Role.TEAM in roles_of(request.user):
        return pledge
    member = _member(request)
    if pledge.member_id == member.pk:
        return pledge
    if (
        pledge.organisation_id
        and member.memberships.filter(organisation_id=pledge.organisation_id, is_lead=True).exists()
    ):
        return pledge
    raise Http404("No such pledge of yours")


@allow(Role.MEMBER)
def edit_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _own_pledge(request, pk)
    member = _member(request)
    form = PledgeForm(
        request.POST or None, instance=pledge, member=member, lead_of=_led_organisations(member)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "The pledge has been saved")
        return redirect("network:pledge", pk=pledge.pk)
    return form_page(request, form, "Change the pledge", back=reverse("network:pledge", args=[pk]))


@allow(Role.MEMBER)
def add_progress(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = _own_pledge(request, pk)
    form = ProgressForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        update = form.save(commit=False)
        update.pledge = pledge
        update.save()
        messages.success(request, "Your progress update has been posted")
        return redirect("network:pledge", pk=pledge.pk)
    return form_page(
        request,
        form,
        "Post progress on the pledge",
        submit="Post the update",
        back=reverse("network:pledge", args=[pk]),
    )


@allow(Role.MEMBER)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    if request.method == "POST":
        Registration.objects.get_or_create(event=event, member=_member(request))
        messages.success(request, f"You are registered for {event.title}")
        return redirect("network:event", pk=pk)
    context = {
        "page_title": f"Register for {event.title}",
        "paragraphs": [f"{event.title}, {event.event_date:%d %B %Y}."],
        "submit_label": "Register",
        "back_url": reverse("network:event", args=[pk]),
    }
    return render(request, "network/confirm.html", context)


@allow(Role.MEMBER)
def feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """Feedback comes only from people who registered for the event, so that the ratings the
    observatory counts are the participants' own."""
    event = get_object_or_404(Event, pk=pk)
    if not Registration.objects.filter(event=event, member=_member(request)).exists():
        raise PermissionDenied("only people registered for this event can give feedback on it")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.event, item.member = event, _member(request)
        item.save()
        messages.success(request, "Thank you for your feedback")
        return redirect("network:event", pk=pk)
    return form_page(
        request,
        form,
        f"Feedback on {event.title}",
        submit="Send feedback",
        back=reverse("network:event", args=[pk]),
    )


@allow(Role.MEMBER)
def export_own_data(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(
        member_data(_member(request)), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    response["Content-Disposition"] = 'attachment; filename="my-atr-network-data.json"'
    return response


@allow(Role.MEMBER)
def erase_account(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        member = _member(request)
        logout(request)
        with transaction.atomic():
            erase_member(member)
        messages.success(request, "Your account has been erased")
        return redirect("network:home")
    context = {
        "page_title": "Erase your account",
        "paragraphs": [
            "This deletes your account, your profile, your event registrations and your private pledges.",
            "Pledges you made in public stay on the public record without your name, as does your event feedback.",
        ],
        "warning": "You cannot undo this.",
        "submit_label": "Erase my account",
        "danger": True,
        "back_url": reverse("network:me"),
    }
    return render(request, "network/confirm.html", context)
