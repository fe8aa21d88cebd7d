"""The whole flow: `atr demo` to a site, skipping what is up to date, resuming, failing clearly."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from atr.context import ProjectContext
from atr.errors import AtrError, StageError, UsageError
from atr.identity import IdentityStore
from atr.pipeline import STAGE_ORDER
from atr.pipeline.demo import run_demo
from atr.pipeline.run import run_config, run_context, run_project
from atr.project import load_project
from atr.pseudonymise import PseudonymisationKey, load_key
from atr.warehouse import open_warehouse

from .identity_scan import probes, scan

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publish"))
from differencing import Rule
from differencing_site import attack_site, geography_parents

SCALE = 0.004  # about 9,000 people: every stage has something to do, quickly


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("demo")
    result = run_demo(out, None, scale=SCALE, seed=11)
    return {"out": out, "result": result}


def statuses(result: Any) -> dict[str, str]:
    return {o.name: o.status for o in result.outcomes}


@pytest.mark.slow
def test_demo_runs_every_stage_to_a_site(demo: dict[str, Any]) -> None:
    out: Path = demo["out"]
    assert statuses(demo["result"]) == dict.fromkeys(STAGE_ORDER, "ran")
    assert (out / "site" / "index.html").is_file()
    html = (out / "site" / "index.html").read_text(encoding="utf-8")
    assert "synthetic" in html.lower()
    summary = {o.name: o.summary for o in demo["result"].outcomes}
    assert (
        summary["ingest"]["rows_read"]
        == summary["ingest"]["rows_accepted"] + summary["ingest"]["rows_quarantined"]
    )
    assert summary["link"]["people"] > 1000
    # the demo keeps its ground truth, so linkage quality is measured on every run
    assert summary["link"]["pairwise_precision"] > 0.95 and summary["link"]["pairwise_recall"] > 0.9
    assert summary["indicators"]["indicators"] >= 15
    with open_warehouse(out / "atr.duckdb", read_only=True) as wh:
        assert wh.count("indicator_value") > 0
        assert wh.get_meta("extracts_are_synthetic") is True
        # the synthetic network runs end to end too: ingested, derived, counted, published
        assert wh.count("network_member_year") > 0
        assert wh.scalar("SELECT count(*) FROM indicator_value WHERE indicator_id = 'network_members'") > 0
    assert (out / "site" / "network.html").is_file()
    events = [json.loads(line) for line in (out / "runs" / "run-log.jsonl").read_text().splitlines()]
    assert events[0]["event"] == "run_started" and events[-1]["event"] == "run_finished"
    assert {e["name"] for e in events if e["event"] == "stage"} >= {"ingest", "publish"}


@pytest.mark.slow
def test_the_differencing_attack_recovers_nothing_from_the_demo(demo: dict[str, Any]) -> None:
    """Every published table of the demo (CSV downloads, chart data, the indicators' export,
    the data-quality page) under the attack of tests/publish/differencing.py."""
    out: Path = demo["out"]
    found, hidden = attack_site(out / "site", Rule(), geography_parents(out / "atr.duckdb"))
    assert hidden > 1000  # the demo has small numbers to protect
    assert [f for f in found if f.kind == "suppressed"] == []
    assert [f for f in found if f.how != "sums"] == []  # no figure gives back an unrounded count


@pytest.mark.slow
def test_the_analysis_warehouse_holds_no_identity(demo: dict[str, Any]) -> None:
    """Names, dates of birth, postcodes and addresses are only in the encrypted identity store."""
    config = load_project(demo["out"] / "atr.toml")
    assert config.key_file is not None and config.truth_dir is not None
    store = IdentityStore.beside(config.warehouse, load_key(config.key_file))
    found = probes(config.truth_dir, store)
    assert len(found.text) > 5000 and len(found.dates) > 1000
    with open_warehouse(config.warehouse, read_only=True) as wh:
        tables = wh.list_tables()
        assert "entity" in tables and "child_year" in tables
        assert not [t for t in tables if t == "identity_person" or t.startswith(("link__", "__splink__"))]
        assert scan(wh, found) == []
    # The same scan finds every kind of identity where it is kept: in the store.
    with open_warehouse(Path(":memory:")) as memory:
        store.load_into(memory)
        leaks = scan(memory, found)
    for kind in ("forename value", "surname value", "postcode value", "address value", "dates of birth"):
        assert any(kind in leak for leak in leaks), kind
    # The store is encrypted: unreadable without the key, or with another one.
    with pytest.raises(OSError, match="no decryption"):
        pq.read_table(store.path)
    with pytest.raises(AtrError, match="cannot be opened with this key"):
        IdentityStore(
            store.path, PseudonymisationKey(b"another-key-0123456789abcdef-0123456789", "file")
        ).read()


@pytest.mark.slow
def test_rerun_skips_up_to_date_stages_and_resumes_from_a_stage(demo: dict[str, Any]) -> None:
    project = demo["out"] / "atr.toml"
    again = run_project(project)
    assert set(statuses(again).values()) == {"skipped"}
    resumed = run_project(project, from_stage="indicators")
    first = STAGE_ORDER.index("indicators")
    assert statuses(resumed) == {
        stage: "skipped" if i < first else "ran" for i, stage in enumerate(STAGE_ORDER)
    }
    shutil.rmtree(demo["out"] / "site")
    rebuilt = run_project(project)
    assert statuses(rebuilt)["publish"] == "ran" and statuses(rebuilt)["derive"] == "skipped"
    with pytest.raises(UsageError, match="unknown stage"):
        run_project(project, from_stage="nonsense")
    with ProjectContext.load(project) as loaded:
        only_evaluate = run_context(loaded, from_stage="evaluate", until="evaluate")
        with pytest.raises(UsageError, match="unknown stage"):
            run_context(loaded, until="nonsense")
    last = STAGE_ORDER.index("evaluate")
    assert statuses(only_evaluate) == {
        stage: "ran" if stage == "evaluate" else "skipped" for stage in STAGE_ORDER[: last + 1]
    }


@pytest.mark.slow
def test_rejected_files_stop_the_run_before_publishing(demo: dict[str, Any], tmp_path: Path) -> None:
    """Issue 14: a manifest row count bumped by one used to publish Leeds' rate as 0.0, exit 0."""
    config = load_project(demo["out"] / "atr.toml")
    extract = tmp_path / "extract"
    shutil.copytree(config.extracts[0], extract)
    warehouse = tmp_path / "atr.duckdb"
    shutil.copy(config.warehouse, warehouse)
    with open_warehouse(warehouse, read_only=True) as wh:
        episodes = wh.scalar("SELECT count(*) FROM csc_episode WHERE partner_code = '383'")
    manifest_file = extract / "csc" / "383" / "manifest.json"
    manifest = json.loads(manifest_file.read_text(encoding="utf-8"))
    manifest["files"]["episode.csv"]["rows"] += 1
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")
    run = config.model_copy(
        update={"extracts": [extract], "warehouse": warehouse, "output_dir": tmp_path / "site"}
    )
    with pytest.raises(StageError, match=r"extract file\(s\) rejected"):
        run_config(run)
    assert not (tmp_path / "site").exists()
    with open_warehouse(warehouse, read_only=True) as wh:  # the previous load stays in force
        assert wh.scalar("SELECT count(*) FROM csc_episode WHERE partner_code = '383'") == episodes
        assert "csc/383" in wh.get_meta("ingest_held_back")
    with pytest.raises(StageError):  # nothing changed: ingest is up to date, and still stops
        run_config(run)


def test_the_ingest_fingerprint_covers_data_files(tmp_path: Path) -> None:
    from atr.context import ProjectContext
    from atr.pipeline.stages import RunContext, chained_fingerprints, reference_source_for
    from atr.project import ProjectConfig
    from atr.pseudonymise import PseudonymisationKey

    folder = tmp_path / "extract" / "csc" / "383"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text("{}", encoding="utf-8")
    (folder / "person.csv").write_text("person_id\nP1\n", encoding="utf-8")
    config = ProjectConfig(extracts=[tmp_path / "extract"]).resolve_paths(tmp_path)
    ctx = RunContext(
        ProjectContext(config), PseudonymisationKey(b"k" * 40, "file"), reference_source_for(config)
    )
    before = chained_fingerprints(ctx)
    (folder / "person.csv").write_text("person_id\nP1\nP2\n", encoding="utf-8")  # manifest untouched
    after = chained_fingerprints(ctx)
    assert before["reference"] == after["reference"]
    assert before["ingest"] != after["ingest"] and before["publish"] != after["publish"]


@pytest.mark.slow
def test_a_failing_stage_names_itself_and_leaves_the_site(demo: dict[str, Any], tmp_path: Path) -> None:
    config = load_project(demo["out"] / "atr.toml")
    broken = tmp_path / "extract"
    shutil.copytree(config.extracts[0], broken)
    manifest = next(broken.rglob("manifest.json"))
    manifest.write_text("{not json", encoding="utf-8")
    before = (config.output_dir / "index.html").read_bytes()
    bad = config.model_copy(
        update={"extracts": [broken], "warehouse": tmp_path / "w.duckdb", "output_dir": tmp_path / "site"}
    )
    # an unreadable manifest rejects that folder: the run stops before publishing (issue 14)...
    with pytest.raises(StageError, match=r"rejected; the previous load .* nothing was published"):
        run_config(bad, force=True)
    assert not (tmp_path / "site").exists()
    # ...unless the user allows a partial publication, which says so on every page
    result = run_config(bad, force=True, allow_partial=True)
    assert {o.name: o.summary for o in result.outcomes}["ingest"]["files_rejected"] >= 1
    pages = list((tmp_path / "site").rglob("*.html"))
    unmarked = [p.name for p in pages if 'data-atr-partial="true"' not in p.read_text(encoding="utf-8")]
    assert pages and not unmarked, f"pages without the partial-data banner: {unmarked}"
    missing = config.model_copy(
        update={"extracts": [tmp_path / "nowhere"], "warehouse": tmp_path / "x.duckdb"}
    )
    with pytest.raises(StageError, match="stage 'ingest' failed") as err:
        run_config(missing, force=True)
    assert "nowhere" in str(err.value)
    assert (config.output_dir / "index.html").read_bytes() == before


@pytest.mark.slow
def test_the_demo_finds_the_directory_s_planted_gaps(demo: dict[str, Any]) -> None:
    """`atr demo` writes the synthetic Open Referral UK directory and the provision stage reads it."""
    from atr.reference import resolve_reference_source
    from atr.synthetic import areas_from_reference, planted_gaps

    kinds = {"domestic-abuse": "domestic_abuse", "substance-misuse": "substance_misuse"}
    kinds["children-mental-health"] = "children_mental_health"
    planted = {
        (g.ward_code, kinds[g.kind_code])
        for g in planted_gaps(areas_from_reference(resolve_reference_source(None)))
    }
    summary = {o.name: o.summary for o in demo["result"].outcomes}["provision"]
    assert summary["placed"] == summary["services_read"] >= 600 and summary["rejected"] == 0
    with open_warehouse(demo["out"] / "atr.duckdb", read_only=True) as wh:
        found = {
            (r["ward_code"], r["need_kind"])
            for r in wh.rows("SELECT ward_code, need_kind FROM need_provision_ward WHERE high_need_unserved")
        }
        assert wh.scalar("SELECT round(sum(allocation)) FROM provision_allocation") == 1_000_000
    assert planted and planted <= found
