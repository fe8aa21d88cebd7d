"""The evaluation against synthetic truth through the whole pipeline, seed after seed.

Issue 18's "done when", on the synthetic *world* rather than the methods' simulator
(``bench_evaluation.py``): for each seed, ``atr synth`` at scale 0.1 writes partner extracts
and the programme truth (``truth/programme_effects.csv``); the pipeline ingests, derives and
evaluates them with its own stages (stopping after evaluate: no site is needed), and the
evaluate stage compares each estimate with the truth (``evaluation_truth_comparison``).
Recording, the frame's windows and selection into the programmes are all in the way. By
default link's tables are written from the truth (``atr.truth.write_perfect_linkage``), so the
check measures the evaluation; Splink's own errors are measured by ``bench_link.py``, and
``ATR_BENCH_WORLD_LINKAGE=splink`` runs the link stage as ``atr link`` does (four times slower).

Reported per programme, outcome and window: how many of the seeds' matched 95% intervals hold
the true effect, how often the no-effect programme is "found effective", and the naive
comparison's bias beside the matched one's; and the largest |SMD| after matching per programme.

Usage: ``python benchmarks/bench_evaluation_world.py`` (``ATR_BENCH_SEEDS=10``,
``ATR_BENCH_WORLD_SCALE=0.1``, ``ATR_BENCH_WORLD_LINKAGE=perfect``; ``ATR_BENCH_WORLD_KEEP=DIR``
keeps each seed's world, warehouse and results in DIR: a run stopped part-way resumes, a second
run reports the kept results (``ATR_BENCH_WORLD_REEVALUATE=1``: evaluates the same worlds again,
in minutes), and ``ATR_BENCH_WORLD_ONLY=2,4`` runs some seeds, so two processes can share them).
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from synthetic_world import synthetic_world_project

from atr.console import console
from atr.context import ProjectContext
from atr.pipeline.run import run_config
from atr.project import ProjectConfig
from atr.warehouse import open_warehouse

LINKAGE = os.environ.get("ATR_BENCH_WORLD_LINKAGE", "perfect")
"""``perfect`` (link's tables written from the truth: the default, which measures the evaluation
and is four times quicker) or ``splink`` (the pipeline exactly as it runs)."""
LINKAGE_SAID = {"splink": "Splink, as `atr link`", "perfect": "written from the truth"}
NO_EFFECT = "MENTR"
"""The programme the generator gives no effect (atr/synthetic/programme.py)."""


def one_seed(seed: int, scale: float, work: Path) -> tuple[pd.DataFrame, pd.DataFrame, float]:
    """Synthesise, run to evaluate, and read the comparison with truth and the balance table.

    In a kept folder, what is already there is reused: the extracts, and the stages up to derive
    (the pipeline skips those whose inputs did not change); evaluate always runs again, so a
    change to the evaluation is measured on the same worlds in minutes rather than hours. The
    seconds reported are those of the first, whole run.
    """
    out = work / f"project-{LINKAGE}"
    timing = out / "seconds.txt"
    started = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        console.file = sys.stderr
        config = synthetic_world_project(work, scale=scale, seed=seed, project=f"project-{LINKAGE}")
        if LINKAGE == "perfect":
            run_with_perfect_linkage(config)
        else:
            run_config(config, until="derive")
            run_config(config, from_stage="evaluate", until="evaluate")
        console.file = sys.stdout
    if not timing.is_file():
        timing.write_text(f"{time.perf_counter() - started:.1f}")
    with open_warehouse(config.warehouse, read_only=True) as wh:
        compared = wh.query("SELECT * FROM evaluation_truth_comparison").to_pandas()
        balance = wh.query("SELECT * FROM evaluation_balance").to_pandas()
    compared.to_csv(out / "comparison.csv", index=False)
    balance.to_csv(out / "balance.csv", index=False)
    return compared.assign(seed=seed), balance.assign(seed=seed), float(timing.read_text())


def kept_results(seed: int, work: Path) -> tuple[pd.DataFrame, pd.DataFrame, float] | None:
    """A kept seed's results, unless ``ATR_BENCH_WORLD_REEVALUATE`` asks to evaluate again."""
    out = work / f"project-{LINKAGE}"
    if os.environ.get("ATR_BENCH_WORLD_REEVALUATE") or not (out / "comparison.csv").is_file():
        return None
    took = float((out / "seconds.txt").read_text())
    return (
        pd.read_csv(out / "comparison.csv").assign(seed=seed),
        pd.read_csv(out / "balance.csv").assign(seed=seed),
        took,
    )


def run_with_perfect_linkage(config: ProjectConfig) -> None:
    """The pipeline's own stages up to evaluate, with link's tables written from the truth.

    Linkage is measured on its own (``bench_link.py``); with it perfect, what remains between
    an interval and the truth is recording, the frame and the evaluation itself.
    """
    from atr.pipeline.stages import STAGES, RunContext, reference_source_for
    from atr.truth import write_perfect_linkage

    done = config.warehouse.parent / "derived"
    with ProjectContext(config) as project:
        ctx = RunContext(project, project.key(), reference_source_for(config), config.truth_dir)
        wh = project.warehouse()
        for stage in STAGES:
            if done.is_file() and stage.name != "evaluate":
                continue
            started = time.perf_counter()
            if stage.name == "link":
                assert ctx.truth_dir is not None
                write_perfect_linkage(wh, ctx.truth_dir, ctx.key)
            else:
                stage.action(wh, ctx)
            took = time.perf_counter() - started
            print(f"{stage.name}: {took:.1f} s", file=sys.stderr, flush=True)
            (config.warehouse.parent / f"{stage.name}_seconds.txt").write_text(f"{took:.1f}")
            if stage.name == "derive":
                done.write_text("yes")
            if stage.name == "evaluate":
                break


def all_seeds(seeds: int, scale: float) -> tuple[pd.DataFrame, pd.DataFrame, list[float]]:
    """Every seed's results, in a kept folder (``ATR_BENCH_WORLD_KEEP``) or a temporary one."""
    keep = os.environ.get("ATR_BENCH_WORLD_KEEP")
    comparisons, balances, seconds = [], [], []
    only = os.environ.get("ATR_BENCH_WORLD_ONLY")
    chosen = [int(s) for s in only.split(",")] if only else range(1, seeds + 1)
    for seed in chosen:
        print(f"seed {seed} of {seeds} at scale {scale:g} …", file=sys.stderr, flush=True)
        with contextlib.ExitStack() as stack:
            work = (
                Path(keep) / f"scale{scale:g}-seed{seed}"
                if keep
                else Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="atr-bench-world-")))
            )
            found = kept_results(seed, work) if keep else None
            compared, balance, took = found or one_seed(seed, scale, work)
        comparisons.append(compared)
        balances.append(balance)
        seconds.append(took)
    return pd.concat(comparisons, ignore_index=True), pd.concat(balances, ignore_index=True), seconds


def allowed_false_findings(seeds: int) -> int:
    """How many of ``seeds`` 5%-level tests may reject a true null before it is suspicious: the
    binomial(seeds, 0.05) mean plus two standard deviations (2 of 10), as in bench_evaluation."""
    return int(max(1, round(0.05 * seeds + 2 * (0.05 * 0.95 * seeds) ** 0.5)))


def chance_below_nine(seeds: int) -> float:
    """The chance that exactly calibrated 95% intervals hold the truth in fewer than 9 of 10."""
    return float(1 - 0.95**seeds - seeds * 0.05 * 0.95 ** (seeds - 1))


def below_ninety(n: int) -> float:
    """The chance that calibrated 95% intervals hold the truth in fewer than 90% of ``n``."""
    from scipy.stats import binom

    return float(binom.cdf(math.ceil(0.9 * n) - 1, n, 0.95))


def report(compared: pd.DataFrame, balance: pd.DataFrame, seconds: list[float], scale: float) -> str:
    seeds = int(compared["seed"].nunique())
    with_interval = compared[compared["lower_95"].notna()]
    matched = with_interval[with_interval["method"] == "matched_did"]
    naive = with_interval[with_interval["method"] == "naive"]
    lines = [
        "| programme | outcome | months | true effect (mean) | matched: intervals holding truth | "
        "matched bias | naive bias | naive: intervals holding truth | found effective (≠ 0) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    short, pooled_short, null_over = [], [], []
    allowed = allowed_false_findings(seeds)
    for (code, outcome, window), cell in matched.groupby(["programme_code", "outcome", "window_months"]):
        held, n = int(cell["holds_truth"].sum()), len(cell)
        significant = int(((cell["lower_95"] > 0) | (cell["upper_95"] < 0)).sum())
        same = naive[
            (naive["programme_code"] == code)
            & (naive["outcome"] == outcome)
            & (naive["window_months"] == window)
        ]
        if held < 0.9 * n:
            short.append(f"{code} {outcome} {window} months ({held}/{n})")
        if code == NO_EFFECT and significant > allowed:
            null_over.append(f"{outcome} {window} months ({significant}/{n})")
        naive_bias = (same["estimate"] - same["true_effect"]).mean() if len(same) else float("nan")
        lines.append(
            f"| {code} | {outcome} | {window} | {cell['true_effect'].mean():+.4f} | {held}/{n} | "
            f"{(cell['estimate'] - cell['true_effect']).mean():+.4f} | {naive_bias:+.4f} | "
            f"{int(same['holds_truth'].sum())}/{len(same)} | {significant}/{n} |"
        )
    for (code, outcome), cell in matched.groupby(["programme_code", "outcome"]):
        if cell["holds_truth"].mean() < 0.9:
            pooled_short.append(f"{code} {outcome} ({int(cell['holds_truth'].sum())}/{len(cell)})")
    worst = balance.assign(a=balance["smd_after"].abs()).groupby("programme_code")["a"].max()
    coverage = matched["holds_truth"].mean()
    naive_coverage = naive["holds_truth"].mean() if len(naive) else float("nan")
    matched_error = (matched["estimate"] - matched["true_effect"]).abs().mean()
    naive_error = (naive["estimate"] - naive["true_effect"]).abs().mean()
    held_all = int(matched["holds_truth"].sum())
    expected = 0.95 * len(matched)
    z = (held_all - expected) / (len(matched) * 0.95 * 0.05) ** 0.5
    pooled_chance = below_ninety(seeds * 3)
    met = not pooled_short and not null_over and naive_error > 2 * matched_error and worst.max() <= 0.1
    out = [
        f"## Evaluation against synthetic truth through the pipeline, {seeds} seeds at scale {scale:g}, "
        f"{LINKAGE} linkage\n",
        f"Each seed: `atr synth --scale {scale:g} --seed N`, then ingest, link ({LINKAGE_SAID[LINKAGE]}), "
        f"derive and evaluate as `atr run` does ({sum(seconds) / len(seconds) / 60:.1f} min per seed on average, "
        f"{min(seconds) / 60:.1f}-{max(seconds) / 60:.1f}). Estimates come from linked, recorded "
        "data; the truth from the simulated world before and after the programmes ran.\n",
        f"- Matched difference in differences: {coverage:.1%} of {len(matched)} 95% intervals hold the "
        f"true effect (mean |error| {matched_error:.4f}); naive: {naive_coverage:.1%} of {len(naive)} "
        f"(mean |error| {naive_error:.4f}).",
        "- Largest |SMD| after matching per programme over the seeds: "
        + ", ".join(f"{code} {value:.3f}" for code, value in worst.items())
        + ".",
        f"- Programme × outcome (all windows pooled) below 90%: {', '.join(pooled_short) or 'none'}.",
        f"- Programme × outcome × window below 9/{seeds}: {', '.join(short) or 'none'} "
        f"(of {len(lines) - 2} cells; exactly calibrated intervals fall below 9/{seeds} in a cell with "
        f"probability {chance_below_nine(seeds):.1%}, so about "
        f"{chance_below_nine(seeds) * (len(lines) - 2):.1f} such cells are expected by chance).",
        f"- Calibration: {held_all} of {len(matched)} matched intervals hold the truth where 95% "
        f"intervals would hold {expected:.1f} (z = {z:+.2f}). Calibrated intervals would leave "
        f"{pooled_chance:.1%} of programme × outcome pairs ({len(matched[['programme_code', 'outcome']].drop_duplicates())} here) below 90% over "
        f"{seeds * 3} intervals by chance, so the chance that every pair passes is "
        f"{(1 - pooled_chance) ** len(matched[['programme_code', 'outcome']].drop_duplicates()):.0%}.",
        f"- {NO_EFFECT} (no true effect) found effective in more than {allowed}/{seeds} seeds: "
        f"{', '.join(null_over) or 'never'}.\n",
        *lines,
        "",
        f"Target: {seeds} seeds at scale {scale:g} through the pipeline ({LINKAGE} linkage): for each programme and outcome "
        "≥ 90% of the matched 95% intervals hold the truth, the no-effect programme found effective in "
        f"at most {allowed}/{seeds} seeds per outcome and window, the naive error at least twice the "
        f"matched one, every |SMD| after matching ≤ 0.1 — {'met' if met else 'NOT met'}.",
    ]
    return "\n".join(out)


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    seeds = int(os.environ.get("ATR_BENCH_SEEDS", "10"))
    scale = float(os.environ.get("ATR_BENCH_WORLD_SCALE", "0.1"))
    compared, balance, seconds = all_seeds(seeds, scale)
    print(report(compared, balance, seconds, scale))


if __name__ == "__main__":
    main()
