"""Wellbeing pages: a lead's survey rounds and their results (10+ only), and the anonymous survey."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from atr.platform.network.access import Role, allow
from atr.platform.network.forms_base import GovukForm, style_fields
from atr.platform.workforce import proqol
from atr.platform.workforce.forms import SurveyRoundForm
from atr.platform.workforce.models import SurveyRound
from atr.platform.workforce.views.common import led_organisation
from atr.platform.workforce.wellbeing import (
    MIN_GROUP,
    TokenError,
    create_round,
    open_round,
    respond,
    round_summary,
)


@allow(Role.LEAD)
def surveys(request: HttpRequest, pk: int) -> HttpResponse:
    org = led_organisation(request, pk)
    form = SurveyRoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        round_, tokens = create_round(
            org, data["title"], data["opens_on"], data["closes_on"], data["tokens"], request.user
        )
        links = [request.build_absolute_uri(reverse("workforce:survey", args=[t])) for t in tokens]
        context: dict[str, object] = {
            "page_title": f"Links for {round_.title}",
            "nav": "workforce",
            "org": org,
            "round": round_,
            "links": links,
        }
        return render(request, "workforce/survey_links.html", context)
    rounds = [(r, round_summary(r)) for r in SurveyRound.objects.filter(organisation=org)]
    context = {
        "page_title": f"Staff wellbeing: {org.name}",
        "nav": "workforce",
        "org": org,
        "rounds": rounds,
        "form": form,
        "min_group": MIN_GROUP,
        "credit": proqol.CREDIT,
    }
    return render(request, "workforce/surveys.html", context, status=400 if form.errors else 200)


class SurveyForm(GovukForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        texts = proqol.item_texts()
        for number in range(1, proqol.ITEMS + 1):
            label = f"{number}. {texts[number - 1]}" if texts else f"Statement {number}"
            self.fields[f"q{number}"] = forms.TypedChoiceField(
                label=label,
                choices=[(str(v), f"{v} – {name}") for v, name in proqol.ANSWERS],
                coerce=int,
                widget=forms.RadioSelect,
            )
        style_fields(self)

    def answers(self) -> dict[int, int]:
        return {n: self.cleaned_data[f"q{n}"] for n in range(1, proqol.ITEMS + 1)}


@allow(Role.PUBLIC)
def survey(request: HttpRequest, token: str) -> HttpResponse:
    today = timezone.localdate()
    try:
        round_ = open_round(token, today)
    except TokenError as exc:
        return render(
            request,
            "workforce/survey_closed.html",
            {"page_title": "Survey link", "reason": str(exc)},
            status=404,
        )
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            respond(token, form.answers(), today)
        except TokenError as exc:
            return render(
                request,
                "workforce/survey_closed.html",
                {"page_title": "Survey link", "reason": str(exc)},
                status=404,
            )
        return render(request, "workforce/survey_thanks.html", {"page_title": "Thank you"})
    context = {
        "page_title": f"{'Error: ' if form.errors else ''}{round_.title}",
        "round": round_,
        "form": form,
        "official": proqol.item_texts() is not None,
        "credit": proqol.CREDIT,
        "min_group": MIN_GROUP,
    }
    response = render(request, "workforce/survey.html", context, status=400 if form.errors else 200)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the address
    return response
