"""Snapshots of the SQL derive generates: every statement it sends the warehouse for one run."""

from __future__ import annotations

from datetime import date

import pytest
from syrupy.assertion import SnapshotAssertion

from atr.derive.run import run_derive
from atr.derive.settings import DeriveSettings
from atr.link.settings import LinkSettings
from tests.derive.builder import PERIODS, World
from tests.snapshots.recording import RecordingWarehouse


def _world() -> World:
    """One child with a plan, an assessment factor and a linked adult in treatment."""
    w = World()
    w.person("C1")
    w.person("A1", born=(1985, 3))
    w.record("csc_cp_plan", "C1", start_date=date(2022, 6, 1), initial_category_of_abuse="NEG")
    assessment = w.record("csc_assessment", "C1", start_date=date(2022, 5, 2))
    w.record("csc_assessment_factor", "C1", assessment_id=assessment, factor="3A")
    w.record("substance_episode", "A1", referral_date=date(2022, 1, 10))
    w.link("C1", "A1")
    return w


def test_derive_sql(snapshot: SnapshotAssertion, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ATR_PUBLISHED_ESTIMATES_DIR", raising=False)
    warehouse = RecordingWarehouse()
    _world().write(warehouse)
    run_derive(
        warehouse, DeriveSettings(simulations=100, bootstrap_samples=50), LinkSettings(), list(PERIODS)
    )
    statements = warehouse.generated()
    assert len(statements) > 20
    assert statements == snapshot
