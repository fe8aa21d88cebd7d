"""`atr link`: the command end to end, with pseudonymised ground truth, and its errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.errors import AtrError
from atr.identity import IdentityStore
from atr.pseudonymise import load_key, write_new_key
from atr.warehouse import open_warehouse

from .conftest import Linked
from .population import Population, make_people, record_everyone
from .records import write_to_warehouse, write_truth_files

runner = CliRunner()
FAST_PROJECT = "[link]\nu_max_pairs = 20000\nem_max_pairs = 50000\n"


@pytest.fixture(scope="module")
def small() -> Population:
    return record_everyone(make_people(50, seed=21), seed=22)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory, small: Population) -> Path:
    """A project file naming a warehouse ingested with its key (pseudonymised ids); truth beside it."""
    tmp_path = tmp_path_factory.mktemp("cli")
    key_file = tmp_path / "key"
    write_new_key(key_file)
    key = load_key(key_file)
    rename = {
        f"{t['dataset']}|{t['partner_code']}|{t['person_id']}": key.person_id(
            t["dataset"], t["partner_code"], t["person_id"]
        )
        for t in small.truth
    }
    warehouse = tmp_path / "atr.duckdb"
    with open_warehouse(warehouse) as wh:
        write_to_warehouse(wh, small, rename=rename, store=IdentityStore.beside(warehouse, key))
    write_truth_files(small, tmp_path / "synth" / "truth")
    (tmp_path / "atr.toml").write_text(f'warehouse = "atr.duckdb"\nkey_file = "key"\n{FAST_PROJECT}')
    return tmp_path / "atr.toml"


def test_link_with_truth_reports_precision_and_recall(project: Path) -> None:
    truth = project.parent / "synth" / "truth"
    result = runner.invoke(app, ["link", "--project", str(project), "--truth", str(truth)])
    assert result.exit_code == 0, result.output
    assert "pairwise precision" in result.output
    report = json.loads((project.parent / "link" / "link_quality.json").read_text())
    assert report["truth"]["people"]["pairwise_precision"] >= 0.9
    assert report["truth"]["households"]["precision"] >= 0.9
    assert (project.parent / "link" / "splink_model.json").is_file()


def test_link_with_the_wrong_key_says_so(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.key"
    write_new_key(other)
    truth = project.parent / "synth" / "truth"
    result = runner.invoke(
        app, ["link", "--project", str(project), "--truth", str(truth), "--key-file", str(other)]
    )
    assert isinstance(result.exception, AtrError)  # the identity store opens only with ingest's key
    assert "identity store cannot be opened with this key" in str(result.exception)


def test_threshold_option_and_a_saved_model(project: Path, linked: Linked, tmp_path: Path) -> None:
    # A model trained elsewhere (the shared fixture) is reused as is, without training.
    model = str(linked.outputs.model_json)
    args = [
        "link",
        "--project",
        str(project),
        "--model",
        model,
        "--threshold",
        "0.99",
        "--report-dir",
        str(tmp_path),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "link_quality.json").read_text())
    assert report["model"]["trained"] is False and report["settings"]["match_threshold"] == 0.99
    assert "seconds.train_u" not in {r for r in report["seconds"]}


def test_errors_are_one_clear_line(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "atr", "link", "--warehouse", str(tmp_path / "none.duckdb")],
        capture_output=True,
        text=True,
        env={"ATR_QUIET": "1", "PATH": ""},
    )
    assert missing.returncode == 2
    assert "warehouse not found" in missing.stderr and "Traceback" not in missing.stderr
    with open_warehouse(tmp_path / "empty.duckdb") as wh:
        wh.execute("CREATE TABLE other (x INTEGER)")
    result = runner.invoke(app, ["link", "--warehouse", str(tmp_path / "empty.duckdb")])
    assert isinstance(result.exception, AtrError) and "atr ingest" in str(result.exception)
    bad_model = tmp_path / "bad.json"
    bad_model.write_text("{not json")
    result = runner.invoke(
        app, ["link", "--warehouse", str(tmp_path / "empty.duckdb"), "--model", str(bad_model)]
    )
    assert isinstance(result.exception, AtrError)
    result = runner.invoke(
        app, ["link", "--warehouse", str(tmp_path / "empty.duckdb"), "--truth", str(tmp_path / "nope")]
    )
    assert isinstance(result.exception, AtrError) and "truth folder not found" in str(result.exception)
