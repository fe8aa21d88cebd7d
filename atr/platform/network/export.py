"""``atr web export``: the platform's records as the observatory's ``network`` extract.

Rows are built from the database and written by the shared, Django-free writer
(:func:`atr.platform.export_format.write_network_extract`), so the extract has exactly the shape
the contract and ``atr ingest`` expect. No person appears: pledges carry only their organisation,
and members and lived experience are counts per (sector, district) cell.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from pathlib import Path

from django.db.models import Count, Max, Min
from django.utils import timezone

from atr.platform.export_format import (
    EventReachRow,
    EventRow,
    MemberCountRow,
    NetworkExport,
    OrganisationRow,
    PledgeRow,
    write_network_extract,
)
from atr.platform.network.aggregates import member_cells
from atr.platform.network.demo import DEMO_DOMAIN
from atr.platform.network.models import Event, EventReach, Member, Organisation, Pledge


def _organisations(snapshot: date) -> list[OrganisationRow]:
    charters = dict(
        Pledge.objects.filter(pledge_type="charter", organisation__isnull=False, made_date__lte=snapshot)
        .values_list("organisation_id")
        .annotate(first=Min("made_date"))
    )
    districts: dict[int, list[str]] = defaultdict(list)
    for org_id, code in Organisation.districts.through.objects.values_list(
        "organisation_id", "district__code"
    ):
        districts[org_id].append(code)
    return [
        OrganisationRow(
            record_id=f"ORG{o.pk}",
            name=o.name,
            sector=o.sector,
            districts=tuple(sorted(districts[o.pk])),
            ods_code=o.ods_code or None,
            urn=o.urn or None,
            charity_number=o.charity_number or None,
            company_number=o.company_number or None,
            headcount=o.headcount,
            joined_date=o.joined_date,
            charter_signed_date=charters.get(o.pk),
        )
        for o in Organisation.objects.filter(joined_date__lte=snapshot).order_by("pk")
    ]


def _pledges(snapshot: date) -> list[PledgeRow]:
    rows = (
        Pledge.objects.filter(made_date__lte=snapshot)
        .annotate(n=Count("updates"), last=Max("updates__update_date"))
        .order_by("pk")
    )
    return [
        PledgeRow(
            record_id=f"PLG{p.pk}",
            organisation_id=f"ORG{p.organisation_id}" if p.organisation_id else None,
            pledger_kind="person" if p.pledger_kind == "person" else "organisation",
            category=p.category,
            pledge_type="charter" if p.pledge_type == "charter" else "pledge",
            made_date=p.made_date,
            is_public=p.is_public,
            progress_updates=p.n,
            last_progress_date=p.last,
        )
        for p in rows
    ]


def _events(snapshot: date) -> tuple[list[EventRow], list[EventReachRow]]:
    """Events held on or before the snapshot (an event still to come has no attendance yet)."""
    held = Event.objects.filter(event_date__lte=snapshot)
    counted = dict(EventReach.objects.values_list("event_id").annotate(n=Count("id")))
    events = []
    for e in held.select_related("district").annotate(n=Count("registrations")).order_by("pk"):
        events.append(
            EventRow(
                record_id=f"EVT{e.pk}",
                title=e.title,
                kind=e.kind,
                event_date=e.event_date,
                district=e.district.code if e.district else None,
                registered=e.n,
                attendees=e.counted_attendees() if counted.get(e.pk) or e.n else None,
            )
        )
    reach = [
        EventReachRow(
            record_id=f"RCH{r.pk}", event_id=f"EVT{r.event_id}", sector=r.sector, attendees=r.attendees
        )
        for r in EventReach.objects.filter(event__in=held).order_by("pk")
    ]
    return events, reach


def _member_counts(snapshot: date) -> list[MemberCountRow]:
    return [
        MemberCountRow(
            record_id=f"MBC{n}",
            snapshot_date=snapshot,
            sector=sector,
            district=district,
            members=members,
            lived_experience=lived,
        )
        for n, ((sector, district), (members, lived)) in enumerate(member_cells().items(), start=1)
    ]


def build_export(snapshot: date | None = None) -> NetworkExport:
    snapshot = snapshot or timezone.localdate()
    from atr.platform.workforce.export import workforce_rows

    events, reach = _events(snapshot)
    organisations = _organisations(snapshot)
    coverage, assessments, wellbeing = workforce_rows(
        snapshot, {int(o.record_id.removeprefix("ORG")) for o in organisations}
    )
    return NetworkExport(
        organisations=organisations,
        pledges=_pledges(snapshot),
        events=events,
        event_reach=reach,
        member_counts=_member_counts(snapshot),
        training_coverage=coverage,
        self_assessments=assessments,
        wellbeing=wellbeing,
    )


def is_synthetic() -> bool:
    """True when every member is a demo account (``@example.org``): the manifest then says so."""
    members = Member.objects.all()
    return members.exists() and not members.exclude(user__email__iendswith=f"@{DEMO_DOMAIN}").exists()


def export_network(out_dir: Path, snapshot: date | None = None) -> Path:
    """Write ``out_dir/network/`` and return it."""
    return write_network_extract(out_dir, build_export(snapshot), synthetic=is_synthetic())
