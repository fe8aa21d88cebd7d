"""A project's own KPI catalogue (``catalogue`` in atr.toml), used by `atr indicators` and `atr run`."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.context import ProjectContext
from atr.indicators import catalogue_dir
from atr.pipeline import STAGE_ORDER, run_context
from atr.pipeline.stages import RunContext, chained_fingerprints, reference_source_for
from atr.pseudonymise import write_new_key
from atr.warehouse import open_warehouse
from tests.indicators.synthetic_derived import load_synthetic_reference, write_derived

runner = CliRunner()
CHOSEN = "looked_after_rate"


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Derived tables in a warehouse, a one-indicator catalogue and a project file naming both."""
    folder = tmp_path_factory.mktemp("catalogue")
    with open_warehouse(folder / "build" / "atr.duckdb") as wh:
        load_synthetic_reference(wh, folder / "reference")
        write_derived(wh, children=1500, adults=200)
    (folder / "kpis").mkdir()
    shutil.copy(catalogue_dir() / f"{CHOSEN}.yaml", folder / "kpis" / f"{CHOSEN}.yaml")
    (folder / "extract").mkdir()
    write_new_key(folder / "key")
    (folder / "atr.toml").write_text(
        'extracts = ["extract"]\nwarehouse = "build/atr.duckdb"\ncatalogue = "kpis"\nkey_file = "key"\n'
        'output_dir = "build/site"\n',
        encoding="utf-8",
    )
    return folder / "atr.toml"


def published_ids(project: Path) -> set[str]:
    with open_warehouse(project.parent / "build" / "atr.duckdb", read_only=True) as wh:
        return {str(r["indicator_id"]) for r in wh.rows("SELECT DISTINCT indicator_id FROM indicator_meta")}


def test_the_catalogue_path_is_relative_to_the_project_file(project: Path) -> None:
    config = ProjectContext.load(project).config
    assert config.catalogue == project.parent / "kpis"


def test_atr_indicators_uses_the_project_catalogue(project: Path) -> None:
    result = runner.invoke(app, ["indicators", "--project", str(project), "--sii-repetitions", "1000"])
    assert result.exit_code == 0, result.output
    assert published_ids(project) == {CHOSEN}


def test_atr_run_uses_the_project_catalogue_and_notices_a_change(project: Path) -> None:
    with ProjectContext.load(project) as ctx:  # the stages before indicators count as done
        wh = ctx.warehouse()
        run = RunContext(ctx, ctx.key(), reference_source_for(ctx.config))
        fingerprints = chained_fingerprints(run)
        for stage in STAGE_ORDER[: STAGE_ORDER.index("indicators")]:
            wh.set_meta(f"stage:{stage}", {"fingerprint": fingerprints[stage], "summary": {}})
        first = run_context(ctx, from_stage="indicators")
    ran: dict[str, Any] = {o.name: o for o in first.outcomes}
    assert ran["indicators"].status == "ran" and ran["indicators"].summary["indicators"] == 1
    assert published_ids(project) == {CHOSEN}
    assert (project.parent / "build" / "site" / "index.html").is_file()

    with ProjectContext.load(project) as ctx:
        assert {o.name: o.status for o in run_context(ctx).outcomes}["indicators"] == "skipped"
    changed = project.parent / "kpis" / f"{CHOSEN}.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    with ProjectContext.load(project) as ctx:
        assert {o.name: o.status for o in run_context(ctx).outcomes}["indicators"] == "ran"
