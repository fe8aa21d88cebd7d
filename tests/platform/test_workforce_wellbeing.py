"""Wellbeing: ProQOL 5 scored as its manual says; single-use anonymous links; groups under 10 withheld."""

from __future__ import annotations

import math
import re
from datetime import date, timedelta
from statistics import mean, stdev
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atr.platform.workforce import proqol
from atr.platform.workforce.models import SurveyResponse, SurveyToken
from atr.platform.workforce.wellbeing import TokenError, create_round, respond, round_summary, t_critical


def _answers(cs: int, bo_forward: int, bo_reversed: int, sts: int) -> dict[int, int]:
    answers = dict.fromkeys(proqol.COMPASSION_SATISFACTION, cs)
    answers |= {i: bo_reversed if i in proqol.REVERSED else bo_forward for i in proqol.BURNOUT}
    return answers | dict.fromkeys(proqol.SECONDARY_TRAUMATIC_STRESS, sts)


@pytest.mark.parametrize(
    ("answers", "expected", "levels"),
    [
        # Everything "sometimes" (3): 3 reversed is still 3, so every scale sums to 30.
        (dict.fromkeys(range(1, 31), 3), (30, 30, 30), ("moderate", "moderate", "moderate")),
        # Everything "never" (1): the five reversed burnout items count 5 each: 5×5 + 5×1 = 30.
        (dict.fromkeys(range(1, 31), 1), (10, 30, 10), ("low", "moderate", "low")),
        # Everything "very often" (5): reversed burnout items count 1: 5×1 + 5×5 = 30.
        (dict.fromkeys(range(1, 31), 5), (50, 30, 50), ("high", "moderate", "high")),
        # Satisfied (4s), not burnt out (forward 2s, reversed 4s → 2s), high secondary stress (5s).
        (_answers(4, 2, 4, 5), (40, 20, 50), ("moderate", "low", "high")),
        # Burnt out: forward items 5, reversed items answered 1 (→ 5): 50.
        (_answers(2, 5, 1, 3), (20, 50, 30), ("low", "high", "moderate")),
    ],
)
def test_scores_follow_the_manual(
    answers: dict[int, int], expected: tuple[int, int, int], levels: tuple[str, ...]
) -> None:
    scores = proqol.score(answers)
    got = (scores.compassion_satisfaction, scores.burnout, scores.secondary_traumatic_stress)
    assert got == expected
    assert tuple(proqol.level(s) for s in got) == levels


def test_the_scales_partition_the_thirty_statements_and_the_cut_points_are_the_manuals() -> None:
    items = [*proqol.COMPASSION_SATISFACTION, *proqol.BURNOUT, *proqol.SECONDARY_TRAUMATIC_STRESS]
    assert sorted(items) == list(range(1, 31))
    assert set(proqol.BURNOUT) >= proqol.REVERSED
    assert [proqol.level(s) for s in (22, 23, 41, 42)] == ["low", "moderate", "moderate", "high"]
    with pytest.raises(proqol.AnswerError, match=r"missing \[30\]"):
        proqol.score({i: 3 for i in range(1, 30)})
    with pytest.raises(proqol.AnswerError, match="statement 4: the answer must be 1 to 5"):
        proqol.score(dict.fromkeys(range(1, 31), 3) | {4: 6})


def test_a_link_works_once_and_the_response_keeps_only_three_scores(accounts: Any) -> None:
    today = date(2026, 3, 1)
    round_, tokens = create_round(accounts.led_organisation, "Spring", today, today + timedelta(days=14), 12)
    assert len(set(tokens)) == 12 and not SurveyToken.objects.filter(token_hash__in=tokens).exists()
    respond(tokens[0], dict.fromkeys(range(1, 31), 3), today)
    with pytest.raises(TokenError, match="already been used"):
        respond(tokens[0], dict.fromkeys(range(1, 31), 3), today)
    with pytest.raises(TokenError, match="not open"):
        respond(tokens[1], dict.fromkeys(range(1, 31), 3), today + timedelta(days=30))
    assert SurveyResponse.objects.filter(round=round_).count() == 1
    kept = {f.name for f in SurveyResponse._meta.get_fields()}
    assert kept == {"id", "round", "compassion_satisfaction", "burnout", "secondary_traumatic_stress"}


def test_results_are_withheld_below_ten_responses(accounts: Any) -> None:
    today = timezone.localdate()
    org = accounts.led_organisation
    round_, tokens = create_round(org, "Spring", today, today, 10)
    for n, token in enumerate(tokens[:9]):
        respond(token, _answers(n % 5 + 1, 2, 4, 2), today)
    assert round_summary(round_).withheld and round_summary(round_).scales == ()
    client = Client()
    client.force_login(accounts.lead)
    page = client.get(reverse("workforce:surveys", args=[org.pk])).content.decode()
    assert "Results withheld" in page and "95% interval" not in page
    team = Client()
    team.force_login(accounts.team)
    system = team.get(reverse("workforce:system")).content.decode()
    assert "Withheld: fewer than 10 responses" in system
    respond(tokens[9], _answers(4, 2, 4, 2), today)
    summary = round_summary(round_)
    assert not summary.withheld and summary.responses == 10
    values = list(SurveyResponse.objects.values_list("compassion_satisfaction", flat=True))
    half = t_critical(9) * stdev(values) / math.sqrt(10)
    cs = summary.scales[0]
    assert cs.mean == pytest.approx(mean(values)) and cs.high - cs.low == pytest.approx(2 * half)
    assert t_critical(9) == pytest.approx(2.262, abs=0.001)
    assert "95% interval" in client.get(reverse("workforce:surveys", args=[org.pk])).content.decode()
    system = team.get(reverse("workforce:system")).content.decode()
    assert "Withheld: fewer than 10 responses" not in system and f"{cs.mean:.1f} ({cs.low:.1f} to" in system


def test_a_lead_makes_links_and_a_stranger_answers_through_one(accounts: Any) -> None:
    today = timezone.localdate()
    lead = Client()
    lead.force_login(accounts.lead)
    form = {"title": "Winter", "opens_on": today.isoformat(), "closes_on": today.isoformat(), "tokens": "10"}
    page = lead.post(reverse("workforce:surveys", args=[accounts.led_organisation.pk]), form).content.decode()
    links = re.findall(r"<code>https?://[^/]+(/workforce/survey/[^<]+)</code>", page)
    assert len(links) == 10
    stranger = Client()
    assert stranger.get(links[0]).status_code == 200
    incomplete = stranger.post(links[0], {"q1": "3"})
    assert incomplete.status_code == 400 and "Choose statement 2" in incomplete.content.decode()
    answered = stranger.post(links[0], {f"q{n}": "3" for n in range(1, 31)})
    assert answered.status_code == 200 and "Thank you" in answered.content.decode()
    assert stranger.get(links[0]).status_code == 404
    assert stranger.get("/workforce/survey/not-a-token/").status_code == 404
