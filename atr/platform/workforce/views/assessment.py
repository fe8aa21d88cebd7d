"""Self-assessment pages: an organisation's rounds, answering one, the review, and the report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from atr.platform.network.access import Role, allow
from atr.platform.network.views.common import form_page
from atr.platform.workforce import charts
from atr.platform.workforce.assessment import (
    RoundError,
    previous_round,
    results,
    review_round,
    save_answers,
    start_round,
    strengths_and_gaps,
)
from atr.platform.workforce.assessment_forms import AssessmentForm, ReviewForm, initial_answers
from atr.platform.workforce.item_bank import load_bank
from atr.platform.workforce.models import AssessmentRound
from atr.platform.workforce.views.common import led_organisation


def _round(request: HttpRequest, pk: int) -> AssessmentRound:
    round_ = get_object_or_404(AssessmentRound.objects.select_related("organisation"), pk=pk)
    led_organisation(request, round_.organisation_id)
    return round_


@allow(Role.LEAD)
def assessments(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    context = {
        "page_title": f"Self-assessment: {org.name}",
        "nav": "workforce",
        "org": org,
        "rounds": AssessmentRound.objects.filter(organisation=org),
        "bank": load_bank(),
    }
    return render(request, "workforce/assessments.html", context)


@allow(Role.LEAD)
@require_POST
def new_assessment(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    round_ = start_round(org, timezone.localdate())
    return redirect("workforce:round", pk=round_.pk)


def _context(round_: AssessmentRound) -> dict[str, object]:
    sections = results(round_)
    strengths, gaps = strengths_and_gaps(sections)
    bank = load_bank(round_.bank_version)
    rows = [(s.title, s.mean, s.previous) for s in sections]
    return {
        "round": round_,
        "org": round_.organisation,
        "bank": bank,
        "sections": sections,
        "strengths": strengths,
        "gaps": gaps,
        "previous": previous_round(round_),
        "chart": charts.bars_svg(
            f"Mean maturity per principle and domain, {round_.organisation.name} (0 to {bank.max_score})",
            rows,
            bank.max_score,
        ),
    }


@allow(Role.LEAD)
def round_view(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    bank = load_bank(round_.bank_version)
    if round_.status != "draft":
        context = {
            **_context(round_),
            "page_title": f"Self-assessment {round_.started_on:%B %Y}",
            "nav": "workforce",
        }
        return render(request, "workforce/round.html", context)
    answers = list(round_.answers.values_list("item_id", "score", "evidence"))
    initial = initial_answers({a[0]: a[1] for a in answers}, {a[0]: a[2] for a in answers})
    form = AssessmentForm(bank, request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        submit = request.POST.get("action") == "submit"
        try:
            save_answers(round_, form.answers(), submit=submit, user=request.user, today=timezone.localdate())
        except RoundError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "The self-assessment has been submitted" if submit else "Your answers have been saved",
            )
            return redirect("workforce:round", pk=pk)
    if form.is_bound and form.errors:
        status = 400
    context = {
        "page_title": f"{'Error: ' if status == 400 else ''}Self-assessment: {round_.organisation.name}",
        "nav": "workforce",
        "round": round_,
        "form": form,
        "bank": bank,
    }
    return render(request, "workforce/round_form.html", context, status=status)


@allow(Role.TEAM)
def review(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = get_object_or_404(AssessmentRound, pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            review_round(round_, form.cleaned_data["note"], request.user, timezone.localdate())
        except RoundError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "The self-assessment has been marked as reviewed")
            return redirect("workforce:round", pk=pk)
    return form_page(
        request,
        form,
        f"Review the self-assessment of {round_.organisation.name}",
        submit="Mark as reviewed",
        back=reverse("workforce:round", args=[pk]),
    )


@allow(Role.LEAD)
def report(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(request, pk)
    context = {
        **_context(round_),
        "page_title": f"Self-assessment report: {round_.organisation.name}",
        "nav": "workforce",
    }
    return render(request, "workforce/report.html", context)


@allow(Role.LEAD)
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    import weasyprint  # imported here: it loads Pango, which no other page needs

    round_ = _round(request, pk)
    html = render_to_string(
        "workforce/report_print.html",
        {**_context(round_), "page_title": f"Self-assessment report: {round_.organisation.name}"},
    )
    pdf = weasyprint.HTML(string=html).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="self-assessment-{round_.pk}.pdf"'
    return response
