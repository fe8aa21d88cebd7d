"""A synthetic workforce for ``atr web demo``: headcounts, three years of completions, two
self-assessment rounds for most organisations, and wellbeing rounds. Reproducible from a seed.

Everyone is invented: staff are references (``S00042``), never names; wellbeing responses are
scores drawn from made-up distributions. Headcounts are redrawn small (most organisations under
a hundred staff, trusts and councils a few hundred) so the demo stays quick; uptake differs by
sector (:data:`atr.platform.workforce.levels.TRAINING_UPTAKE`). Rows are bulk-inserted, which
bypasses the audit trail on purpose, as the network's demo does.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from django.db import transaction

from atr.platform.network.models import Organisation
from atr.platform.workforce import models as w
from atr.platform.workforce.coverage import TRAJECTORY_START, refresh_staff
from atr.platform.workforce.item_bank import CURRENT_VERSION, load_bank
from atr.platform.workforce.levels import TRAINING_UPTAKE, default_level

BIG = {"acute_trust", "mental_health_trust", "local_authority", "police", "commissioners"}
ROLES = {
    "police": ("Police constable", "Neighbourhood officer", "Call handler", "Sergeant"),
    "education": ("Teacher", "Teaching assistant", "Pastoral lead", "Head of year"),
    "housing": ("Housing officer", "Tenancy support worker", "Repairs coordinator"),
    "primary_care": ("GP", "Practice nurse", "Receptionist", "Social prescriber"),
}
GENERIC = ("Support worker", "Practitioner", "Team leader", "Administrator")
TEAMS = ("North", "South", "East", "West", "Central")
_SCALES = (
    ("compassion_satisfaction", 38.0, 6.0),
    ("burnout", 24.0, 5.0),
    ("secondary_traumatic_stress", 23.0, 6.0),
)


def _day(rng: random.Random, first: date, last: date) -> date:
    span = max(0, (last - first).days)
    return first + timedelta(days=int(span * rng.random() ** 0.7))  # uptake grows over time


def _completions(
    rng: random.Random, org: Organisation, courses: dict[str, list[w.Course]], as_of: date
) -> list[w.Completion]:
    rows = []
    needed = default_level(org.sector)
    uptake = min(0.95, max(0.05, rng.gauss(TRAINING_UPTAKE.get(org.sector, 0.4), 0.12)))
    uptake *= (as_of - TRAJECTORY_START).days / (date(2025, 4, 30) - TRAJECTORY_START).days * 0.8
    for n in range(org.headcount or 0):
        if rng.random() > min(0.98, uptake * 1.15):
            continue
        role = rng.choice(ROLES.get(org.sector, GENERIC))
        team = rng.choice(TEAMS)
        ref = f"S{n + 1:05d}"
        when = _day(rng, TRAJECTORY_START, as_of)
        plan = [("informed", when)]
        if (needed == "skilled" or rng.random() < 0.2) and rng.random() < 0.85:
            plan.append(("skilled", min(as_of, when + timedelta(days=rng.randrange(30, 300)))))
        if org.sector == "mental_health_trust" and rng.random() < 0.2:
            plan.append((rng.choice(("enhanced", "specialist")), min(as_of, when + timedelta(days=400))))
        if role in ("Team leader", "Sergeant", "Head of year") and rng.random() < 0.5:
            plan.append(("leadership", min(as_of, when + timedelta(days=rng.randrange(0, 200)))))
        for level, day in plan:
            course = rng.choice(courses[level])
            rows.append(
                w.Completion(
                    organisation=org, staff_ref=ref, role=role, team=team, course=course, completed_on=day
                )
            )
    return rows


def _rounds(
    rng: random.Random, org: Organisation, items: list[tuple[str, str]], as_of: date
) -> list[w.AssessmentAnswer]:
    answers: list[w.AssessmentAnswer] = []
    level = rng.uniform(0.8, 2.2)
    first = date(2024, 5, 1) + timedelta(days=rng.randrange(0, 200))
    plans = [(first, level, "reviewed")]
    if rng.random() < 0.8:
        plans.append(
            (first + timedelta(days=rng.randrange(330, 380)), level + rng.uniform(0.1, 0.7), "submitted")
        )
    for started, mean, status in plans:
        if started > as_of:
            continue
        round_ = w.AssessmentRound.objects.create(
            organisation=org,
            bank_version=CURRENT_VERSION,
            status=status,
            started_on=started,
            submitted_on=started + timedelta(days=14),
            reviewed_on=started + timedelta(days=40) if status == "reviewed" else None,
        )
        for section, item in items:
            bias = (
                0.4
                if section in ("safety", "leadership_governance")
                else -0.3
                if section == "data_evaluation"
                else 0
            )
            score = min(4, max(0, round(rng.gauss(mean + bias, 0.7))))
            answers.append(
                w.AssessmentAnswer(
                    round=round_, item_id=item, score=score, evidence="Synthetic evidence note."
                )
            )
    return answers


def _wellbeing(rng: random.Random, org: Organisation, as_of: date) -> None:
    closes = date(2024, 11, 30) - timedelta(days=rng.randrange(0, 60))
    while closes <= as_of:
        round_ = w.SurveyRound.objects.create(
            organisation=org,
            title=f"Staff wellbeing {closes.year}",
            opens_on=closes - timedelta(days=21),
            closes_on=closes,
        )
        invited = max(12, round((org.headcount or 0) * 0.6))
        answered = rng.randrange(6, invited) if invited > 6 else 0
        w.SurveyToken.objects.bulk_create(
            w.SurveyToken(
                round=round_, token_hash=hashlib.sha256(rng.randbytes(32)).hexdigest(), used=i < answered
            )
            for i in range(invited)
        )
        w.SurveyResponse.objects.bulk_create(
            w.SurveyResponse(
                round=round_,
                **{name: min(50, max(10, round(rng.gauss(mean, sd)))) for name, mean, sd in _SCALES},
            )
            for _ in range(answered)
        )
        closes += timedelta(days=365)


def seed_workforce(*, seed: int, as_of: date) -> int:
    """Add the synthetic workforce to every organisation; the number of completions."""
    rng = random.Random(f"atr-web-workforce-{seed}")
    courses: dict[str, list[w.Course]] = {}
    for course in w.Course.objects.filter(active=True):
        courses.setdefault(course.level, []).append(course)
    items = [(section.id, item.id) for section, item in load_bank().items()]
    total = 0
    with transaction.atomic():
        w.Completion.objects.all().delete()
        w.StaffMember.objects.all().delete()
        w.AssessmentRound.objects.all().delete()
        w.SurveyRound.objects.all().delete()
        for org in Organisation.objects.order_by("pk"):
            org.headcount = rng.randint(150, 600) if org.sector in BIG else rng.randint(8, 90)
            org.save(update_fields=["headcount"])
            rows = _completions(rng, org, courses, as_of)
            w.Completion.objects.bulk_create(rows, batch_size=2000)
            total += len(rows)
            refresh_staff(org)
            if rng.random() < 0.85:
                w.AssessmentAnswer.objects.bulk_create(_rounds(rng, org, items, as_of), batch_size=2000)
            if (org.headcount or 0) >= 15 and rng.random() < 0.6:
                _wellbeing(rng, org, as_of)
    return total
