"""Seeding the directory for a demo: the postcode table and a synthetic Open Referral UK feed.

The records come from :mod:`atr.synthetic.directory` (``atr web demo`` passes them in; the
platform never imports the synthetic stage itself) and go through the same importer as a real
feed, so the demo exercises the import path too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from atr.platform.directory.importer import ImportReport, import_services
from atr.platform.directory.models import Location, Organization, Postcode, Proposal, Service

PostcodeRow = tuple[str, str, str, str, float, float]
"""(postcode, LSOA code, ward code, district code, latitude, longitude)."""


def load_postcodes(rows: Iterable[PostcodeRow]) -> int:
    """Replace the postcode table with ``rows`` (the postcode search's places)."""
    made = [
        Postcode(
            postcode=" ".join(p.upper().split()),
            lsoa_code=lsoa,
            ward_code=w,
            district_code=d,
            latitude=lat,
            longitude=lon,
        )
        for p, lsoa, w, d, lat, lon in rows
    ]
    with transaction.atomic():
        Postcode.objects.all().delete()
        Postcode.objects.bulk_create(made, batch_size=2000, ignore_conflicts=True)
    return len(made)


def seed_directory(
    postcodes: Iterable[PostcodeRow], records: Sequence[dict[str, Any]], *, replace: bool = False
) -> ImportReport:
    """Load the postcodes, then import ``records`` (published), as a feed called ``synthetic``.

    Invented records are kept out of the audit trail (as the network demo's bulk inserts are).
    """
    from auditlog.context import disable_auditlog

    with disable_auditlog():
        return _seed(postcodes, records, replace)


def _seed(postcodes: Iterable[PostcodeRow], records: Sequence[dict[str, Any]], replace: bool) -> ImportReport:
    if replace:
        with transaction.atomic():
            Proposal.objects.all().delete()
            Service.objects.all().delete()
            Location.objects.all().delete()
            Organization.objects.all().delete()
    load_postcodes(postcodes)
    return import_services(((f"synthetic service {i}", r) for i, r in enumerate(records)), source="synthetic")
