"""The workforce part of ``atr web export``: coverage, self-assessment and wellbeing aggregates.

Nothing about a person leaves: coverage is two counts per organisation and quarter end; a
self-assessment is a score sum per section of a submitted round (organisations, not people);
wellbeing is per closed round with 10 or more responses, as sums and sums of squares of each
ProQOL scale (so the observatory can pool means and intervals exactly) and counts scoring high.
Rounds with fewer than 10 responses are not exported at all.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count

from atr.platform.export_format import SelfAssessmentRow, TrainingCoverageRow, WellbeingRow
from atr.platform.network.models import Organisation
from atr.platform.workforce import proqol
from atr.platform.workforce.assessment import DONE
from atr.platform.workforce.coverage import TRAJECTORY_START, quarter_ends, trained_counts
from atr.platform.workforce.item_bank import load_bank
from atr.platform.workforce.models import AssessmentAnswer, AssessmentRound, SurveyResponse, SurveyRound
from atr.platform.workforce.wellbeing import MIN_GROUP


def coverage_rows(snapshot: date, exported: set[int]) -> list[TrainingCoverageRow]:
    days = [d for d in quarter_ends(TRAJECTORY_START, snapshot) if d <= snapshot]
    counts = trained_counts(days, exported)
    headcounts = dict(Organisation.objects.filter(pk__in=exported).values_list("pk", "headcount"))
    rows = []
    for org_id in sorted(exported):
        known, *trained = counts.get(org_id, [0, *([0] * len(days))])
        workforce = headcounts.get(org_id) or known
        if not workforce:
            continue
        for day, n in zip(days, trained, strict=True):
            rows.append(
                TrainingCoverageRow(
                    record_id=f"TRC{org_id}-{day:%Y%m%d}",
                    organisation_id=f"ORG{org_id}",
                    snapshot_date=day,
                    workforce=workforce,
                    trained=min(n, workforce),
                )
            )
    return rows


def assessment_rows(snapshot: date, exported: set[int]) -> list[SelfAssessmentRow]:
    rounds = {
        r.pk: r
        for r in AssessmentRound.objects.filter(
            status__in=DONE, submitted_on__lte=snapshot, organisation_id__in=exported
        )
    }
    sums: dict[tuple[int, str], list[int]] = defaultdict(lambda: [0, 0])
    for round_id, item_id, score in AssessmentAnswer.objects.filter(round_id__in=rounds).values_list(
        "round_id", "item_id", "score"
    ):
        section = load_bank(rounds[round_id].bank_version).section_of().get(item_id)
        if section is not None:
            sums[(round_id, section)][0] += 1
            sums[(round_id, section)][1] += score
    rows = []
    for (round_id, section), (answered, total) in sorted(sums.items()):
        round_ = rounds[round_id]
        assert round_.submitted_on is not None
        rows.append(
            SelfAssessmentRow(
                record_id=f"SAS{round_id}-{section}",
                organisation_id=f"ORG{round_.organisation_id}",
                submitted_date=round_.submitted_on,
                bank_version=round_.bank_version,
                section=section,
                items_answered=answered,
                score_sum=total,
            )
        )
    return rows


def wellbeing_rows(snapshot: date, exported: set[int]) -> list[WellbeingRow]:
    """Closed rounds with at least MIN_GROUP responses; the rest are withheld (not exported)."""
    closed = SurveyRound.objects.filter(closes_on__lte=snapshot, organisation_id__in=exported)
    counted = dict(closed.annotate(n=Count("responses")).values_list("pk", "n"))
    rows = []
    for round_ in closed.order_by("pk"):
        n = counted.get(round_.pk, 0)
        if n < MIN_GROUP:
            continue
        values: dict[str, int] = {"responses": n}
        responses = SurveyResponse.objects.filter(round=round_)
        for scale, _ in proqol.SCALES:
            scores = list(responses.values_list(scale, flat=True))
            values[f"{scale}_sum"] = sum(scores)
            values[f"{scale}_sumsq"] = sum(s * s for s in scores)
            values[f"{scale}_high"] = sum(1 for s in scores if proqol.level(s) == "high")
        rows.append(
            WellbeingRow(
                record_id=f"WBR{round_.pk}",
                organisation_id=f"ORG{round_.organisation_id}",
                closes_date=round_.closes_on,
                **values,
            )
        )
    return rows


def workforce_rows(
    snapshot: date, exported: set[int]
) -> tuple[list[TrainingCoverageRow], list[SelfAssessmentRow], list[WellbeingRow]]:
    return (
        coverage_rows(snapshot, exported),
        assessment_rows(snapshot, exported),
        wellbeing_rows(snapshot, exported),
    )


__all__ = ["workforce_rows"]
