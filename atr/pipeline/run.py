"""Run the stages a project file describes, in order, skipping what is already up to date.

One Rich progress display spans the run; every stage's outcome goes to a run log (JSON lines
beside the warehouse) and to the summary printed at the end. A stage records its fingerprint
only after it succeeds, so a killed run simply re-runs that stage next time; each stage writes
inside warehouse transactions and the site is swapped in atomically, so the previous warehouse
and site stay consistent.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.table import Table

from atr.console import console, progress
from atr.context import ProjectContext
from atr.errors import StageError, UsageError
from atr.pipeline.stages import STAGE_ORDER, STAGES, RunContext, chained_fingerprints, reference_source_for
from atr.project import ProjectConfig

FIXES = {
    "reference": "check the reference folder (`atr reference status`) or remove reference_dir to use synthetic geography",
    "ingest": "read the ingest report beside the warehouse; fix or remove the extract named above",
    "link": "check that ingest accepted person files (`atr ingest` report) and the [link] settings",
    "derive": "re-run `atr link`; derive needs entity, household_link and the content tables",
    "evaluate": "re-run `atr derive`; check the programme list and cohorts YAML named above",
    "indicators": "re-run `atr derive`; check the indicator catalogue YAML named above",
    "provision": "check the [provision] directory (a folder of services-page-N.json or a live API address) named above",
    "publish": "re-run `atr indicators`; check that the output folder is writable",
}


@dataclass
class StageOutcome:
    name: str
    status: str  # ran | skipped
    seconds: float
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunSummary:
    outcomes: list[StageOutcome]
    warehouse: Path
    site: Path
    log: Path

    @property
    def seconds(self) -> float:
        return sum(o.seconds for o in self.outcomes)


def _log(path: Path, event: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as handle:
        handle.write(json.dumps({"at": datetime.now(UTC).isoformat(timespec="seconds"), **event}) + "\n")


def run_config(
    config: ProjectConfig,
    *,
    force: bool = False,
    from_stage: str | None = None,
    truth_dir: Path | None = None,
    allow_partial: bool = False,
    until: str | None = None,
) -> RunSummary:
    """Run every stage for a project configuration built in code (the demo, benchmarks).

    ``until`` stops after that stage (a benchmark that needs the warehouse, not the site).
    """
    with ProjectContext(config) as project:
        return run_context(
            project,
            force=force,
            from_stage=from_stage,
            truth_dir=truth_dir,
            allow_partial=allow_partial,
            until=until,
        )


def run_context(
    project: ProjectContext,
    *,
    force: bool = False,
    from_stage: str | None = None,
    truth_dir: Path | None = None,
    allow_partial: bool = False,
    until: str | None = None,
) -> RunSummary:
    """Run every stage of a loaded project: its warehouse opened once, its key loaded once.

    A run whose ingest rejected files stops after ingest (exit status 1) and publishes nothing,
    unless ``allow_partial``: then it goes on, and every published page carries a banner naming
    the partners whose newest extract is not in force.
    """
    config = project.config
    if from_stage is not None and from_stage not in STAGE_ORDER:
        raise UsageError(f"unknown stage '{from_stage}'", hint=f"one of {', '.join(STAGE_ORDER)}")
    if until is not None and until not in STAGE_ORDER:
        raise UsageError(f"unknown stage '{until}'", hint=f"one of {', '.join(STAGE_ORDER)}")
    if not config.extracts:
        raise UsageError("the project file names no extracts", hint='add extracts = ["path/to/extract"]')
    ctx = RunContext(project, project.key(), reference_source_for(config), truth_dir or config.truth_dir)
    log = ctx.work_dir / "runs" / "run-log.jsonl"
    start_index = STAGE_ORDER.index(from_stage) if from_stage else 0
    fingerprints = chained_fingerprints(ctx)
    outcomes: list[StageOutcome] = []
    _log(log, {"event": "run_started", "from": from_stage, "force": force})
    wh = project.warehouse()
    with progress(transient=False) as bar:
        overall = bar.add_task("Run", total=len(STAGES))
        for index, stage in enumerate(STAGES):
            bar.update(overall, description=f"Run: {stage.name}")
            done = wh.get_meta(f"stage:{stage.name}")
            if index < start_index:
                if done is None:
                    raise UsageError(f"cannot start from '{from_stage}': stage '{stage.name}' has never run")
                outcomes.append(StageOutcome(stage.name, "skipped", 0.0, done.get("summary", {})))
            elif (
                not force
                and from_stage is None
                and done
                and done.get("fingerprint") == fingerprints[stage.name]
                and stage.outputs_present(ctx)
            ):
                outcomes.append(StageOutcome(stage.name, "skipped", 0.0, done.get("summary", {})))
            else:
                started = time.perf_counter()
                try:
                    summary = stage.action(wh, ctx)
                except StageError as exc:
                    _log(log, {"event": "stage_failed", "stage": stage.name, "error": str(exc)})
                    raise
                except Exception as exc:  # any other failure is reported as the stage's, with its input
                    problem = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
                    _log(log, {"event": "stage_failed", "stage": stage.name, "error": problem})
                    raise StageError(
                        stage.name, f"{problem} (input: {stage.inputs(ctx)})", fix=FIXES[stage.name]
                    ) from exc
                seconds = time.perf_counter() - started
                wh.set_meta(
                    f"stage:{stage.name}",
                    {
                        "fingerprint": fingerprints[stage.name],
                        "summary": summary,
                        "seconds": round(seconds, 2),
                    },
                )
                outcomes.append(StageOutcome(stage.name, "ran", seconds, summary))
            _log(log, {"event": "stage", **outcomes[-1].__dict__})
            bar.advance(overall)
            if stage.name == "ingest" and not allow_partial:
                _stop_on_rejected_files(outcomes[-1], log)
            if stage.name == until:
                break
    result = RunSummary(outcomes, config.warehouse, config.output_dir, log)
    _log(log, {"event": "run_finished", "seconds": round(result.seconds, 2)})
    return result


def _stop_on_rejected_files(outcome: StageOutcome, log: Path) -> None:
    """Rejected files mean some partners' newest extracts are not in force: never publish that
    silently (a rejected episode file once published a council's rate as 0.0 with exit 0)."""
    rejected = int(outcome.summary.get("files_rejected") or 0)
    if not rejected:
        return
    problem = (
        f"{rejected} extract file(s) rejected; the previous load of each affected partner stays in "
        "force and nothing was published"
    )
    _log(log, {"event": "stopped", "stage": "ingest", "error": problem})
    raise StageError(
        "ingest",
        problem,
        fix="read the ingest report beside the warehouse and fix the extract, or run again with "
        "--allow-partial to publish with a banner on every page",
    )


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def print_run_summary(result: RunSummary) -> None:
    table = Table(title="Run summary")
    for column in ("Stage", "Status", "Seconds", "Result"):
        table.add_column(column, justify="right" if column == "Seconds" else "left")
    for o in result.outcomes:
        shown = ", ".join(f"{k}: {_shown(v)}" for k, v in o.summary.items())
        table.add_row(o.name, o.status, f"{o.seconds:.1f}", shown)
    console.print(table)
    console.print(f"Total {result.seconds:.1f} s. Warehouse: {result.warehouse}. Run log: {result.log}")
    index = result.site / "index.html"
    if index.exists():
        console.print(f"Open the dashboard: [bold]{index.resolve().as_uri()}[/bold]")


def run_project(
    project_file: Path, *, force: bool = False, from_stage: str | None = None, allow_partial: bool = False
) -> RunSummary:
    """`atr run`: load the project file and run it."""
    with ProjectContext.load(project_file) as project:
        result = run_context(project, force=force, from_stage=from_stage, allow_partial=allow_partial)
    print_run_summary(result)
    return result
