"""Snapshots of the SQL the link stage generates around Splink (preparation, blocking, clustering,
households, outputs) for a small fixed population. Splink's own SQL runs on its own cursor and is
not recorded: it belongs to Splink, and its table names change from run to run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from atr.link.run import run_link
from atr.link.settings import LinkSettings
from tests.link.population import make_people, record_everyone
from tests.link.records import write_to_warehouse
from tests.snapshots.recording import RecordingWarehouse

SPLINK_ID = re.compile(r"(__splink__[a-z_]+?)_[0-9a-f]{9}\b")
"""Splink names its tables with a random suffix; the snapshot keeps the name, not the suffix."""


@pytest.mark.slow  # a full stage run: kept out of `make check`, run by `make test`
def test_link_sql(snapshot: SnapshotAssertion, tmp_path: Path) -> None:
    warehouse = RecordingWarehouse()
    write_to_warehouse(warehouse, record_everyone(make_people(15, seed=3), seed=5))
    warehouse.statements.clear()
    run_link(warehouse, LinkSettings(u_max_pairs=2e4, em_max_pairs=5e4), tmp_path / "link")
    statements = [SPLINK_ID.sub(r"\1_<id>", s.replace(str(tmp_path), "<tmp>")) for s in warehouse.generated()]
    assert len(statements) > 10
    assert statements == snapshot
