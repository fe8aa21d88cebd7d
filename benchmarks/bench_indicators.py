"""Benchmark the indicator stage; prints a Markdown section.

The issue's target is the full catalogue over the scale-1.0 synthetic warehouse in under two
minutes. Until the derive stage's output at scale 1.0 is at hand, this builds derived tables
of that size synthetically (``tests/indicators/synthetic_derived.py``: ~500,000 child-years,
adult-years and modelled rows on the synthetic geography) and times ``run_indicators`` on them:
counting in DuckDB, statistics, trends, SII, disclosure control and the exports.

Usage: ``python benchmarks/bench_indicators.py [CHILD_YEAR_ROWS]`` (default 500,000).
If ``ATR_BENCH_WAREHOUSE`` names a warehouse that already holds derive's tables, that is timed
instead (a copy is not made: the run replaces its indicator tables).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atr.indicators.catalogue import load_catalogue  # noqa: E402
from atr.indicators.engine import run_indicators  # noqa: E402
from atr.warehouse import open_warehouse  # noqa: E402
from tests.indicators.synthetic_derived import load_synthetic_reference, write_derived  # noqa: E402

ROWS_PER_CHILD = 4.69
"""Child-years per synthetic child (six years; each child is 0-17 in about 4.7 of them)."""
TARGET_SECONDS = 120


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 500_000
    existing = os.environ.get("ATR_BENCH_WAREHOUSE")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if existing:
            warehouse = open_warehouse(Path(existing))
            build = 0.0
        else:
            warehouse = open_warehouse(folder / "bench.duckdb")
            os.environ["ATR_CACHE_DIR"] = str(folder / "cache")
            started = time.perf_counter()
            load_synthetic_reference(warehouse, folder / "reference")
            write_derived(warehouse, children=int(rows / ROWS_PER_CHILD), adults=int(rows / 40))
            build = time.perf_counter() - started
        with warehouse:
            child_years = warehouse.count("child_year")
            adult_years = warehouse.count("adult_year")
            catalogue = load_catalogue()
            started = time.perf_counter()
            run = run_indicators(warehouse, folder / "published", catalogue=catalogue)
            seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    verdict = "meets" if seconds < TARGET_SECONDS else "MISSES"
    print("## Indicators (`atr indicators`)\n")
    print(
        f"Input: {'warehouse ' + existing if existing else 'synthetic derived tables'}: "
        f"{child_years:,} child-years, {adult_years:,} adult-years (built in {build:.1f} s).\n"
    )
    print("| measure | value |")
    print("|---|---|")
    print(f"| indicators | {run.indicators} |")
    print(f"| financial years | {len(run.periods)} |")
    print(f"| published rows | {run.rows:,} |")
    print(f"| suppressed rows | {run.suppressed:,} ({100 * run.suppressed / max(run.rows, 1):.0f}%) |")
    print(f"| wall time | {seconds:.1f} s ({verdict} the {TARGET_SECONDS} s target) |")
    print(f"| peak memory (process) | {peak_mb:,.0f} MB |")
    print(f"| CPU cores | {os.cpu_count()} (load average {os.getloadavg()[0]:.1f} at the end) |")


if __name__ == "__main__":
    main()
