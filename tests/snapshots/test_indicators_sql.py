"""Snapshots of the SQL the indicators stage generates for the whole catalogue on small derived tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from atr.indicators.engine import run_indicators
from tests.indicators.synthetic_derived import load_synthetic_reference, write_derived
from tests.snapshots.recording import RecordingWarehouse


@pytest.mark.slow  # a full stage run: kept out of `make check`, run by `make test`
def test_indicators_sql(snapshot: SnapshotAssertion, tmp_path: Path) -> None:
    warehouse = RecordingWarehouse()
    load_synthetic_reference(warehouse, tmp_path / "reference")
    write_derived(warehouse, children=300, adults=60)
    warehouse.statements.clear()
    run_indicators(warehouse, tmp_path / "published", sii_repetitions=1000)
    statements = [s.replace(str(tmp_path), "<tmp>") for s in warehouse.generated()]
    assert len(statements) > 10
    assert statements == snapshot
