"""The same small extract through every stage on DuckDB and on Spark (local mode): they agree.

Two comparisons, because linkage is statistical and the rest is not:

- from the extracts, each engine runs everything. Ingest must give identical tables; Splink's
  EM and random sampling run on each engine's own SQL, so people and links must agree within a
  small tolerance, with quality as good on Spark;
- from DuckDB's linked tables copied into a Spark warehouse, derive and indicators must then
  give the same rows, value for value.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from atr.derive.run import run_derive
from atr.identity import IdentityStore
from atr.indicators.engine import run_indicators
from atr.link.settings import LinkSettings
from atr.pipeline import STAGE_ORDER
from atr.pipeline.demo import synthetic_project
from atr.pipeline.run import RunSummary, run_config
from atr.project import Engine, ProjectConfig
from atr.pseudonymise import load_key, write_new_key
from atr.synthetic.generator import generate
from atr.warehouse import Warehouse, open_warehouse
from atr.warehouse.compare import compare_table

# make test runs each file on one worker (--dist loadfile), so the two pipeline runs happen once
pytestmark = [pytest.mark.spark, pytest.mark.slow]

SCALE = 0.002  # about 4,600 people: every stage and every evidence source has rows
STAGES = STAGE_ORDER
INGESTED = ("person_demographics", "csc_assessment", "police_involvement", "ingest_batch")
DERIVED = ("adversity_event", "child_year", "adult_year", "adult_population_year", "capture_recapture")
LINKED = ("entity", "entity_membership", "entity_lsoa_history", "household_link")


def _config(out: Path, engine: Engine) -> ProjectConfig:
    # a million random pairs for u (of 57 million) is plenty here, and keeps Spark local quick
    return synthetic_project(
        out / "synth", out, out / "key", engine=engine, link=LinkSettings(u_max_pairs=1e6, em_max_pairs=1e6)
    )


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory, spark_session: Any) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("engines")
    generate(out / "synth", scale=SCALE, seed=5, reference_dir=None)
    write_new_key(out / "key")
    summaries: dict[str, RunSummary] = {}
    for engine in ("duckdb", "spark"):
        summaries[engine] = run_config(_config(out, engine))
    return {"out": out, "summaries": summaries}


def _open(runs: dict[str, Any], engine: Engine) -> Warehouse:
    return open_warehouse(_config(runs["out"], engine).warehouse, engine, read_only=True)


def _summary(run: RunSummary, stage: str) -> dict[str, Any]:
    return next(o.summary for o in run.outcomes if o.name == stage)


def test_every_stage_runs_on_spark_to_a_site(runs: dict[str, Any]) -> None:
    spark = runs["summaries"]["spark"]
    assert {o.name: o.status for o in spark.outcomes} == dict.fromkeys(STAGES, "ran")
    site = _config(runs["out"], "spark").output_dir / "index.html"
    assert site.is_file() and "synthetic" in site.read_text(encoding="utf-8").lower()
    warehouse = _config(runs["out"], "spark").warehouse
    assert warehouse.is_dir() and (warehouse / "atr_catalog.json").is_file()


def test_ingest_gives_identical_tables(runs: dict[str, Any]) -> None:
    duck, spark = (_summary(runs["summaries"][e], "ingest") for e in ("duckdb", "spark"))
    assert duck == spark
    with _open(runs, "duckdb") as a, _open(runs, "spark") as b:
        for table in INGESTED:
            diff = compare_table(a, b, table, ignore=("batch_id", "loaded_at", "source_path"))
            assert diff.same, (table, diff.only_left[:2], diff.only_right[:2])
        for wh in (a, b):  # identities are in each engine's identity store, nowhere in the warehouse
            assert not [t for t in wh.list_tables() if t == "identity_person" or t.startswith("link__")]
    key = load_key(runs["out"] / "key")
    stores = [
        IdentityStore.beside(_config(runs["out"], e).warehouse, key).read() for e in ("duckdb", "spark")
    ]
    order = [("dataset", "ascending"), ("partner_code", "ascending"), ("person_id", "ascending")]
    duck_rows, spark_rows = (t.sort_by(order).to_pylist() for t in stores)
    assert duck_rows == spark_rows and len(duck_rows) > 1000
    assert not list(_config(runs["out"], "spark").warehouse.glob("*checkpoint*"))


def test_linkage_agrees_within_tolerance_and_is_as_good(runs: dict[str, Any]) -> None:
    duck, spark = (_summary(runs["summaries"][e], "link") for e in ("duckdb", "spark"))
    assert abs(spark["people"] - duck["people"]) <= max(5, 0.005 * duck["people"])
    assert abs(spark["household_links"] - duck["household_links"]) <= 0.02 * duck["household_links"]
    assert spark["pairwise_precision"] >= 0.99 and spark["pairwise_recall"] >= 0.97
    assert abs(spark["pairwise_precision"] - duck["pairwise_precision"]) < 0.005
    assert abs(spark["pairwise_recall"] - duck["pairwise_recall"]) < 0.005


def test_indicator_catalogue_agrees(runs: dict[str, Any]) -> None:
    duck, spark = (_summary(runs["summaries"][e], "indicators") for e in ("duckdb", "spark"))
    assert spark["indicators"] == duck["indicators"] and spark["values"] == duck["values"]


def test_derive_and_indicators_agree_exactly_on_the_same_links(runs: dict[str, Any], tmp_path: Path) -> None:
    """Copy DuckDB's inputs to derive into a fresh Spark warehouse; every output row must match."""
    config = _config(runs["out"], "spark")
    with _open(runs, "duckdb") as duck, open_warehouse(tmp_path / "same-links.spark", "spark") as spark:
        derived_here = set(DERIVED) | {"indicator_value", "indicator_meta"}
        for table in duck.list_tables():
            if table not in derived_here and not table.startswith(("derive_", "indicator_")):
                spark.write_arrow(table, duck.query(f"SELECT * FROM {table}"))
        run_derive(spark, config.derive, config.link, config.periods)
        run_indicators(spark, tmp_path / "published", settings=config.disclosure, periods=config.periods)
        for table in (*LINKED, *DERIVED, "indicator_value"):
            diff = compare_table(duck, spark, table)
            assert diff.rows_left > 0, table
            assert diff.same, (table, diff.only_left[:2], diff.only_right[:2])
