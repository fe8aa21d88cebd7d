"""Benchmark the warehouse engines side by side; prints a Markdown section.

The same operations on DuckDB and on Spark local mode (``$ATR_SPARK_MASTER``, default
``local[2]``): session start, ``write_arrow`` of ``ATR_BENCH_ROWS`` rows (default 500,000),
a ``CREATE TABLE … AS`` aggregation with a window function, an ``INSERT``, a transaction that
replaces two tables, an export, and the reference loader on the synthetic geography. Results of
the aggregation are compared between the engines.

Usage: ``python benchmarks/bench_warehouse.py``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atr.reference.loader import load_reference  # noqa: E402
from atr.reference.sources import ReferenceSource  # noqa: E402
from atr.reference.synthetic_geography import write_synthetic_reference  # noqa: E402
from atr.warehouse import DuckDBWarehouse, Warehouse  # noqa: E402

AGGREGATE = """
CREATE OR REPLACE TABLE by_area AS
SELECT area, band, count(*) AS n, avg(score) AS mean_score,
       rank() OVER (PARTITION BY band ORDER BY count(*) DESC, area) AS area_rank
FROM events GROUP BY area, band
"""


def events(rows: int) -> pa.Table:
    rng = np.random.default_rng(7)
    return pa.table(
        {
            "person_id": [f"p{i:08d}" for i in rng.integers(0, rows // 3, rows)],
            "area": [f"E01{i:06d}" for i in rng.integers(0, 1388, rows)],
            "band": rng.choice(["0-4", "5-10", "11-15", "16-17"], rows),
            "score": rng.normal(10, 3, rows),
        }
    )


def timed(results: dict[str, float], label: str, action: Any) -> Any:
    started = time.perf_counter()
    value = action()
    results[label] = time.perf_counter() - started
    return value


def run(
    engine: str, folder: Path, data: pa.Table, reference: ReferenceSource
) -> tuple[dict[str, float], Any]:
    results: dict[str, float] = {}
    if engine == "duckdb":
        wh: Warehouse = timed(results, "open (session start)", lambda: DuckDBWarehouse(folder / "wh.duckdb"))
    else:
        from atr.warehouse.spark_engine import SparkWarehouse

        wh = timed(results, "open (session start)", lambda: SparkWarehouse(folder / "wh.spark"))
    with wh:
        timed(results, f"write_arrow {data.num_rows:,} rows", lambda: wh.write_arrow("events", data))
        timed(results, "CREATE TABLE AS (GROUP BY + window)", lambda: wh.execute(AGGREGATE))
        timed(
            results,
            "INSERT … SELECT (1,000 rows)",
            lambda: wh.execute("INSERT INTO events SELECT * FROM events LIMIT 1000"),
        )

        def swap() -> None:
            with wh.transaction():
                wh.execute(
                    "CREATE OR REPLACE TABLE a AS SELECT area, count(*) AS n FROM events GROUP BY area"
                )
                wh.execute(
                    "CREATE OR REPLACE TABLE b AS SELECT band, sum(score) AS s FROM events GROUP BY band"
                )

        timed(results, "transaction replacing two tables", swap)
        timed(
            results,
            "export_parquet (aggregate)",
            lambda: wh.export_parquet("by_area", folder / f"{engine}.parquet"),
        )
        timed(results, "reference load (synthetic geography)", lambda: load_reference(wh, reference))
        answer = wh.rows(
            "SELECT band, sum(n) AS n, round(avg(mean_score), 6) AS m FROM by_area GROUP BY band ORDER BY band"
        )
    return results, answer


def main() -> None:
    rows = int(os.environ.get("ATR_BENCH_ROWS", "500000"))
    data = events(rows)
    with tempfile.TemporaryDirectory() as tmp:
        reference = ReferenceSource("explicit", write_synthetic_reference(Path(tmp) / "reference"))
        duck, duck_answer = run("duckdb", Path(tmp), data, reference)
        spark, spark_answer = run("spark", Path(tmp), data, reference)
    master = os.environ.get("ATR_SPARK_MASTER", "local[2]")
    print(f"## Warehouse engines: DuckDB vs Spark ({master})\n")
    print("| operation | DuckDB (s) | Spark (s) | Spark ÷ DuckDB |")
    print("|---|---:|---:|---:|")
    for label, seconds in duck.items():
        ratio = spark[label] / seconds if seconds > 0 else float("nan")
        print(f"| {label} | {seconds:.2f} | {spark[label]:.2f} | {ratio:.0f}× |")
    print(f"| **total** | {sum(duck.values()):.2f} | {sum(spark.values()):.2f} | |")
    same = "identical" if duck_answer == spark_answer else "DIFFERENT"
    print(f"\nAggregation results on both engines: **{same}**.")


if __name__ == "__main__":
    main()
