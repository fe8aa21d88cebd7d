"""Benchmark the derive stage; prints a Markdown section.

Times ``atr.derive.run.run_derive`` step by step on a linked warehouse, and, when the warehouse
came from ``atr synth``, compares the results with the synthetic truth (recorded vs true
prevalence, capture-recapture interval vs the true number of adults with multiple disadvantage).

Usage:

- ``python benchmarks/bench_derive.py WAREHOUSE [SYNTH_DIR KEY_FILE]``: time derive on a copy of
  an existing linked warehouse (the original is not touched); with the synthetic folder and the
  ingest key, add the truth comparison;
- ``python benchmarks/bench_derive.py``: build one first at ``ATR_BENCH_SCALE`` (default 0.1)
  with ``atr synth`` → ``atr reference load`` → ``atr ingest`` → ``atr link`` in a temporary
  folder (several minutes), then as above. Needs ``../shared/data/reference`` for the real
  geography (else synthetic geography) and finds the Children's Commissioner files beside it.
"""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atr.derive.run import run_derive  # noqa: E402
from atr.pipeline.demo import demo_derive_settings  # noqa: E402
from atr.pseudonymise import load_key  # noqa: E402
from atr.truth import compare_with_truth  # noqa: E402
from atr.warehouse import open_warehouse  # noqa: E402

SHARED = (REPO / ".." / "shared").resolve()


def _atr(*args: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "atr", *args],
        check=True,
        cwd=REPO,
        env={**os.environ, "ATR_QUIET": "1"},
        stdout=subprocess.DEVNULL,
    )


def build_linked(folder: Path, scale: float) -> tuple[Path, Path, Path]:
    """synth → reference → ingest → link; returns (warehouse, synth folder, key file)."""
    synth, key, warehouse = folder / "synth", folder / "key", folder / "atr.duckdb"
    reference = SHARED / "data" / "reference"
    ref_args = ["-r", str(reference)] if reference.is_dir() else []
    _atr("synth", "--scale", str(scale), "--seed", "7", "--out", str(synth), *ref_args)
    _atr("key", "new", str(key))
    postcodes = ["--postcode-directory", str(synth / "reference" / "wy_postcode_lsoa.csv")]
    _atr("reference", "load", *ref_args, *postcodes, "-w", str(warehouse))
    _atr("ingest", str(synth / "extract"), "-w", str(warehouse), "-k", str(key))
    _atr("link", "-w", str(warehouse))
    return warehouse, synth, key


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    scale = float(os.environ.get("ATR_BENCH_SCALE", "0.1"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if len(sys.argv) > 1:
            source = Path(sys.argv[1])
            synth = Path(sys.argv[2]) if len(sys.argv) > 2 else None
            key = Path(sys.argv[3]) if len(sys.argv) > 3 else None
            label = f"`{source.name}`"
        else:
            started = time.perf_counter()
            source, synth, key = build_linked(folder / "built", scale)
            label = f"synthetic scale {scale} (built in {time.perf_counter() - started:.0f} s)"
        copy = folder / "bench.duckdb"
        shutil.copy(source, copy)
        with open_warehouse(copy) as warehouse:
            started = time.perf_counter()
            # synthetic data: the demo's settings (the world's own homelessness coverage, 0.75)
            result = run_derive(warehouse, demo_derive_settings())
            total = time.perf_counter() - started
            peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            report = compare_with_truth(warehouse, synth, load_key(key)) if synth and key else None
    print(f"## Derive ({label})\n")
    print(f"Total {total:.1f} s, peak memory {peak_mb:,.0f} MB; 2-core machine shared with other jobs.\n")
    print("| step | seconds |\n|---|---|")
    for step, seconds in result.seconds.items():
        print(f"| {step} | {seconds:.1f} |")
    print("\n| table | rows |\n|---|---|")
    for name, rows in (
        ("adversity_event", result.events),
        ("child_year", result.child_years),
        ("adult_year", result.adult_years),
        ("modelled_toxic_trio", result.modelled_rows),
        ("hidden_need", result.hidden_need_rows),
        ("capture_recapture", result.capture_recapture_rows),
    ):
        print(f"| {name} | {rows:,} |")
    if report is None:
        return

    def n(value: int | None) -> str:
        return "–" if value is None else f"{value:,}"

    print("\n### Recorded vs true prevalence (2023/24; – = the truth holds no true state)\n")
    print("| subject | category | true | recorded (truth) | derived | derived and true |")
    print("|---|---|---|---|---|---|")
    for row in report.categories:
        if row["financial_year"] == "2023/24":
            print(
                f"| {row.get('subject', 'child')} | {row['category']} | {n(row['true_count'])} | "
                f"{n(row['truth_recorded'])} | {n(row['derived_recorded'])} | {n(row['derived_and_true'])} |"
            )
    print("\n### Adults with multiple disadvantage: truth vs capture-recapture\n")
    print(
        "| year | true 2+ | recorded 2+ | estimate | 95% interval | contains truth |\n|---|---|---|---|---|---|"
    )
    for row in report.multiple_disadvantage:
        interval = "–" if row["crc_lower"] is None else f"{row['crc_lower']:,.0f}–{row['crc_upper']:,.0f}"
        estimate = "–" if row["crc_estimate"] is None else f"{row['crc_estimate']:,.0f}"
        print(
            f"| {row['financial_year']} | {row['true_two_plus']:,} | {row['recorded_two_plus']:,} | {estimate} | "
            f"{interval} | {row['crc_contains_truth']} |"
        )


if __name__ == "__main__":
    main()
