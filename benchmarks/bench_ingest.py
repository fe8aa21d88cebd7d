"""Benchmark the ingest stage; prints a Markdown section.

The issue's target: the scale-1.0 synthetic extract (all datasets) ingests in under five minutes
on two cores. This times ``atr.ingest.runner.run_ingest`` on a synthetic extract in a fresh
warehouse (postcode directory loaded first, as ``atr demo`` does), then a second, identical run
(the idempotent re-run, which replaces everything), and the per-value cost of the HMAC.

Usage:

- ``python benchmarks/bench_ingest.py SYNTH_DIR``: ingest ``SYNTH_DIR/extract`` (an ``atr synth``
  output folder) with ``SYNTH_DIR/reference/wy_postcode_lsoa.csv`` as the postcode directory;
- ``python benchmarks/bench_ingest.py``: first run ``atr synth`` at ``ATR_BENCH_SCALE`` (default
  0.1) into a temporary folder, then as above.

Wall time depends on what else the machine is doing; CPU time (all threads) is printed beside it.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("ATR_QUIET", "1")

from atr.ingest.runner import run_ingest  # noqa: E402
from atr.pseudonymise import load_key  # noqa: E402
from atr.reference.loader import load_reference  # noqa: E402
from atr.reference.sources import resolve_reference_source  # noqa: E402
from atr.warehouse import open_warehouse  # noqa: E402


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def synthesise(folder: Path, scale: float) -> Path:
    """``atr synth`` at ``scale`` (the Python API if the command is not there yet)."""
    out = folder / "synth"
    command = [sys.executable, "-m", "atr", "synth", "--scale", str(scale), "--seed", "7", "--out", str(out)]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        from atr.synthetic.generator import generate

        generate(out, scale=scale, seed=7)
    return out


def timed_ingest(warehouse: Path, extract: Path) -> tuple[float, float, object]:
    key = load_key(None, allow_throwaway=True)
    wall, cpu = time.perf_counter(), _cpu()
    with open_warehouse(warehouse) as wh:
        report = run_ingest(wh, extract, key, warehouse_label=str(warehouse))
    return time.perf_counter() - wall, _cpu() - cpu, report


def hmac_cost(n: int = 1_000_000) -> float:
    key = load_key(None, allow_throwaway=True)
    values = [f"P{i:08d}" for i in range(n)]
    start = time.perf_counter()
    for value in values:
        key.person_id("csc", "383", value)
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="atr-bench-ingest-") as tmp:
        if len(sys.argv) > 1:
            synth = Path(sys.argv[1])
            scale_label = "given folder"
        else:
            scale = float(os.environ.get("ATR_BENCH_SCALE", "0.1"))
            synth = synthesise(Path(tmp), scale)
            scale_label = f"{scale:g}"
        extract = synth / "extract"
        warehouse = Path(tmp) / "atr.duckdb"
        with open_warehouse(warehouse) as wh:
            load_reference(wh, resolve_reference_source(None), synth / "reference" / "wy_postcode_lsoa.csv")
        size = sum(p.stat().st_size for p in extract.rglob("*") if p.is_file())
        first_wall, first_cpu, report = timed_ingest(warehouse, extract)
        second_wall, second_cpu, _ = timed_ingest(warehouse, extract)
        per_value = hmac_cost()
    tables = report.tables  # type: ignore[attr-defined]
    rows = sum(t.rows_read for t in tables)
    accepted = sum(t.rows_accepted for t in tables)
    quarantined = sum(t.rows_quarantined for t in tables)
    rejected = sum(t.status == "rejected" for t in tables)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("## Ingest (`atr ingest`)\n")
    print(
        f"Synthetic extract: scale {scale_label}, {len(tables)} files ({rejected} rejected), "
        f"{size / 1e6:,.0f} MB; {os.cpu_count()} CPUs; load average at the end "
        f"{os.getloadavg()[0]:.1f}.\n"
    )
    print("| run | rows read | accepted | quarantined | wall (s) | CPU (s) | rows/s (wall) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, wall, cpu in (
        ("first load", first_wall, first_cpu),
        ("re-run (replace)", second_wall, second_cpu),
    ):
        print(
            f"| {name} | {rows:,} | {accepted:,} | {quarantined:,} | {wall:.1f} | {cpu:.1f} | {rows / wall:,.0f} |"
        )
    print(
        f"\nPeak memory {peak:,.0f} MB. HMAC-SHA-256 pseudonym: {per_value:.2f} µs a value "
        "(each distinct value is hashed once)."
    )
    print(
        f"Target: scale 1.0 in under 300 s on 2 cores — {'met' if first_wall < 300 else 'NOT met'} "
        f"for this run ({first_wall:.0f} s)."
    )


if __name__ == "__main__":
    main()
