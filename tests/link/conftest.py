"""Fixtures for the link tests: a small seeded population, linked once per session."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from atr.link import LinkedRecords, LinkJudge, LinkOutputs, LinkSettings, run_link
from atr.truth.linkage import TRUTH_HOUSEHOLD_PAIRS, TRUTH_RECORDS, evaluate
from atr.warehouse import open_warehouse

from .population import Population, make_people, record_everyone
from .records import household_pairs, write_to_warehouse

# Small samples keep each Splink run to a few seconds.
FAST = LinkSettings(u_max_pairs=2e4, em_max_pairs=5e4)


def truth_judge(pop: Population) -> LinkJudge:
    """Judge with the population's truth loaded straight into the truth tables (raw ids, no key)."""

    def judge(linked: LinkedRecords) -> dict[str, Any]:
        linked.warehouse.write_arrow(TRUTH_RECORDS, pa.Table.from_pylist(pop.truth))
        linked.warehouse.write_arrow(TRUTH_HOUSEHOLD_PAIRS, pa.Table.from_pylist(household_pairs(pop)))
        return evaluate(linked)

    return judge


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
        outputs = run_link(wh, FAST, root / "link", judge=truth_judge(population))
    return Linked(path, root / "link", outputs)
