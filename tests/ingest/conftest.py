"""Fixtures for ingest tests: a fixed key, a fresh warehouse, and a one-call ingest."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

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


@pytest.fixture
def ingest(wh: Warehouse, key: PseudonymisationKey) -> Callable[..., IngestReport]:
    """``ingest(root, **options)`` runs ingest on the test warehouse with the test key."""

    def run(root: Path, **options: Any) -> IngestReport:
        return run_ingest(wh, root, key, **options)

    return run


def outcome(report: IngestReport, table: str, dataset: str | None = None) -> Any:
    """The one TableOutcome for ``table`` (optionally of ``dataset``)."""
    found = [t for t in report.tables if t.table == table and (dataset is None or t.dataset == dataset)]
    assert len(found) == 1, found
    return found[0]
