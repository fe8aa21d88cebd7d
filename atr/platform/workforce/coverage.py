"""Coverage: the share of an organisation's staff trained to the level their role requires.

``StaffMember`` rows are derived from completions (:func:`refresh_staff`), so the coverage of any
organisation on any day is a count of staff whose ``met_on`` is on or before it, over the
organisation's headcount (or, where no headcount is given, over the staff the completions name).
The 2030 goal is 100%; the trajectory is the straight line from the coverage on
:data:`TRAJECTORY_START` to 100% on :data:`GOAL_DATE`, and an organisation is on track when its
coverage today is on or above that line.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Q

from atr.platform.network.models import Organisation
from atr.platform.workforce.levels import LEADERSHIP, LEVEL_RANK, default_level, normalise_role
from atr.platform.workforce.models import Completion, RoleRequirement, StaffMember

TRAJECTORY_START = date(2023, 4, 1)
GOAL_DATE = date(2030, 3, 31)
REFRESH_ALL_ABOVE = 500
_BY_RANK = {rank: code for code, rank in LEVEL_RANK.items()}


def required_levels(org: Organisation) -> tuple[dict[str, str], str]:
    """The organisation's level per (normalised) role, and the level of any other role."""
    return dict(RoleRequirement.objects.filter(organisation=org).values_list("role", "level")), default_level(
        org.sector
    )


def refresh_staff(org: Organisation, staff_refs: Iterable[str] | None = None) -> int:
    """Rebuild the organisation's ``StaffMember`` rows (all, or those named) from its completions."""
    rules, fallback = required_levels(org)
    completions = Completion.objects.filter(organisation=org)
    refs = None if staff_refs is None else set(staff_refs)
    if refs is not None and len(refs) > REFRESH_ALL_ABOVE:
        refs = None  # cheaper than a huge IN list (and SQLite limits how long one may be)
    if refs is not None:
        completions = completions.filter(staff_ref__in=refs)
    history: dict[str, list[tuple[date, str, str, str]]] = defaultdict(list)
    for ref, role, team, level, day in completions.values_list(
        "staff_ref", "role", "team", "course__level", "completed_on"
    ).iterator(chunk_size=5000):
        history[ref].append((day, level, role, team))
    staff = []
    for ref, rows in history.items():
        rows.sort()
        _, _, role, team = rows[-1]
        required = rules.get(normalise_role(role), fallback)
        need = LEVEL_RANK[required]
        ranks = [LEVEL_RANK[level] for _, level, _, _ in rows if level != LEADERSHIP]
        met = [day for day, level, _, _ in rows if level != LEADERSHIP and LEVEL_RANK[level] >= need]
        staff.append(
            StaffMember(
                organisation=org,
                staff_ref=ref,
                role=role,
                team=team,
                required_level=required,
                highest_level=_BY_RANK[max(ranks)] if ranks else "",
                met_on=min(met) if met else None,
            )
        )
    with transaction.atomic():
        gone = StaffMember.objects.filter(organisation=org)
        if refs is not None:
            gone = gone.filter(staff_ref__in=refs)
        gone.delete()
        StaffMember.objects.bulk_create(staff, batch_size=2000)
    return len(staff)


@dataclass(frozen=True)
class Coverage:
    """Staff trained to their required level on ``day`` over the workforce counted."""

    day: date
    trained: int
    workforce: int

    @property
    def share(self) -> float | None:
        return min(self.trained, self.workforce) / self.workforce if self.workforce else None


def expected_share(day: date, start_share: float) -> float:
    """Where the straight line from ``start_share`` on TRAJECTORY_START to 100% at GOAL_DATE is."""
    if day <= TRAJECTORY_START:
        return start_share
    if day >= GOAL_DATE:
        return 1.0
    done = (day - TRAJECTORY_START).days / (GOAL_DATE - TRAJECTORY_START).days
    return start_share + (1.0 - start_share) * done


def quarter_ends(start: date, end: date) -> list[date]:
    """The last day of each quarter (March, June, September, December) from ``start`` to ``end``."""
    days = []
    year, month = start.year, ((start.month - 1) // 3) * 3 + 3
    while True:
        last = date(year, month, 31 if month in (3, 12) else 30)
        if last > end:
            break
        days.append(last)
        year, month = (year + 1, 3) if month == 12 else (year, month + 3)
    if not days or days[-1] != end:
        days.append(end)
    return days


def trained_counts(days: list[date], organisations: Iterable[int] | None = None) -> dict[int, list[int]]:
    """Per organisation id, the staff trained to their required level on each of ``days`` (one query)."""
    staff = StaffMember.objects.all()
    if organisations is not None:
        staff = staff.filter(organisation_id__in=list(organisations))
    counts = {f"d{i}": Count("id", filter=Q(met_on__lte=day)) for i, day in enumerate(days)}
    rows = staff.values("organisation_id").annotate(known=Count("id"), **counts)
    return {r["organisation_id"]: [r["known"], *(r[f"d{i}"] for i in range(len(days)))] for r in rows}


@dataclass(frozen=True)
class OrganisationCoverage:
    organisation: Organisation
    series: list[Coverage]
    headcount_given: bool

    @property
    def now(self) -> Coverage:
        return self.series[-1]

    @property
    def expected(self) -> float:
        return expected_share(self.now.day, self.series[0].share or 0.0)

    @property
    def on_track(self) -> bool | None:
        share = self.now.share
        return None if share is None else share >= self.expected - 1e-9


def organisation_coverage(orgs: list[Organisation], today: date) -> list[OrganisationCoverage]:
    """Each organisation's coverage at every quarter end from TRAJECTORY_START to ``today``."""
    days = quarter_ends(TRAJECTORY_START, today)
    days = [TRAJECTORY_START, *[d for d in days if d > TRAJECTORY_START]]
    counts = trained_counts(days, [o.pk for o in orgs])
    result = []
    for org in orgs:
        known, *trained = counts.get(org.pk, [0, *([0] * len(days))])
        workforce = org.headcount or known
        series = [Coverage(day, n, workforce) for day, n in zip(days, trained, strict=True)]
        result.append(OrganisationCoverage(org, series, bool(org.headcount)))
    return result


@dataclass(frozen=True)
class GroupCoverage:
    """Coverage summed over a group of organisations (a sector, a district, the system)."""

    label: str
    organisations: int
    now: Coverage
    start_share: float | None
    on_track: int

    @property
    def expected(self) -> float:
        return expected_share(self.now.day, self.start_share or 0.0)


def group_coverage(label: str, members: list[OrganisationCoverage]) -> GroupCoverage:
    trained = sum(min(c.now.trained, c.now.workforce) for c in members)
    workforce = sum(c.now.workforce for c in members)
    start_trained = sum(min(c.series[0].trained, c.series[0].workforce) for c in members)
    return GroupCoverage(
        label=label,
        organisations=len(members),
        now=Coverage(members[0].now.day if members else date.today(), trained, workforce),
        start_share=start_trained / workforce if workforce else None,
        on_track=sum(1 for c in members if c.on_track),
    )
