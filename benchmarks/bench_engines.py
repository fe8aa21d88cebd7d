"""The same small synthetic run on DuckDB and on Spark local mode: time per stage, and agreement.

Scale from ``ATR_BENCH_ENGINES_SCALE`` (default 0.01, about 23,000 people). Spark runs in local
mode on this machine's cores with ATR's default session settings; both engines sample 2 million
random pairs for Splink's u (the default, 10 million, takes Spark local mode many minutes).
Prints a Markdown section.

Usage: ``python benchmarks/bench_engines.py``.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from atr.link.settings import LinkSettings
from atr.pipeline.demo import synthetic_project
from atr.pipeline.run import RunSummary, run_config
from atr.project import Engine, ProjectConfig
from atr.pseudonymise import write_new_key
from atr.synthetic.generator import generate
from atr.warehouse import open_warehouse
from atr.warehouse.compare import compare_table

U_PAIRS = 2e6  # Splink's u sampling is the slow part on Spark local mode; the same on both engines
TABLES = ("identity_person", "entity", "household_link", "child_year", "adult_year", "indicator_value")


def _config(out: Path, engine: Engine) -> ProjectConfig:
    return synthetic_project(
        out / "synth", out, out / "key", engine=engine, link=LinkSettings(u_max_pairs=U_PAIRS)
    )


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    scale = float(os.environ.get("ATR_BENCH_ENGINES_SCALE", "0.01"))
    with tempfile.TemporaryDirectory(prefix="atr-bench-engines-") as tmp:
        out = Path(tmp)
        generate(out / "synth", scale=scale, seed=7, reference_dir=None)
        write_new_key(out / "key")
        runs: dict[str, RunSummary] = {}
        walls: dict[str, float] = {}
        for engine in ("duckdb", "spark"):
            started = time.perf_counter()
            runs[engine] = run_config(_config(out, engine))
            walls[engine] = time.perf_counter() - started
        with (
            open_warehouse(_config(out, "duckdb").warehouse, read_only=True) as duck,
            open_warehouse(_config(out, "spark").warehouse, "spark", read_only=True) as spark,
        ):
            diffs = [compare_table(duck, spark, t, ignore=("batch_id", "loaded_at")) for t in TABLES]

    print(f"## DuckDB and Spark on the same input (scale {scale:g}, synthetic geography)\n")
    print("| stage | DuckDB (s) | Spark local (s) | DuckDB result | Spark result |\n|---|---:|---:|---|---|")
    for a, b in zip(runs["duckdb"].outcomes, runs["spark"].outcomes, strict=True):
        shown = [", ".join(f"{k} {v}" for k, v in o.summary.items() if k != "site") for o in (a, b)]
        print(f"| {a.name} | {a.seconds:.1f} | {b.seconds:.1f} | {shown[0]} | {shown[1]} |")
    print(f"| **total (with session start)** | {walls['duckdb']:.0f} | {walls['spark']:.0f} | | |\n")
    print("| table | DuckDB rows | Spark rows | rows only in one (DuckDB / Spark) |\n|---|---:|---:|---|")
    for d in diffs:
        extra = "identical" if d.same else f"{d.count_only_left:,} / {d.count_only_right:,}"
        print(f"| {d.table} | {d.rows_left:,} | {d.rows_right:,} | {extra} |")
    print(
        "\nLinkage is statistical (EM and u sampling run in each engine's SQL), so people and links"
        " may differ by a few borderline pairs, and everything downstream with them;"
        " `tests/pipeline/test_spark_pipeline.py` checks that derive and indicators agree exactly"
        " on the same links."
    )


if __name__ == "__main__":
    main()
