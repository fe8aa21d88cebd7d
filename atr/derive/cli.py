"""``atr derive``: adverse experiences, the toxic trio, multiple disadvantage and modelled prevalence."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from atr.cli_options import KeyFileOption, ProjectOption, WarehouseOption
from atr.console import console
from atr.context import ProjectContext

if TYPE_CHECKING:
    from atr.derive import DeriveResult
    from atr.warehouse import Warehouse

EstimatesOption = Annotated[
    Path | None,
    typer.Option(
        "--estimates",
        help="Folder with the Children's Commissioner toxic-trio files (toxicTrio_la_data_rate.csv).",
        show_default=False,
    ),
]
TruthOption = Annotated[
    Path | None,
    typer.Option(
        "--truth",
        help="Synthetic data folder (from `atr synth`) whose truth/ to compare recorded prevalence with.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.command("derive")(derive_command)


def print_result(result: DeriveResult, warehouse: Warehouse) -> None:
    from atr.derive import headline_rows

    console.print(
        f"adversity_event: {result.events:,} events · child_year: {result.child_years:,} rows · "
        f"adult_year: {result.adult_years:,} rows"
    )
    if any(result.network_rows.values()):
        console.print(
            "network: " + " · ".join(f"{name}: {rows:,} rows" for name, rows in result.network_rows.items())
        )
    if result.missing_inputs:
        console.print(
            f"[yellow]Not in the warehouse (treated as empty):[/yellow] {', '.join(result.missing_inputs)}"
        )
    for note in result.notes:
        console.print(f"[yellow]Note:[/yellow] {note}")
    table = Table(title="Headline figures, latest year (recorded unless stated)")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    for label, value in headline_rows(warehouse):
        table.add_row(label, value)
    console.print(table)
    console.print(
        "The observable ACE count covers the 8 categories records can see; it is not comparable "
        "with survey ACE scores."
    )


def derive_command(
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
    estimates: EstimatesOption = None,
    truth: TruthOption = None,
    key_file: KeyFileOption = None,
) -> None:
    """Derive adverse experiences with their evidence, the toxic trio, multiple disadvantage and modelled prevalence.

    Writes adversity_event, child_year (with protective-factor proxies and outcomes), adult_year,
    modelled_toxic_trio, hidden_need and capture_recapture. With --truth (synthetic data), also
    compares recorded with true prevalence.

    Example: [bold]atr derive --warehouse build/atr.duckdb[/bold]
    """
    from atr import api

    with ProjectContext.load(project, warehouse=warehouse, key_file=key_file) as ctx:
        result = api.derive(estimates=estimates, context=ctx)
        print_result(result, ctx.warehouse())
        if truth is not None:
            from atr.truth import compare_with_truth, print_truth_report

            print_truth_report(compare_with_truth(ctx.warehouse(), truth, ctx.key()))
