"""``atr web export``: the platform's records as a contract extract that ``atr ingest`` accepts whole."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from atr.ingest.runner import run_ingest
from atr.platform.network.demo import AS_OF
from atr.platform.network.export import build_export, export_network
from atr.platform.network.models import Event, EventReach, Member, Organisation, Pledge
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse.duckdb_engine import DuckDBWarehouse

KEY = PseudonymisationKey(b"test-key-for-platform-export-tests-0123456789", "file")


def test_the_export_ingests_with_every_row_accepted(accounts: Any, tmp_path: Path) -> None:
    Pledge.objects.create(organisation=accounts.led_organisation, category="practice", commitment="=1+1")
    first = Event.objects.filter(event_date__lte=AS_OF).order_by("pk").first()
    EventReach.objects.update_or_create(event=first, sector="police", defaults={"attendees": 17})
    folder = export_network(tmp_path / "extract", snapshot=AS_OF)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dataset"] == "network" and manifest["synthetic"] is True
    warehouse = DuckDBWarehouse(str(tmp_path / "atr.duckdb"))
    try:
        report = run_ingest(warehouse, tmp_path / "extract", KEY)
        tables = {t.table: t for t in report.tables if t.dataset == "network"}
        assert set(tables) == {"organisation", "pledge", "event", "event_reach", "member_count"} | {
            "training_coverage",  # the workforce tables (#16; tests/platform/test_workforce_export.py)
            "self_assessment",
            "wellbeing",
        }
        for table in tables.values():
            assert table.status == "accepted" and table.rows_quarantined == 0 and table.warnings == 0, table
        assert warehouse.scalar("SELECT count(*) FROM network_organisation") == Organisation.objects.count()
        held = Event.objects.filter(event_date__lte=AS_OF)
        assert warehouse.scalar("SELECT count(*) FROM network_event") == held.count()
        reach = sum(EventReach.objects.filter(event__in=held).values_list("attendees", flat=True))
        assert reach >= 17 and warehouse.scalar("SELECT sum(attendees) FROM network_event_reach") == reach
        # A member counts once in each district they name, once (district empty) if they name none.
        cells = sum(max(1, m.districts.count()) for m in Member.objects.all())
        assert warehouse.scalar("SELECT sum(members) FROM network_member_count") == cells
    finally:
        warehouse.close()


def test_the_export_holds_no_person_and_lived_experience_only_as_counts(accounts: Any) -> None:
    member = accounts.member.member
    member.lived_experience = "yes"
    member.save()
    rows = build_export(AS_OF)
    text = repr(rows)
    for person in Member.objects.all():
        assert person.display_name not in text and person.user.email not in text
    lived = sum(max(1, m.districts.count()) for m in Member.objects.filter(lived_experience="yes"))
    assert lived >= 1 and sum(c.lived_experience or 0 for c in rows.member_counts) == lived
    charters = {p.organisation_id for p in rows.pledges if p.pledge_type == "charter"}
    signed = {o.record_id for o in rows.organisations if o.charter_signed_date is not None}
    assert charters == signed
