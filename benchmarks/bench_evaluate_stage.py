"""Time the whole ``atr evaluate`` stage on a synthetic world; prints a Markdown section.

Issue 18's speed target: ``atr evaluate`` at full West Yorkshire scale (about 60,000
participants; comparison pools of hundreds of thousands per programme) within five minutes on
two cores. This times the stage as ``atr evaluate`` runs it (frame SQL, progress, cohorts,
matching with the specification sequence, effects, the whole-school comparison, published
tables) on a world that has been through ingest, link and derive:

- by default it synthesises one (``ATR_BENCH_STAGE_SCALE``, default 1.0: about 2.3 million
  people, some 20 minutes and 8 GB before the stage even starts; ``ATR_BENCH_STAGE_KEEP=DIR``
  keeps it, and a second run reuses it);
- ``ATR_BENCH_STAGE_PROJECT=path/to/atr.toml`` times it on a project already derived (an
  ``atr demo --scale S`` folder, say), with ``ATR_BENCH_STAGE_SCALE=S`` saying its scale.

Below scale 1 it also states the full-scale time extrapolated in proportion to the frame's
rows (the stage's SQL and methods grow about linearly in them), labelled as such.

Usage: ``python benchmarks/bench_evaluate_stage.py``.
"""

from __future__ import annotations

import contextlib
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from synthetic_world import synthetic_world_project

from atr import api
from atr.console import console
from atr.pipeline.run import run_config

TARGET_SECONDS = 300
SEED = 7


def derived_world(scale: float, work: Path) -> Path:
    """A synthetic world at ``scale`` through derive (reused if ``work`` holds one); its warehouse
    (the stage then runs with the default ``[evaluate]`` settings, as the demo's project has)."""
    with contextlib.redirect_stdout(sys.stderr):
        console.file = sys.stderr
        config = synthetic_world_project(work, scale=scale, seed=SEED, project="project")
        run_config(config, until="derive")
        console.file = sys.stdout
    return Path(config.warehouse)


def cpu_seconds() -> float:
    """CPU time of this process so far, every thread (DuckDB's too), user and system."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def time_stage(
    *, project: Path | None = None, warehouse: Path | None = None
) -> tuple[float, float, int, int, float, float]:
    """Wall-clock and CPU seconds of ``atr evaluate`` on ``project`` (or ``warehouse``), its
    participants and frame rows, and the machine's one-minute load average before and after.
    On a shared machine the CPU seconds say more: the wall clock also counts waiting for others."""
    load_before = os.getloadavg()[0]
    started, cpu = time.perf_counter(), cpu_seconds()
    with contextlib.redirect_stdout(sys.stderr):
        result = api.evaluate(project=project, warehouse=warehouse)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    return seconds, cpu, result.participants, result.frame_rows, load_before, os.getloadavg()[0]


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    scale = float(os.environ.get("ATR_BENCH_STAGE_SCALE", "1.0"))
    given = os.environ.get("ATR_BENCH_STAGE_PROJECT")
    with contextlib.ExitStack() as stack:
        if given:
            timed = time_stage(project=Path(given))
        else:
            keep = os.environ.get("ATR_BENCH_STAGE_KEEP")
            work = (
                Path(keep) / f"scale{scale:g}-seed{SEED}"
                if keep
                else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="atr-bench-stage-")))
            )
            timed = time_stage(warehouse=derived_world(scale, work))
    seconds, cpu, participants, rows, load_before, load_after = timed
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    verdict = "met" if seconds <= TARGET_SECONDS else "NOT met"
    print(f"## The `atr evaluate` stage at scale {scale:g} (`bench_evaluate_stage.py`)\n")
    print(
        f"Target: `atr evaluate` at full scale within {TARGET_SECONDS} s on two cores — at scale "
        f"{scale:g}: {seconds:.0f} s, {verdict if scale >= 1 else 'not measured at full scale'}.\n"
    )
    print(
        f"- Synthetic world at scale {scale:g} (seed {SEED}), derived: {participants:,} participants, "
        f"`evaluation_frame` {rows:,} rows; the stage took {seconds:.1f} s ({cpu:.1f} s of CPU, all "
        f"threads; peak memory of the process "
        f"{peak_gb:.1f} GB; one-minute load average {load_before:.1f} before, {load_after:.1f} after, "
        f"on {os.cpu_count()} cores)."
    )
    if scale < 1:
        print(
            f"- Extrapolated, not measured: in proportion to the frame's rows, about "
            f"{seconds / scale:.0f} s at full scale ({rows / scale:,.0f} rows; {cpu / scale:.0f} s of CPU)."
        )


if __name__ == "__main__":
    main()
