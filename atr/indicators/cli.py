"""``atr indicators``: compute the indicator catalogue, apply disclosure control, export."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from atr.cli_options import (
    ProjectOption,
    WarehouseOption,
    open_project_warehouse,
    project_or_default,
    require_existing_warehouse,
    resolve_warehouse,
)
from atr.console import console
from atr.errors import UsageError
from atr.indicators.catalogue import load_catalogue
from atr.indicators.engine import DEFAULT_SII_REPETITIONS, IndicatorRun, run_indicators


def register(app: typer.Typer) -> None:
    app.command("indicators")(indicators_command)


def default_out_dir(warehouse: Path) -> Path:
    """``published/`` beside the warehouse file."""
    return warehouse.resolve().parent / "published"


def _print_summary(run: IndicatorRun) -> None:
    table = Table(title="Indicators")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    table.add_row("Indicators", f"{run.indicators:,}")
    table.add_row("Financial years", ", ".join(run.periods) or "none")
    table.add_row("Published rows", f"{run.rows:,}")
    table.add_row("Suppressed rows", f"{run.suppressed:,}")
    table.add_row("Time", f"{run.seconds:.1f} s")
    console.print(table)
    console.print(
        f"Written: indicator_value and indicator_meta (warehouse, and CSV + Parquet in {run.out_dir})"
    )


def indicators_command(
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for the CSV and Parquet exports. Default: published/ beside the warehouse.",
            show_default=False,
        ),
    ] = None,
    catalogue: Annotated[
        Path | None,
        typer.Option(
            help="Folder of indicator YAML files to use instead of the built-in catalogue.",
            show_default=False,
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--indicator", "-i", help="Compute only this indicator (repeatable).", show_default=False
        ),
    ] = None,
    sii_repetitions: Annotated[
        int, typer.Option(min=1000, help="Simulations per slope index of inequality.")
    ] = DEFAULT_SII_REPETITIONS,
) -> None:
    """Compute every indicator for West Yorkshire, its districts, wards and MSOAs, by year and breakdown.

    Adds benchmark comparisons with West Yorkshire, recent trends and inequality indices, applies disclosure control (counts 1-7 suppressed, others rounded to 5), and writes indicator_value and indicator_meta to the warehouse and as CSV and Parquet.

    Example: [bold]atr indicators --warehouse build/atr.duckdb[/bold]
    """
    path = require_existing_warehouse(resolve_warehouse(warehouse, project))
    config = project_or_default(project)
    indicators = load_catalogue(catalogue, only)
    if not indicators:
        raise UsageError("no indicators to compute")
    periods = config.periods if project is not None else None
    with open_project_warehouse(path, project) as wh:
        run = run_indicators(
            wh,
            out or default_out_dir(path),
            catalogue=indicators,
            settings=config.disclosure,
            periods=periods,
            sii_repetitions=sii_repetitions,
        )
    _print_summary(run)
