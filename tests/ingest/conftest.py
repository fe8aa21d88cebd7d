"""Fixtures for ingest tests: a fixed key, a fresh warehouse, and a one-call ingest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from atr.identity import IdentityStore
from atr.ingest.outputs import IDENTITY_COLUMNS
from atr.ingest.report import IngestReport
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

TEST_SECRET = b"test-key-for-ingest-tests-only-0123456789abcdef"


@pytest.fixture
def key() -> PseudonymisationKey:
    return PseudonymisationKey(TEST_SECRET, "file")


@pytest.fixture
def wh(warehouse: Warehouse) -> Warehouse:
    """The test's warehouse: DuckDB, or each engine in turn for tests marked ``engines``."""
    return warehouse


def load_identities(wh: Warehouse, key: PseudonymisationKey | None = None) -> None:
    """Read the identity store beside ``wh`` into a temp ``identity_person`` (as linkage does),
    so tests can query what ingest stored; an empty table when nothing was stored."""
    store = IdentityStore.beside(wh.path, key or PseudonymisationKey(TEST_SECRET, "file"))  # type: ignore[attr-defined]
    if store.exists():
        store.load_into(wh)
    else:
        columns = ", ".join(f"CAST(NULL AS {t}) AS {c}" for c, t in IDENTITY_COLUMNS)
        wh.execute(f"CREATE OR REPLACE TEMP TABLE identity_person AS SELECT {columns} WHERE false")


@pytest.fixture
def ingest(wh: Warehouse, key: PseudonymisationKey) -> Callable[..., IngestReport]:
    """``ingest(root, **options)`` runs ingest on the test warehouse with the test key, then
    reads the identity store into ``identity_person`` for the test to inspect."""

    def run(root: Path, **options: Any) -> IngestReport:
        report = run_ingest(wh, root, key, **options)
        load_identities(wh, key)
        return report

    return run


def outcome(report: IngestReport, table: str, dataset: str | None = None) -> Any:
    """The one TableOutcome for ``table`` (optionally of ``dataset``)."""
    found = [t for t in report.tables if t.table == table and (dataset is None or t.dataset == dataset)]
    assert len(found) == 1, found
    return found[0]
