"""``atr indicators``: compute the indicator catalogue, apply disclosure control, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console
from atr.indicators import DEFAULT_SII_REPETITIONS

if TYPE_CHECKING:
    from atr.indicators import IndicatorRun


def register(app: typer.Typer) -> None:
    app.command("indicators")(indicators_command)


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
            help="Folder of indicator YAML files. Default: the project file's catalogue, else the built-in one.",
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
    from atr import api

    run = api.indicators(
        warehouse=warehouse,
        project=project,
        out=out,
        catalogue=catalogue,
        indicator=only,
        sii_repetitions=sii_repetitions,
    )
    _print_summary(run)
