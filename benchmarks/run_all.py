"""Run every benchmark and write ``benchmarks/RESULTS.md`` with the machine, date and versions.

Each ``benchmarks/bench_*.py`` is a script that prints a Markdown section to stdout. Set
``ATR_BENCH_SCALE`` (default 0.1) to choose the synthetic scale; ``ATR_BENCH_ONLY=link,ingest``
to run a subset. Speed and memory targets are checked here, never in unit tests.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["synthetic", "ingest", "link", "derive", "indicators", "publish", "warehouse", "end_to_end"]


def machine() -> str:
    mem_kb = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    packages = ", ".join(
        f"{name} {version(name)}" for name in ("duckdb", "splink", "pyarrow", "pyspark", "vl-convert-python")
    )
    return (
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC\n"
        f"- Machine: {platform.machine()}, {os.cpu_count()} cores, {mem_kb / 1024 / 1024:.0f} GiB memory, "
        f"{platform.platform()}\n"
        f"- Python {platform.python_version()}; {packages}\n"
    )


def main() -> None:
    only = {s for s in os.environ.get("ATR_BENCH_ONLY", "").split(",") if s}
    sections = []
    for name in ORDER:
        script = HERE / f"bench_{name}.py"
        if not script.exists() or (only and name not in only):
            continue
        print(f"running {script.name} …", file=sys.stderr)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
        took = time.perf_counter() - started
        if done.returncode != 0:
            sections.append(f"## {name}\n\nFAILED after {took:.0f} s:\n\n```\n{done.stderr[-3000:]}\n```\n")
        else:
            sections.append(done.stdout.strip() + "\n")
    body = "# Benchmark results\n\nWritten by `make bench` (`benchmarks/run_all.py`).\n\n" + machine()
    out = HERE / "RESULTS.md"
    out.write_text(body + "\n" + "\n".join(sections), encoding="utf-8")
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
