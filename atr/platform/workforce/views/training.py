"""Training pages: the catalogue, an organisation's coverage, uploads, single entries, levels."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from atr.platform.network.access import Role, allow
from atr.platform.network.views.common import form_page
from atr.platform.workforce import charts
from atr.platform.workforce.coverage import organisation_coverage, refresh_staff, required_levels
from atr.platform.workforce.forms import CompletionForm, CourseForm, RequirementForm, UploadForm
from atr.platform.workforce.levels import LEVEL_LABELS, normalise_role
from atr.platform.workforce.models import CompletionUpload, Course, RoleRequirement, StaffMember
from atr.platform.workforce.upload import COLUMNS, UploadRefused, save_completions
from atr.platform.workforce.views.common import led_organisation, led_organisations


@allow(Role.PUBLIC)
def courses(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workforce/courses.html",
        {"page_title": "Course catalogue", "nav": "workforce", "courses": Course.objects.filter(active=True)},
    )


@allow(Role.TEAM)
def new_course(request: HttpRequest) -> HttpResponse:
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        course = form.save()
        messages.success(request, f"{course.title} has been added to the catalogue")
        return redirect("workforce:courses")
    return form_page(
        request, form, "Add a course", submit="Add the course", back=reverse("workforce:courses")
    )


@allow(Role.LEAD)
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workforce/home.html",
        {"page_title": "Workforce", "nav": "workforce", "organisations": led_organisations(request)},
    )


@allow(Role.LEAD)
def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    coverage = organisation_coverage([org], timezone.localdate())[0]
    staff = StaffMember.objects.filter(organisation=org)
    by_role = (
        staff.values("role", "required_level")
        .annotate(staff=Count("id"), trained=Count("met_on"))
        .order_by("role")
    )
    context = {
        "page_title": f"Workforce: {org.name}",
        "nav": "workforce",
        "org": org,
        "coverage": coverage,
        "chart": charts.trajectory_svg(coverage.series, org.name),
        "by_role": [{**r, "required_label": LEVEL_LABELS[r["required_level"]]} for r in by_role],
        "uploads": CompletionUpload.objects.filter(organisation=org)[:5],
    }
    return render(request, "workforce/organisation.html", context)


@allow(Role.LEAD)
def upload(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        try:
            result = save_completions(org, file.name, file.read(), request.user, timezone.localdate())
        except UploadRefused as exc:
            form.add_error("file", str(exc))
        else:
            context = {
                "page_title": f"Upload checked: {org.name}",
                "nav": "workforce",
                "org": org,
                "result": result,
                "shown": result.set_aside[:200],
            }
            return render(request, "workforce/upload_result.html", context)
    return form_page(
        request,
        form,
        f"Upload training completions for {org.name}",
        submit="Upload and check",
        intro=(
            f"Export completions from your learning system with the columns {', '.join(COLUMNS)}. "
            "Every row must name your organisation. Rows with problems are set aside and listed; "
            "the rest are saved. Uploading the same file again changes nothing."
        ),
        back=reverse("workforce:organisation", args=[pk]),
    )


@allow(Role.LEAD)
def template_csv(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    course = Course.objects.filter(active=True).first()
    example = [
        f"ORG{org.pk}",
        "S0001",
        "Support worker",
        "Outreach",
        course.code if course else "",
        "2026-01-31",
    ]
    body = ",".join(COLUMNS) + "\r\n" + ",".join(example) + "\r\n"
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="completions-template.csv"'
    return response


@allow(Role.LEAD)
def add_completion(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    form = CompletionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        completion = form.save(commit=False)
        completion.organisation = org
        try:
            with transaction.atomic():
                completion.save()
                refresh_staff(org, [completion.staff_ref])
        except IntegrityError:
            form.add_error("completed_on", "This completion is already recorded")
        else:
            messages.success(request, f"The completion for {completion.staff_ref} has been recorded")
            return redirect("workforce:organisation", pk=pk)
    return form_page(
        request,
        form,
        f"Record a completion for {org.name}",
        submit="Record",
        back=reverse("workforce:organisation", args=[pk]),
    )


@allow(Role.LEAD)
def requirements(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    rules, fallback = required_levels(org)
    instance = None
    if request.method == "POST":
        instance = RoleRequirement.objects.filter(
            organisation=org, role=normalise_role(request.POST.get("role", ""))
        ).first()
    form = RequirementForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        rule = form.save(commit=False)
        rule.organisation = org
        rule.save()
        refresh_staff(org)
        messages.success(request, f"{rule.role.capitalize()} now needs {LEVEL_LABELS[rule.level].lower()}")
        return redirect("workforce:requirements", pk=pk)
    roles = sorted(set(StaffMember.objects.filter(organisation=org).values_list("role", flat=True)))
    context = {
        "page_title": f"Required levels: {org.name}",
        "nav": "workforce",
        "org": org,
        "form": form,
        "rules": [(role, LEVEL_LABELS[level]) for role, level in sorted(rules.items())],
        "fallback": LEVEL_LABELS[fallback],
        "roles_seen": roles,
    }
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "workforce/requirements.html", context, status=status)
