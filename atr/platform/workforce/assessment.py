"""Self-assessment rounds: starting, saving, submitting and reviewing, and what a round shows.

A round is answered against the bank version it started with. A draft may be saved part-done;
submitting needs every item scored. Results are the mean score per section (principle or
domain), the change since the organisation's previous submitted round, and its strengths and
gaps (the highest and lowest sections).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from statistics import mean
from typing import Any

from django.db import transaction

from atr.platform.network.models import Organisation
from atr.platform.workforce.item_bank import CURRENT_VERSION, ItemBank, load_bank
from atr.platform.workforce.models import AssessmentAnswer, AssessmentRound

DONE = ("submitted", "reviewed")


class RoundError(ValueError):
    """The round cannot move that way (already submitted, not every item scored, …)."""


def start_round(org: Organisation, today: date) -> AssessmentRound:
    """A new draft round, or the organisation's open draft if it has one."""
    draft = AssessmentRound.objects.filter(organisation=org, status="draft").first()
    if draft is not None:
        return draft
    return AssessmentRound.objects.create(organisation=org, bank_version=CURRENT_VERSION, started_on=today)


def save_answers(
    round_: AssessmentRound,
    answers: dict[str, tuple[int | None, str]],
    *,
    submit: bool,
    user: Any,
    today: date,
) -> None:
    """Store a draft's answers (item id → (score or None, evidence)); ``submit`` needs them all."""
    if round_.status != "draft":
        raise RoundError("this round has been submitted and can no longer be changed")
    bank = load_bank(round_.bank_version)
    known = {item.id for _, item in bank.items()}
    unknown = set(answers) - known
    if unknown:
        raise RoundError(f"unknown items {sorted(unknown)} for bank {bank.version}")
    missing = [item_id for item_id in known if answers.get(item_id, (None, ""))[0] is None]
    if submit and missing:
        raise RoundError(f"score every item before submitting ({len(missing)} not scored)")
    with transaction.atomic():
        AssessmentAnswer.objects.filter(round=round_).delete()
        AssessmentAnswer.objects.bulk_create(
            AssessmentAnswer(round=round_, item_id=item_id, score=score, evidence=evidence)
            for item_id, (score, evidence) in answers.items()
            if score is not None
        )
        if submit:
            round_.status, round_.submitted_on, round_.submitted_by = "submitted", today, user
            round_.save()


def review_round(round_: AssessmentRound, note: str, user: Any, today: date) -> None:
    if round_.status != "submitted":
        raise RoundError("only a submitted round can be reviewed")
    round_.status, round_.reviewed_on, round_.reviewed_by, round_.review_note = "reviewed", today, user, note
    round_.save()


def previous_round(round_: AssessmentRound) -> AssessmentRound | None:
    """The organisation's last submitted or reviewed round before this one."""
    return (
        AssessmentRound.objects.filter(organisation_id=round_.organisation_id, status__in=DONE)
        .exclude(pk=round_.pk)
        .filter(started_on__lte=round_.started_on)
        .order_by("-started_on", "-pk")
        .first()
    )


def is_current(round_: AssessmentRound | None, today: date) -> bool:
    """Submitted within the bank's ``current_within_days`` (about a year and a month)."""
    if round_ is None or round_.submitted_on is None:
        return False
    return today - round_.submitted_on <= timedelta(days=load_bank(round_.bank_version).current_within_days)


@dataclass(frozen=True)
class SectionResult:
    id: str
    title: str
    kind: str
    mean: float | None
    previous: float | None
    answered: int
    items: int

    @property
    def change(self) -> float | None:
        return None if self.mean is None or self.previous is None else self.mean - self.previous


def section_means(bank: ItemBank, scores: dict[str, int]) -> dict[str, float | None]:
    """Mean score per section over the items answered (None if none were)."""
    result: dict[str, float | None] = {}
    for section in bank.sections:
        values = [scores[i.id] for i in section.items if i.id in scores]
        result[section.id] = mean(values) if values else None
    return result


def round_scores(round_: AssessmentRound) -> dict[str, int]:
    return dict(round_.answers.values_list("item_id", "score"))


def results(round_: AssessmentRound) -> list[SectionResult]:
    """Each section of the round's bank with its mean, the previous round's mean and the change."""
    bank = load_bank(round_.bank_version)
    scores = round_scores(round_)
    now = section_means(bank, scores)
    before_round = previous_round(round_)
    before = section_means(bank, round_scores(before_round)) if before_round else {}
    return [
        SectionResult(
            id=s.id,
            title=s.title,
            kind=s.kind,
            mean=now[s.id],
            previous=before.get(s.id),
            answered=sum(1 for i in s.items if i.id in scores),
            items=len(s.items),
        )
        for s in bank.sections
    ]


def strengths_and_gaps(
    sections: list[SectionResult], n: int = 3
) -> tuple[list[SectionResult], list[SectionResult]]:
    """The ``n`` highest-scoring and ``n`` lowest-scoring sections (ties in the bank's order)."""
    scored = [s for s in sections if s.mean is not None]
    ranked = sorted(scored, key=lambda s: -(s.mean or 0.0))
    return ranked[:n], sorted(scored, key=lambda s: s.mean or 0.0)[:n]
