"""``atr reference …``: load, inspect and download the reference geography."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console
from atr.context import ProjectContext
from atr.reference.sources import ReferenceSource, resolve_reference_source

if TYPE_CHECKING:
    from atr.reference.loader import ReferenceSummary

reference_app = typer.Typer(
    help="Reference geography, deprivation and populations.\n\nExample: [bold]atr reference load --reference-dir ../shared/data/reference[/bold]",
    no_args_is_help=True,
)

ReferenceDirOption = Annotated[
    Path | None,
    typer.Option(
        "--reference-dir",
        "-r",
        help="Folder of reference files. Default: project file, $ATR_REFERENCE_DIR, cache, else synthetic.",
        show_default=False,
    ),
]


def register(app: typer.Typer) -> None:
    app.add_typer(reference_app, name="reference")


def print_summary(summary: ReferenceSummary) -> None:
    if summary.source.is_synthetic:
        console.print(
            "[bold yellow]SYNTHETIC GEOGRAPHY[/bold yellow]: no real reference data was found, so "
            "invented LSOAs are in use. Every output built on it is labelled synthetic."
        )
    console.print(f"Reference source: {summary.source.describe()}")
    table = Table(title="Loaded geography")
    for column in ("District", "Code", "LSOAs", "Population (mid-2015)", "Aged 0-15"):
        table.add_column(column, justify="right" if column != "District" else "left")
    for d in summary.districts:
        table.add_row(
            d["lad19_name"], d["lad19_code"], f"{d['lsoas']:,}", f"{d['population']:,}", f"{d['aged_0_15']:,}"
        )
    table.add_row(
        "[bold]West Yorkshire[/bold]",
        "",
        f"[bold]{summary.lsoa_count:,}[/bold]",
        f"[bold]{sum(d['population'] for d in summary.districts):,}[/bold]",
        f"[bold]{sum(d['aged_0_15'] for d in summary.districts):,}[/bold]",
    )
    console.print(table)
    console.print(
        f"{len(summary.districts)} districts, {summary.ward_count} wards, {summary.msoa_count} MSOAs, "
        f"{summary.lsoa_count:,} LSOAs; {summary.postcode_count:,} postcodes in the directory."
    )


@reference_app.command("load")
def load_command(
    reference_dir: ReferenceDirOption = None,
    postcode_directory: Annotated[
        Path | None, typer.Option(help="Postcode → LSOA CSV (postcode, lsoa11_code).", show_default=False)
    ] = None,
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
) -> None:
    """Load reference files into the warehouse (ref_lsoa, ref_area_lookup, ref_population, ref_area, ref_boundary, ref_postcode).

    Example: [bold]atr reference load --reference-dir ../shared/data/reference --warehouse build/atr.duckdb[/bold]
    """
    from atr import api

    summary = api.reference_load(
        reference_dir=reference_dir,
        postcode_directory=postcode_directory,
        warehouse=warehouse,
        project=project,
    )
    print_summary(summary)


@reference_app.command("status")
def status_command(
    reference_dir: ReferenceDirOption = None,
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
) -> None:
    """Say which reference source would be used, and what the warehouse holds.

    Example: [bold]atr reference status --reference-dir ../shared/data/reference[/bold]
    """
    from atr.reference.loader import summarise_reference

    with ProjectContext.load(project, warehouse=warehouse) as ctx:
        source = resolve_reference_source(reference_dir or ctx.config.reference_dir)
        console.print(f"Reference source in use: {source.describe()}")
        path = ctx.warehouse_path
        if not path.exists():
            console.print(f"Warehouse {path}: not created yet.")
            return
        wh = ctx.warehouse(read_only=True)
        if not wh.table_exists("ref_source"):
            console.print(f"Warehouse {path}: no reference data loaded yet.")
            return
        loaded = wh.rows("SELECT * FROM ref_source")[0]
        console.print(
            f"Warehouse {path}: loaded from {loaded['kind']} source {loaded['path']} at {loaded['loaded_at']}"
            + (" [bold yellow](SYNTHETIC)[/bold yellow]" if loaded["is_synthetic"] else "")
        )
        print_summary(summarise_reference(wh, ReferenceSource(loaded["kind"], Path(loaded["path"]))))


@reference_app.command("download")
def download_command(
    cache_dir: Annotated[
        Path | None,
        typer.Option(
            help="Cache folder to fill (files go to its reference/). Default: $ATR_CACHE_DIR, "
            "else ~/.cache/atr.",
            show_default=False,
        ),
    ] = None,
    mirror: Annotated[
        str | None,
        typer.Option(
            help="Base URL serving the official files flat under their file names, instead of "
            "the publishers' sites (row counts are then not checked).",
            show_default=False,
        ),
    ] = None,
    force: Annotated[bool, typer.Option(help="Download again even if the cache is complete.")] = False,
    sources: Annotated[
        Path | None,
        typer.Option(
            help="TOML file overriding source URLs, file names, SHA-256 checksums or row counts.",
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each server answer.")] = 120.0,
) -> None:
    """Download the official reference files (IoD2019 File 7, ONS lookup and boundaries), check them, and cache the West Yorkshire rows.

    Example: [bold]atr reference download --mirror https://data.example.org/atr-reference[/bold]
    """
    from atr import api

    result = api.reference_download(
        cache_dir=cache_dir, mirror=mirror, force=force, sources=sources, timeout=timeout
    )
    if result.skipped:
        console.print(f"Reference cache already complete: {result.folder} (use --force to refresh).")
        return
    for name, count in result.rows.items():
        console.print(f"  {name}: {count:,}")
    console.print(f"Reference data written to {result.folder}")
    if cache_dir is not None:
        console.print(f"Use it with ATR_CACHE_DIR={cache_dir} or --reference-dir {result.folder}.")
