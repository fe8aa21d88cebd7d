"""Organisation leads propose and update their services; the programme team reviews and checks.

A lead sees the services of the organisations they lead (the team sees every organisation's) and
proposes new ones or changes, which wait for review; the public directory changes only when the
team approves. The team also sees the stale list: published entries not checked for a year.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from atr.platform.directory import workflow
from atr.platform.directory.forms import ProposalForm, ReviewForm, initial_from
from atr.platform.directory.models import STALE_AFTER, Proposal, Review, Service
from atr.platform.network.access import Role, allow, roles_of
from atr.platform.network.models import Organisation
from atr.platform.network.views.common import form_page, page


def led_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    """The network organisations this person may manage services for."""
    if Role.TEAM in roles_of(request.user):
        return Organisation.objects.all()
    return Organisation.objects.filter(memberships__member__user=request.user, memberships__is_lead=True)


def _managed_service(request: HttpRequest, pk: Any) -> Service:
    service = get_object_or_404(Service.objects.select_related("organization"), pk=pk)
    if Role.TEAM in roles_of(request.user):
        return service
    network = service.organization.network_organisation_id
    if network is None or not led_organisations(request).filter(pk=network).exists():
        raise PermissionDenied("you do not lead the organisation that provides this service")
    return service


@allow(Role.LEAD)
def mine(request: HttpRequest) -> HttpResponse:
    led = led_organisations(request)
    is_team = Role.TEAM in roles_of(request.user)
    services = Service.objects.select_related("organization").order_by("organization__name", "name")
    proposals = Proposal.objects.select_related("organization", "service")
    if not is_team:
        services = services.filter(organization__network_organisation__in=led)
        proposals = proposals.filter(organization__network_organisation__in=led)
    context = {
        "page_title": "Your services in the directory",
        "nav": "services",
        "page": page(request, services),
        "proposals": proposals[:20],
        "stale_before": date.today() - STALE_AFTER,
    }
    return render(request, "directory/manage.html", context)


def _propose(request: HttpRequest, service: Service | None) -> HttpResponse:
    led = led_organisations(request)
    initial: dict[str, Any] = initial_from(service) if service else {}
    if service is not None:
        led = (
            led.filter(pk=service.organization.network_organisation_id)
            if service.organization.network_organisation_id
            else led
        )
        initial["organisation"] = service.organization.network_organisation
    form = ProposalForm(request.POST or None, organisations=led, initial=initial)
    if request.method == "POST" and form.is_valid():
        org = (
            service.organization
            if service
            else workflow.directory_organization(form.cleaned_data["organisation"])
        )
        Proposal.objects.create(
            organization=org, service=service, data=form.proposal_data(), proposed_by=request.user
        )
        messages.success(request, "Thank you: the programme team will review it before it is public")
        return redirect("directory:manage")
    title = f"Propose a change to {service.name}" if service else "Propose a new service"
    return form_page(request, form, title, submit="Send for review", back=reverse("directory:manage"))


@allow(Role.LEAD)
def propose(request: HttpRequest) -> HttpResponse:
    return _propose(request, None)


@allow(Role.LEAD)
def propose_change(request: HttpRequest, pk: Any) -> HttpResponse:
    return _propose(request, _managed_service(request, pk))


@allow(Role.LEAD)
@require_POST
def confirm_checked(request: HttpRequest, pk: Any) -> HttpResponse:
    service = _managed_service(request, pk)
    workflow.confirm_checked(service)
    messages.success(request, f"{service.name} is marked as checked today")
    return redirect("directory:manage")


@allow(Role.TEAM)
def review_list(request: HttpRequest) -> HttpResponse:
    pending = Proposal.objects.filter(state=Proposal.State.PENDING).select_related(
        "organization", "service", "proposed_by"
    )
    context = {
        "page_title": "Directory entries to review",
        "nav": "services",
        "page": page(request, pending.order_by("proposed_at")),
    }
    return render(request, "directory/review_list.html", context)


@allow(Role.TEAM)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(Proposal.objects.select_related("organization", "service"), pk=pk)
    form = ReviewForm(request.POST or None)
    if proposal.state != Proposal.State.PENDING:
        messages.success(request, "This proposal has already been reviewed")
        return redirect("directory:review")
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["decision"] == "approve":
            service = workflow.approve(proposal, request.user, form.cleaned_data["note"])
            messages.success(request, f"{service.name} is published")
        else:
            workflow.return_to_lead(proposal, request.user, form.cleaned_data["note"])
            messages.success(request, "The proposal has been returned")
        return redirect("directory:review")
    context = {
        "page_title": f"Review: {proposal.data.get('name', 'service')}",
        "nav": "services",
        "proposal": proposal,
        "answers": [(k.replace("_", " ").capitalize(), _shown(v)) for k, v in sorted(proposal.data.items())],
        "form": form,
    }
    return render(request, "directory/review.html", context, status=400 if form.errors else 200)


@allow(Role.TEAM)
def stale(request: HttpRequest) -> HttpResponse:
    old = Service.objects.filter(review=Review.PUBLISHED, last_checked__lt=date.today() - STALE_AFTER)
    context = {
        "page_title": "Directory entries not checked for a year",
        "nav": "services",
        "page": page(request, old.select_related("organization").order_by("last_checked", "name")),
    }
    return render(request, "directory/stale.html", context)


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "Not given"
    return "Not given" if value is None or value == "" else str(value)
