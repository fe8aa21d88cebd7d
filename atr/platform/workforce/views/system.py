"""The programme team's system view: coverage by sector and district against the 2030 line."""

from __future__ import annotations

from collections import defaultdict

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


def coverage_groups() -> tuple[GroupCoverage, list[Coverage], list[GroupCoverage], list[GroupCoverage]]:
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
    return (
        group_coverage("West Yorkshire", everyone),
        system_series(everyone),
        [group_coverage(k, v) for k, v in sorted(by_sector.items())],
        [group_coverage(k, v) for k, v in sorted(by_district.items())],
    )


@allow(Role.TEAM)
def system(request: HttpRequest) -> HttpResponse:
    total, series, sectors, districts = coverage_groups()
    context = {
        "chart": charts.trajectory_svg(series, "West Yorkshire"),
        "series": series,
        "assessment": system_assessment(timezone.localdate()),
        "page_title": "Workforce across the system",
        "nav": "workforce",
        "total": total,
        "sectors": sectors,
        "districts": districts,
    }
    return render(request, "workforce/system.html", context)
