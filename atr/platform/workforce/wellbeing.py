"""Wellbeing survey rounds: single-use links, anonymous responses, results only for 10 or more.

A link's token is random (32 bytes), shown once to the lead who made the round, and kept only as
its SHA-256. Responding marks the token used and stores the three scale sums in one transaction;
the response has no link back to the token, so nobody can tell who answered what. Results of any
group (a round, or a sector or district in the export) with fewer than :data:`MIN_GROUP`
responses are withheld.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean, stdev

from django.db import transaction

from atr.platform.network.models import Organisation
from atr.platform.workforce import proqol
from atr.platform.workforce.models import SurveyResponse, SurveyRound, SurveyToken

MIN_GROUP = 10


class TokenError(ValueError):
    """The link is not valid, has been used, or its round is not open."""


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_round(
    org: Organisation, title: str, opens_on: date, closes_on: date, links: int, user: object = None
) -> tuple[SurveyRound, list[str]]:
    """A new round and its ``links`` tokens (the only time the tokens exist in plain text)."""
    tokens = [secrets.token_urlsafe(32) for _ in range(links)]
    with transaction.atomic():
        round_ = SurveyRound.objects.create(
            organisation=org,
            title=title,
            opens_on=opens_on,
            closes_on=closes_on,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        SurveyToken.objects.bulk_create(SurveyToken(round=round_, token_hash=token_hash(t)) for t in tokens)
    return round_, tokens


def open_round(token: str, today: date) -> SurveyRound:
    """The round a valid, unused token belongs to, if it is open today."""
    found = SurveyToken.objects.select_related("round").filter(token_hash=token_hash(token)).first()
    if found is None or found.used:
        raise TokenError("This link is not valid or has already been used.")
    if not found.round.opens_on <= today <= found.round.closes_on:
        raise TokenError("This survey is not open.")
    return found.round


def respond(token: str, answers: Mapping[int, int], today: date) -> None:
    """Score and store one response, using up the token (both or neither)."""
    scores = proqol.score(answers)
    with transaction.atomic():
        round_ = open_round(token, today)
        used = SurveyToken.objects.filter(token_hash=token_hash(token), used=False).update(used=True)
        if used != 1:  # another request used it between the check and now
            raise TokenError("This link is not valid or has already been used.")
        SurveyResponse.objects.create(
            round=round_,
            compassion_satisfaction=scores.compassion_satisfaction,
            burnout=scores.burnout,
            secondary_traumatic_stress=scores.secondary_traumatic_stress,
        )


@dataclass(frozen=True)
class ScaleSummary:
    scale: str
    label: str
    mean: float
    low: float
    high: float
    share_high: float


@dataclass(frozen=True)
class GroupSummary:
    """A group's results, or ``withheld`` (with no numbers at all) when it has fewer than 10."""

    responses: int
    scales: tuple[ScaleSummary, ...]

    @property
    def withheld(self) -> bool:
        return self.responses < MIN_GROUP


def t_critical(df: int) -> float:
    """The two-sided 95% point of Student's t with ``df`` degrees of freedom."""
    from scipy import stats  # imported here: only wellbeing results need it

    return float(stats.t.ppf(0.975, df))


def summarise(rows: list[tuple[int, int, int]]) -> GroupSummary:
    """Mean, 95% confidence interval (t) and share scoring high, per scale; nothing if n < 10."""
    n = len(rows)
    if n < MIN_GROUP:
        return GroupSummary(n, ())
    t = t_critical(n - 1)
    scales = []
    for index, (code, label) in enumerate(proqol.SCALES):
        values = [row[index] for row in rows]
        centre, half = mean(values), t * stdev(values) / math.sqrt(n)
        high = sum(1 for v in values if proqol.level(v) == "high") / n
        scales.append(ScaleSummary(code, label, centre, centre - half, centre + half, high))
    return GroupSummary(n, tuple(scales))


def response_rows(rounds: object) -> list[tuple[int, int, int]]:
    """The three scale sums of every response to ``rounds`` (a queryset or list of rounds)."""
    return list(
        SurveyResponse.objects.filter(round__in=rounds).values_list(
            "compassion_satisfaction", "burnout", "secondary_traumatic_stress"
        )
    )


def round_summary(round_: SurveyRound) -> GroupSummary:
    return summarise(response_rows([round_]))


def by_sector(today: date, days: int = 365) -> list[tuple[str, GroupSummary]]:
    """Each sector's responses to rounds that closed in the last ``days``, pooled (10+ only)."""
    from atr.platform.network.vocab import SECTOR_LABELS

    since = today - timedelta(days=days)
    rounds = SurveyRound.objects.filter(closes_on__gt=since, closes_on__lte=today)
    pooled: dict[str, list[tuple[int, int, int]]] = {}
    for sector, cs, bo, sts in SurveyResponse.objects.filter(round__in=rounds).values_list(
        "round__organisation__sector", "compassion_satisfaction", "burnout", "secondary_traumatic_stress"
    ):
        pooled.setdefault(SECTOR_LABELS.get(sector, sector), []).append((cs, bo, sts))
    return [(label, summarise(rows)) for label, rows in sorted(pooled.items())]
