"""CSV downloads for the programme team, safe to open in a spreadsheet.

Every text cell that a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``, tab, CR)
is neutralised with the same function the contract extract uses, so a pledge that reads
``=HYPERLINK(…)`` is shown as text, never run.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from django.db.models import Count, Max

from atr.platform.export_format import neutralise
from atr.platform.network.models import Event, Organisation, Pledge


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(str(value))


def _organisations() -> Iterable[list[Any]]:
    yield [
        "id",
        "name",
        "sector",
        "districts",
        "ods_code",
        "urn",
        "charity_number",
        "company_number",
        "headcount",
        "joined_date",
    ]
    for o in Organisation.objects.prefetch_related("districts").order_by("pk"):
        districts = ";".join(d.code for d in o.districts.all())
        yield [
            o.pk,
            o.name,
            o.sector,
            districts,
            o.ods_code,
            o.urn,
            o.charity_number,
            o.company_number,
            o.headcount,
            o.joined_date,
        ]


def _pledges() -> Iterable[list[Any]]:
    yield [
        "id",
        "pledge_type",
        "category",
        "organisation",
        "pledged_by",
        "made_date",
        "is_public",
        "commitment",
        "progress_updates",
        "last_progress_date",
    ]
    rows = (
        Pledge.objects.select_related("organisation", "member")
        .annotate(n=Count("updates"), last=Max("updates__update_date"))
        .order_by("pk")
    )
    for p in rows:
        who = p.member.display_name if p.member else ("(erased member)" if p.anonymised else "")
        org = p.organisation.name if p.organisation else ""
        yield [p.pk, p.pledge_type, p.category, org, who, p.made_date, p.is_public, p.commitment, p.n, p.last]


def _events() -> Iterable[list[Any]]:
    yield ["id", "title", "kind", "event_date", "district", "registered", "attendees"]
    for e in Event.objects.select_related("district").annotate(n=Count("registrations")).order_by("pk"):
        yield [
            e.pk,
            e.title,
            e.kind,
            e.event_date,
            e.district.code if e.district else "",
            e.n,
            e.counted_attendees(),
        ]


TABLES: dict[str, Callable[[], Iterable[list[Any]]]] = {
    "organisations": _organisations,
    "pledges": _pledges,
    "events": _events,
}


def table_csv(name: str) -> str:
    """The CSV text of download ``name`` (one of :data:`TABLES`)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    for row in TABLES[name]():
        writer.writerow([_text(v) for v in row])
    return out.getvalue()
