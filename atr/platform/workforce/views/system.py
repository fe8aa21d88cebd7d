"""The programme team's system view: coverage by sector and district against the 2030 line."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from atr.platform.network.access import Role, allow
from atr.platform.network.models import Organisation
from atr.platform.network.vocab import SECTOR_LABELS
from atr.platform.workforce import charts
from atr.platform.workforce.assessment_system import system_assessment
from atr.platform.workforce.coverage import (
    Coverage,
    GroupCoverage,
    OrganisationCoverage,
    group_coverage,
    organisation_coverage,
)
from atr.platform.workforce.wellbeing import MIN_GROUP
from atr.platform.workforce.wellbeing import by_sector as wellbeing_by_sector


def system_series(everyone: list[OrganisationCoverage]) -> list[Coverage]:
    """The whole system's coverage at each quarter end (sums over organisations)."""
    if not everyone:
        return []
    return [
        Coverage(
            point.day,
            sum(min(c.series[i].trained, c.series[i].workforce) for c in everyone),
            sum(c.series[i].workforce for c in everyone),
        )
        for i, point in enumerate(everyone[0].series)
    ]


@dataclass(frozen=True)
class SystemCoverage:
    total: GroupCoverage
    series: list[Coverage]
    sectors: list[GroupCoverage]
    districts: list[GroupCoverage]
    behind: list[OrganisationCoverage]
    """The organisations furthest below their own line to 2030 (at most BEHIND_SHOWN)."""


BEHIND_SHOWN = 50


def coverage_groups() -> SystemCoverage:
    """The whole system, each sector and each district (an organisation counts in every district it serves)."""
    day = timezone.localdate()
    orgs = list(Organisation.objects.order_by("pk"))
    districts: dict[int, list[str]] = defaultdict(list)
    for org_id, name in Organisation.districts.through.objects.values_list(
        "organisation_id", "district__name"
    ):
        districts[org_id].append(name)
    everyone = organisation_coverage(orgs, day)
    by_sector: dict[str, list[OrganisationCoverage]] = defaultdict(list)
    by_district: dict[str, list[OrganisationCoverage]] = defaultdict(list)
    for cov in everyone:
        by_sector[SECTOR_LABELS.get(cov.organisation.sector, cov.organisation.sector)].append(cov)
        for name in districts[cov.organisation.pk]:
            by_district[name].append(cov)
    behind = [c for c in everyone if c.on_track is False]
    behind.sort(key=lambda c: (c.now.share or 0.0) - c.expected)
    return SystemCoverage(
        total=group_coverage("West Yorkshire", everyone),
        series=system_series(everyone),
        sectors=[group_coverage(k, v) for k, v in sorted(by_sector.items())],
        districts=[group_coverage(k, v) for k, v in sorted(by_district.items())],
        behind=behind[:BEHIND_SHOWN],
    )


@allow(Role.TEAM)
def system(request: HttpRequest) -> HttpResponse:
    coverage = coverage_groups()
    context = {
        "chart": charts.trajectory_svg(coverage.series, "West Yorkshire"),
        "coverage": coverage,
        "series": coverage.series,
        "assessment": system_assessment(timezone.localdate()),
        "wellbeing": wellbeing_by_sector(timezone.localdate()),
        "min_group": MIN_GROUP,
        "page_title": "Workforce across the system",
        "nav": "workforce",
        "total": coverage.total,
        "sectors": coverage.sectors,
        "districts": coverage.districts,
    }
    return render(request, "workforce/system.html", context)
