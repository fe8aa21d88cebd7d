"""Fixtures for the network tests: a fixed key, an in-memory warehouse, a small export."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from atr.platform import (
    EventReachRow,
    EventRow,
    MemberCountRow,
    NetworkExport,
    OrganisationRow,
    PledgeRow,
)
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse
from atr.warehouse.duckdb_engine import DuckDBWarehouse

TEST_SECRET = b"test-key-for-network-tests-only-0123456789abcdef"
EXTRACT_DATE = date(2025, 7, 1)


@pytest.fixture
def key() -> PseudonymisationKey:
    return PseudonymisationKey(TEST_SECRET, "file")


@pytest.fixture
def wh(tmp_path: Path) -> Iterator[Warehouse]:
    """A warehouse file (ingest keeps its identity store beside it)."""
    warehouse = DuckDBWarehouse(tmp_path / "wh" / "atr.duckdb")
    yield warehouse
    warehouse.close()


def small_export() -> NetworkExport:
    """Three organisations, four pledges, two events: every table, all rows valid."""
    orgs = [
        OrganisationRow(
            record_id=f"O{i}",
            name=f"Organisation {i}",
            sector=sector,
            districts=("E08000035",) if i else ("E08000032", "E08000033"),
            headcount=100 + i,
            joined_date=date(2024, 1 + i, 1),
        )
        for i, sector in enumerate(["police", "education", "housing"])
    ]
    pledges = [
        PledgeRow(
            record_id="P1",
            organisation_id="O0",
            pledger_kind="organisation",
            category="culture",
            pledge_type="charter",
            made_date=date(2024, 5, 1),
        ),
        PledgeRow(
            record_id="P2",
            organisation_id="O1",
            pledger_kind="person",
            category="training",
            made_date=date(2024, 6, 1),
            progress_updates=2,
            last_progress_date=date(2025, 2, 1),
        ),
        PledgeRow(record_id="P3", pledger_kind="person", category="listening", made_date=date(2024, 7, 1)),
        PledgeRow(
            record_id="P4",
            organisation_id="O1",
            pledger_kind="person",
            category="training",
            made_date=date(2025, 1, 1),
            is_public=False,
        ),
    ]
    events = [
        EventRow(
            record_id="E1",
            title="Knowledge exchange",
            kind="knowledge_exchange",
            event_date=date(2024, 10, 1),
            district="E08000035",
            registered=90,
            attendees=70,
        ),
        EventRow(
            record_id="E2", title="Workshop", kind="workshop", event_date=date(2025, 3, 1), attendees=25
        ),
    ]
    reach = [
        EventReachRow(record_id="R1", event_id="E1", sector="police", attendees=40),
        EventReachRow(record_id="R2", event_id="E1", sector="education", attendees=30),
        EventReachRow(record_id="R3", event_id="E2", sector="housing", attendees=25),
    ]
    counts = [
        MemberCountRow(
            record_id="M1",
            snapshot_date=date(2025, 6, 30),
            sector="police",
            district="E08000035",
            members=40,
            lived_experience=9,
        ),
        MemberCountRow(
            record_id="M2",
            snapshot_date=date(2025, 6, 30),
            sector="education",
            district="E08000032",
            members=12,
            lived_experience=2,
        ),
    ]
    return NetworkExport(orgs, pledges, events, reach, counts)
