"""A synthetic workforce for the synthetic network: training coverage, self-assessments, wellbeing.

The demo's stand-in for what the platform's workforce capability exports (``atr web export``):
coverage that grows each quarter from April 2023 at a pace that differs by sector (policing and
schools ahead, acute trusts behind, as early programme reports describe), a first
self-assessment for most organisations in 2023/24 and a second, a little higher, for most of
those a year later, and yearly wellbeing rounds for larger organisations, exported only when 10
or more staff answered. Aggregates only, as the real export; everything comes from the seed.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from atr.platform import (
    ASSESSMENT_SECTIONS,
    TRAINING_UPTAKE,
    OrganisationRow,
    SelfAssessmentRow,
    TrainingCoverageRow,
    WellbeingRow,
)

START = date(2023, 4, 1)
UPTAKE = TRAINING_UPTAKE
MIN_RESPONSES = 10
_SCALES = ((38.0, 6.0), (24.0, 5.0), (23.0, 6.0))
"""Mean and spread of compassion satisfaction, burnout and secondary traumatic stress (made up)."""


def _quarter_ends(last: date) -> list[date]:
    days = [
        date(year, month, 31 if month in (3, 12) else 30)
        for year in range(START.year, last.year + 1)
        for month in (3, 6, 9, 12)
    ]
    return [START, *(d for d in days if START < d < last), last]


def coverage(
    rng: random.Random, orgs: list[OrganisationRow], extract_date: date
) -> list[TrainingCoverageRow]:
    rows = []
    days = _quarter_ends(extract_date)
    for org in orgs:
        if not org.headcount:
            continue
        target = min(0.95, max(0.02, rng.gauss(UPTAKE.get(org.sector, 0.4), 0.12)))
        start = target * rng.uniform(0.05, 0.3)
        for day in days:
            done = (day - START).days / max(1, (extract_date - START).days)
            share = start + (target - start) * done ** rng.uniform(0.8, 1.3)
            rows.append(
                TrainingCoverageRow(
                    record_id=f"TRC{org.record_id}-{day:%Y%m%d}",
                    organisation_id=org.record_id,
                    snapshot_date=day,
                    workforce=org.headcount,
                    trained=min(org.headcount, round(org.headcount * share)),
                )
            )
    return rows


def _round(
    rng: random.Random, org: OrganisationRow, submitted: date, level: float
) -> list[SelfAssessmentRow]:
    rows = []
    for section, items in ASSESSMENT_SECTIONS:
        scores = [min(4, max(0, round(rng.gauss(level, 0.8)))) for _ in range(items)]
        rows.append(
            SelfAssessmentRow(
                record_id=f"SAS{org.record_id}-{submitted:%Y%m%d}-{section}",
                organisation_id=org.record_id,
                submitted_date=submitted,
                bank_version="2026.1",
                section=section,
                items_answered=items,
                score_sum=sum(scores),
            )
        )
    return rows


def self_assessments(
    rng: random.Random, orgs: list[OrganisationRow], extract_date: date
) -> list[SelfAssessmentRow]:
    rows: list[SelfAssessmentRow] = []
    for org in orgs:
        if rng.random() > 0.85:
            continue
        first = date(2023, 9, 1) + timedelta(days=rng.randrange(0, 200))
        level = rng.uniform(0.8, 2.2)
        rows += _round(rng, org, first, level)
        second = first + timedelta(days=rng.randrange(330, 400))
        if second <= extract_date and rng.random() < 0.8:
            rows += _round(rng, org, second, level + rng.uniform(0.1, 0.7))
    return rows


def wellbeing(rng: random.Random, orgs: list[OrganisationRow], extract_date: date) -> list[WellbeingRow]:
    rows = []
    for org in orgs:
        if not org.headcount or org.headcount < 15 or rng.random() > 0.6:
            continue
        closes = date(2024, 3, 15) - timedelta(days=rng.randrange(0, 60))
        while closes <= extract_date:
            n = round(org.headcount * rng.uniform(0.25, 0.6))
            if n >= MIN_RESPONSES:
                values: dict[str, int] = {}
                for (mean, spread), name in zip(
                    _SCALES, ("compassion_satisfaction", "burnout", "secondary_traumatic_stress"), strict=True
                ):
                    scores = [min(50, max(10, round(rng.gauss(mean, spread)))) for _ in range(min(n, 400))]
                    scores = (scores * (n // len(scores) + 1))[:n]
                    values |= {
                        f"{name}_sum": sum(scores),
                        f"{name}_sumsq": sum(s * s for s in scores),
                        f"{name}_high": sum(1 for s in scores if s >= 42),
                    }
                rows.append(
                    WellbeingRow(
                        record_id=f"WBR{org.record_id}-{closes:%Y%m%d}",
                        organisation_id=org.record_id,
                        closes_date=closes,
                        responses=n,
                        **values,
                    )
                )
            closes += timedelta(days=365)
    return rows


def synthetic_workforce(
    rng: random.Random, orgs: list[OrganisationRow], extract_date: date
) -> tuple[list[TrainingCoverageRow], list[SelfAssessmentRow], list[WellbeingRow]]:
    joined = [o for o in orgs if o.joined_date <= extract_date]
    return (
        coverage(rng, joined, extract_date),
        self_assessments(rng, joined, extract_date),
        wellbeing(rng, joined, extract_date),
    )
