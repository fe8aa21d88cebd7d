"""Self-assessment across the system: who has assessed, maturity by principle, sector and district.

Each organisation counts once, by its latest submitted (or reviewed) round. A section's mean is
the mean of every score given to its items (equal to the mean of the organisations' section
means when each answered every item, as submitting requires). Movement over time uses every
submitted round, grouped by the year it was submitted.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import Avg, Count

from atr.platform.network.vocab import SECTOR_LABELS
from atr.platform.workforce.assessment import DONE, is_current
from atr.platform.workforce.item_bank import CURRENT_VERSION, load_bank
from atr.platform.workforce.models import AssessmentAnswer, AssessmentRound


def latest_rounds() -> dict[int, AssessmentRound]:
    """Organisation id → its latest submitted or reviewed round."""
    latest: dict[int, AssessmentRound] = {}
    for round_ in AssessmentRound.objects.filter(status__in=DONE).order_by(
        "organisation_id", "-started_on", "-pk"
    ):
        latest.setdefault(round_.organisation_id, round_)
    return latest


@dataclass(frozen=True)
class MaturityTable:
    """Rows (a sector, district or year) × the bank's sections: mean score and organisations."""

    label: str
    columns: list[tuple[str, str]]
    rows: list[tuple[str, int, list[float | None]]]


def _table(
    label: str, grouped: dict[str, dict[str, list[tuple[float, int]]]], orgs: dict[str, set[int]]
) -> MaturityTable:
    bank = load_bank(CURRENT_VERSION)
    columns = [(s.id, s.title) for s in bank.sections]
    rows = []
    for key in sorted(grouped):
        cells = []
        for section_id, _ in columns:
            parts = grouped[key].get(section_id, [])
            n = sum(c for _, c in parts)
            cells.append(sum(m * c for m, c in parts) / n if n else None)
        rows.append((key, len(orgs[key]), cells))
    return MaturityTable(label, columns, rows)


def maturity_by(
    field: str, label: str, round_ids: list[int], names: dict[str, str] | None = None
) -> MaturityTable:
    """Mean maturity per section by ``field`` (a path from the answer's round) over ``round_ids``."""
    section_of = load_bank(CURRENT_VERSION).section_of()
    grouped: dict[str, dict[str, list[tuple[float, int]]]] = defaultdict(lambda: defaultdict(list))
    orgs: dict[str, set[int]] = defaultdict(set)
    answers = AssessmentAnswer.objects.filter(round_id__in=round_ids, round__bank_version=CURRENT_VERSION)
    for key, item_id, avg, n in (
        answers.values_list(field, "item_id")
        .annotate(avg=Avg("score"), n=Count("id"))
        .values_list(field, "item_id", "avg", "n")
    ):
        if key is None or item_id not in section_of:
            continue
        name = (names or {}).get(str(key), str(key))
        grouped[name][section_of[item_id]].append((float(avg), n))
    for key, org_id in AssessmentRound.objects.filter(pk__in=round_ids).values_list(
        field.removeprefix("round__"), "organisation_id"
    ):
        if key is not None:
            orgs[(names or {}).get(str(key), str(key))].add(org_id)
    return _table(label, grouped, orgs)


@dataclass(frozen=True)
class SystemAssessment:
    organisations_assessed: int
    current: int
    by_sector: MaturityTable
    by_district: MaturityTable
    by_year: MaturityTable


def system_assessment(today: date) -> SystemAssessment:
    latest = latest_rounds()
    ids = [r.pk for r in latest.values()]
    every = list(AssessmentRound.objects.filter(status__in=DONE).values_list("pk", flat=True))
    return SystemAssessment(
        organisations_assessed=len(latest),
        current=sum(1 for r in latest.values() if is_current(r, today)),
        by_sector=maturity_by("round__organisation__sector", "Sector", ids, SECTOR_LABELS),
        by_district=maturity_by("round__organisation__districts__name", "District", ids),
        by_year=maturity_by("round__submitted_on__year", "Year submitted", every),
    )
