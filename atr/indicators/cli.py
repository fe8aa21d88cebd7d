"""``atr indicators``: compute the indicator catalogue, apply disclosure control, export."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console
from atr.errors import UsageError
from atr.indicators import DEFAULT_SII_REPETITIONS

if TYPE_CHECKING:
    from atr.indicators import IndicatorRun


benchmarks_app = typer.Typer(
    help="England's published figures beside ours (atr/indicators/data/national_benchmarks.csv).\n\n"
    "Example: [bold]atr benchmarks update --from cla_national.csv -i looked_after_rate "
    '--column rate_per_10000 --release "reporting year 2026"[/bold]',
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("indicators")(indicators_command)
    app.add_typer(benchmarks_app, name="benchmarks")


def _filters(pairs: list[str]) -> dict[str, str]:
    found = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(
                f"--filter '{pair}': write COLUMN=VALUE, e.g. population_type=Children looked after"
            )
        found[name.strip()] = value.strip()
    return found


@benchmarks_app.command("update")
def benchmarks_update_command(
    download: Annotated[
        Path,
        typer.Option(
            "--from", help="A CSV downloaded from explore education statistics.", show_default=False
        ),
    ],
    indicator: Annotated[str, typer.Option("--indicator", "-i", help="The indicator the figures are for.")],
    column: Annotated[str, typer.Option(help="The CSV column holding England's figure.")],
    release: Annotated[
        str, typer.Option(help="The release, with its year, e.g. 'reporting year 2026'.", show_default=False)
    ],
    filters: Annotated[
        list[str] | None,
        typer.Option("--filter", help="Keep only rows with COLUMN=VALUE (repeatable).", show_default=False),
    ] = None,
    source: Annotated[
        str | None, typer.Option(help="The publication's name. Default: as in the indicator's newest row.")
    ] = None,
    url: Annotated[
        str | None, typer.Option(help="The release's address. Default: as in the indicator's newest row.")
    ] = None,
    benchmarks: Annotated[
        Path | None,
        typer.Option(help="The table to rewrite. Default: the one shipped with atr.", show_default=False),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Check and report; write nothing.")] = False,
) -> None:
    """Take England's figures for one indicator from a downloaded EES CSV and rewrite the benchmark table.

    Reads the national rows of one column (the periods become financial years: reporting year 2025 is 2024/25, academic year 202324 is 2023/24), keeps the indicator's unit, scale, definition note and comparability from its newest row, checks the whole new table and writes it atomically. Nothing is fetched: download the CSV from the release the table cites.

    Example: [bold]atr benchmarks update --from cla_national.csv -i looked_after_rate --column rate_per_10000 --filter "population_type=Children looked after on 31 March" --release "reporting year 2026"[/bold]
    """
    from importlib import resources

    from atr.indicators.benchmark_update import update_benchmarks
    from atr.indicators.benchmarks import BENCHMARK_FILE
    from atr.indicators.catalogue import load_catalogue

    target = benchmarks or Path(str(resources.files("atr.indicators").joinpath(BENCHMARK_FILE)))
    scales = {i.id: i.multiplier for i in load_catalogue()}
    if indicator not in scales:
        raise UsageError(f"unknown indicator '{indicator}' (the catalogue has: {', '.join(sorted(scales))})")
    update = update_benchmarks(
        target,
        download,
        indicator_id=indicator,
        column=column,
        release=release,
        scales=scales,
        filters=_filters(filters or []),
        source=source,
        source_url=url,
        dry_run=dry_run,
    )
    table = Table(title=f"England figures for {indicator}")
    for name in ("Period", "Before", "After"):
        table.add_column(name, justify="right" if name != "Period" else "left")
    for period, before, after in update.changes:
        table.add_row(period, "new" if before is None else f"{before:g}", f"{after:g}")
    console.print(table)
    for line in update.skipped:
        console.print(f"Skipped {line}")
    console.print(f"Written: {target}" if update.written else f"Dry run: {target} is unchanged")


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
