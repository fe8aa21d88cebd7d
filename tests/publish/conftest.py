"""Fixtures for the publish stage: a warehouse of sample published tables, and the site built once.

The geography is the real West Yorkshire reference data when ``../shared`` is present, else the
labelled synthetic geography (so the tests also run on a bare checkout).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from atr.publish.dataset import PublishedData, load_published
from atr.publish.sources import WarehouseSource
from atr.reference.loader import load_reference
from atr.reference.sources import ReferenceSource, resolve_reference_source
from atr.warehouse import open_warehouse

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from publish_sample_evaluation import write_sample_evaluation  # noqa: E402
from publish_sample_provision import write_sample_provision  # noqa: E402
from publish_sample_tables import write_sample_tables  # noqa: E402

REAL_REFERENCE = HERE.parents[1] / ".." / "shared" / "data" / "reference"


def reference_source(tmp: Path) -> ReferenceSource:
    if (REAL_REFERENCE / "wy_lsoa_imd2019.csv").is_file():
        return resolve_reference_source(REAL_REFERENCE.resolve())
    return ReferenceSource("synthetic", tmp / "synthetic-reference")


def make_warehouse(path: Path, *, provision: bool = True, evaluation: bool = True, **options: object) -> Path:
    source = reference_source(path.parent)
    with open_warehouse(path) as wh:
        load_reference(wh, source)
        write_sample_tables(wh, **options)  # type: ignore[arg-type]
        if provision:
            write_sample_provision(wh, source)
        if evaluation:  # the evaluate stage's published tables (issue 18)
            write_sample_evaluation(wh)
    return path


@pytest.fixture(scope="session")
def warehouse_factory() -> Callable[..., Path]:
    """``make_warehouse(path, **options)``, for tests that need sample tables of another shape."""
    return make_warehouse


@pytest.fixture(scope="session")
def published_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("publish-wh") / "atr.duckdb")


@pytest.fixture(scope="session")
def published_reference(published_warehouse: Path) -> ReferenceSource:
    """The reference data the sample warehouse was built on."""
    return reference_source(published_warehouse.parent)


@pytest.fixture(scope="session")
def published_data(published_warehouse: Path) -> PublishedData:
    with open_warehouse(published_warehouse, read_only=True) as wh:
        return load_published(WarehouseSource(wh, published_warehouse))


@pytest.fixture(scope="session")
def site_dir(published_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The site, built through the CLI exactly as a user would."""
    from atr.cli import app

    out = tmp_path_factory.mktemp("publish-site") / "site"
    result = CliRunner().invoke(app, ["publish", "--warehouse", str(published_warehouse), "--out", str(out)])
    assert result.exit_code == 0, result.output
    yield out
