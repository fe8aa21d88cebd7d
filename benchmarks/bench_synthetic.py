"""Benchmark ``atr synth``: wall time, peak memory and calibration at one or more scales.

Run: ``.venv/bin/python benchmarks/bench_synthetic.py [--scales 0.1,1.0] [--reference-dir DIR]``.
Each scale runs in a fresh process (``/usr/bin/time -v`` where available, else
``resource.getrusage``) so peak memory is that run's alone; output is a markdown snippet for
``benchmarks/RESULTS.md``. The target (issue 3): scale 1.0 in under 10 minutes on 2 cores and
under 8 GB.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def run(scale: float, reference_dir: Path | None, seed: int) -> dict[str, str]:
    out = Path(tempfile.mkdtemp(prefix=f"atr-bench-synth-{scale}-"))
    command = [
        sys.executable,
        "-m",
        "atr",
        "synth",
        "--scale",
        str(scale),
        "--seed",
        str(seed),
        "--out",
        str(out),
    ]
    if reference_dir is not None:
        command += ["--reference-dir", str(reference_dir)]
    timer = ["/usr/bin/time", "-v"] if Path("/usr/bin/time").exists() else []
    env = {**os.environ, "ATR_QUIET": "1"}
    try:
        start = time.perf_counter()
        done = subprocess.run(timer + command, capture_output=True, text=True, env=env, cwd=REPO, check=True)
        seconds = time.perf_counter() - start
        peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
        peak_gb = f"{int(peak.group(1)) / 1e6:.2f}" if peak else "n/a"
        check = subprocess.run(
            [sys.executable, "-m", "atr", "synth", "--check", str(out)],
            capture_output=True,
            text=True,
            env={**env, "COLUMNS": "300"},
            cwd=REPO,
        )
        within = re.search(r"(\d+) of (\d+) targets within tolerance", check.stdout)
        return {
            "scale": str(scale),
            "seconds": f"{seconds:.0f}",
            "peak_gb": peak_gb,
            "output_mb": f"{_size(out) / 1e6:.0f}",
            "calibration": f"{within.group(1)}/{within.group(2)}" if within else "n/a",
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scales", default="0.1")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--reference-dir", type=Path, default=None)
    args = parser.parse_args()
    rows = [run(float(s), args.reference_dir, args.seed) for s in args.scales.split(",")]
    print(f"### atr synth ({os.cpu_count()} cores)\n")
    print("| scale | wall time (s) | peak memory (GB) | output (MB) | calibration targets within |")
    print("|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['scale']} | {r['seconds']} | {r['peak_gb']} | {r['output_mb']} | {r['calibration']} |")


if __name__ == "__main__":
    main()
