"""Fixtures for the link tests: a small seeded population, linked once per session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pytest

from atr.link.run import LinkOutputs, run_link
from atr.link.settings import LinkSettings
from atr.link.truth import TRUTH_HOUSEHOLD_PAIRS, TRUTH_RECORDS
from atr.warehouse import Warehouse, open_warehouse

from .population import Population, make_people, record_everyone
from .records import household_pairs, write_to_warehouse

# Small samples keep each Splink run to a few seconds.
FAST = LinkSettings(u_max_pairs=2e4, em_max_pairs=5e4)


def truth_loader(pop: Population) -> Callable[[Warehouse], None]:
    """Load the population's truth straight into the truth tables (raw ids, no key needed)."""

    def load(wh: Warehouse) -> None:
        wh.write_arrow(TRUTH_RECORDS, pa.Table.from_pylist(pop.truth))
        wh.write_arrow(TRUTH_HOUSEHOLD_PAIRS, pa.Table.from_pylist(household_pairs(pop)))

    return load


@pytest.fixture(scope="session")
def population() -> Population:
    return record_everyone(make_people(120, seed=7), seed=11)


@dataclass
class Linked:
    warehouse: Path
    out_dir: Path
    outputs: LinkOutputs


@pytest.fixture(scope="session")
def linked(population: Population, tmp_path_factory: pytest.TempPathFactory) -> Linked:
    """The population linked once, with ground truth, for read-only tests."""
    root = tmp_path_factory.mktemp("linked")
    path = root / "atr.duckdb"
    with open_warehouse(path) as wh:
        write_to_warehouse(wh, population)
        outputs = run_link(wh, FAST, root / "link", truth_loader=truth_loader(population))
    return Linked(path, root / "link", outputs)
