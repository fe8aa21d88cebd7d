"""``atr evaluate``: who the programmes reached, the analysis frame, progress and cohorts."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console
from atr.context import ProjectContext

ProgrammesOption = Annotated[
    Path | None,
    typer.Option(
        "--programmes",
        help="The programme list (YAML) instead of the project's or the package default.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate_command)


def evaluate_command(
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
    programmes: ProgrammesOption = None,
) -> None:
    """Follow up programme participants: reach, progress to the target, cohorts and effects.

    Reads programme_participation (the `programme` dataset), linked entities and derive's tables;
    writes evaluation_frame, programme_progress, programme_trajectory, cohort_definition,
    cohort_count, evaluation_input_check, evaluation_effect, evaluation_balance and, for
    programmes that work with whole schools, evaluation_its. Run it after `atr derive`. Problems in the participation rows are counted, never dropped.

    Example: [bold]atr evaluate --warehouse build/atr.duckdb[/bold]
    """
    from atr import api

    with ProjectContext.load(project, warehouse=warehouse) as ctx:
        result = api.evaluate(programmes=programmes, context=ctx)
    console.print(
        f"evaluation_frame: {result.frame_rows:,} rows ({result.participants:,} participants) · "
        f"people supported: {result.people_supported:,} · cohort_count: {result.cohort_rows:,} rows · "
        f"effects: {result.effects:,} · whole-school ITS: {result.its_rows:,} rows"
    )
    for note in result.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")
