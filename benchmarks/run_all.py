"""Run every benchmark and write ``benchmarks/RESULTS.md`` with the machine, date and versions.

Each ``benchmarks/bench_*.py`` is a script that prints a Markdown section to stdout; each
section is stamped with when it ran and how long it took. ``ATR_BENCH_ONLY=link,ingest`` runs
a subset and keeps the other sections of the existing file (machine facts are rewritten, so
run subsets on the same machine). Speed and memory targets are checked here, never in unit tests.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from atr.atomic import write_text_atomic

HERE = Path(__file__).resolve().parent
ORDER = [
    "synthetic",
    "ingest",
    "link",
    "identity",
    "derive",
    "evaluation",
    "evaluation_world",
    "evaluate_stage",
    "school_its",
    "indicators",
    "provision",
    "publish",
    "warehouse",
    "engines",
    "end_to_end",
    "platform",
    "directory",
    "workforce",
]


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


SECTION = re.compile(r"<!-- bench:(\w+) -->\n(.*?)<!-- /bench:\1 -->\n", re.S)


def kept_sections(results: Path) -> dict[str, str]:
    """Sections of an earlier RESULTS.md, by benchmark name, to keep when running a subset."""
    if not results.is_file():
        return {}
    return {m.group(1): m.group(2) for m in SECTION.finditer(results.read_text(encoding="utf-8"))}


def run_one(script: Path) -> str:
    print(f"running {script.name} …", file=sys.stderr)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    took = time.perf_counter() - started
    stamp = f"_Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {took:.0f} s including set-up._\n"
    if done.returncode != 0:
        return f"## {script.stem}\n\n{stamp}\nFAILED:\n\n```\n{done.stderr[-3000:]}\n```\n"
    body = done.stdout.strip()
    heading, _, rest = body.partition("\n")
    return f"{heading}\n\n{stamp}{rest}\n" if heading.startswith("#") else f"{stamp}\n{body}\n"


def main() -> None:
    only = {s for s in os.environ.get("ATR_BENCH_ONLY", "").split(",") if s}
    out = HERE / "RESULTS.md"
    sections = kept_sections(out) if only else {}
    for name in ORDER:
        script = HERE / f"bench_{name}.py"
        if script.exists() and (not only or name in only):
            sections[name] = run_one(script)
    body = (
        "# Benchmark results\n\nWritten by `make bench` (`benchmarks/run_all.py`); "
        "`ATR_BENCH_ONLY=link,engines make bench` re-runs some and keeps the others' sections.\n\n"
        + machine()
    )
    parts = [f"<!-- bench:{n} -->\n{sections[n]}<!-- /bench:{n} -->\n" for n in ORDER if n in sections]
    targets = [
        f"- **{n}**: {line.removeprefix('Target:').strip()}"
        for n in ORDER
        for line in sections.get(n, "").splitlines()
        if line.startswith("Target:")
    ]
    summary = "## Targets\n\n" + "\n".join(targets) + "\n\n" if targets else ""
    write_text_atomic(out, body + "\n" + summary + "\n".join(parts))
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
