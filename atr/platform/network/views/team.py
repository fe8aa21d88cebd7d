"""Pages for the programme team's daily jobs (the admin is for housekeeping), and the audit log."""

from __future__ import annotations

from auditlog.models import LogEntry
from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from atr.platform.network.access import Role, allow
from atr.platform.network.aggregates import by_sector, headline
from atr.platform.network.attendance import AttendanceFileError, read_attendance, replace_attendance
from atr.platform.network.forms import EventForm, OrganisationForm
from atr.platform.network.forms_base import GovukForm
from atr.platform.network.models import Event
from atr.platform.network.tables import TABLES, table_csv
from atr.platform.network.views.common import form_page, page


@allow(Role.TEAM)
def team(request: HttpRequest) -> HttpResponse:
    context = {
        "page_title": "Programme team",
        "nav": "team",
        "headline": headline(),
        "sectors": by_sector(),
        "recent_events": Event.objects.order_by("-event_date")[:5],
    }
    return render(request, "network/team.html", context)


@allow(Role.TEAM)
def new_organisation(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        org = form.save()
        messages.success(request, f"{org.name} has been added")
        return redirect("network:organisation", pk=org.pk)
    return form_page(
        request, form, "Add an organisation", submit="Add the organisation", back=reverse("network:team")
    )


@allow(Role.TEAM)
def new_event(request: HttpRequest) -> HttpResponse:
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = form.save()
        messages.success(request, f"{event.title} has been added")
        return redirect("network:event", pk=event.pk)
    return form_page(request, form, "Add an event", submit="Add the event", back=reverse("network:team"))


class AttendanceForm(GovukForm):
    file = forms.FileField(
        label="Attendance counts (CSV)",
        help_text="A CSV file with the columns sector,attendees; at most 256 KB.",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
    )


@allow(Role.TEAM)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(Event, pk=pk)
    form = AttendanceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = read_attendance(form.cleaned_data["file"])
        except AttendanceFileError as exc:
            form.add_error("file", str(exc))
        else:
            replace_attendance(event, counts)
            messages.success(request, f"Attendance for {event.title} has been recorded")
            return redirect("network:event", pk=pk)
    return form_page(
        request,
        form,
        f"Attendance at {event.title}",
        submit="Upload",
        back=reverse("network:event", args=[pk]),
    )


@allow(Role.TEAM)
def exports(request: HttpRequest) -> HttpResponse:
    return render(
        request, "network/exports.html", {"page_title": "Exports", "nav": "team", "tables": list(TABLES)}
    )


@allow(Role.TEAM)
def export_table(request: HttpRequest, name: str) -> HttpResponse:
    if name not in TABLES:
        return render(request, "network/404.html", {"page_title": "Page not found"}, status=404)
    stamp = timezone.localdate().isoformat()
    response = HttpResponse(table_csv(name), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="atr-network-{name}-{stamp}.csv"'
    return response


@allow(Role.AUDITOR)
def audit(request: HttpRequest) -> HttpResponse:
    entries = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-id")
    return render(
        request,
        "network/audit.html",
        {"page_title": "Audit log", "nav": "audit", "page": page(request, entries, 50)},
    )
