"""``atr publish`` (the static dashboard) and ``atr report`` (the annual needs assessment)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console

TablesOption = Annotated[
    Path | None,
    typer.Option(
        "--tables",
        "-t",
        help="Read exported tables (indicator_value.csv/.parquet, indicator_meta, ref_area, ref_boundary …) "
        "from this folder instead of a warehouse.",
        show_default=False,
    ),
]
TitleOption = Annotated[
    str | None,
    typer.Option("--title", help="Site and report title. Default: the project's name.", show_default=False),
]


def register(app: typer.Typer) -> None:
    app.command("publish")(publish_command)
    app.command("report")(report_command)


def publish_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder for the site (replaced whole). Default: the project's output_dir.",
            show_default=False,
        ),
    ] = None,
    warehouse: WarehouseOption = None,
    tables: TablesOption = None,
    project: ProjectOption = None,
    title: TitleOption = None,
) -> None:
    """Build the static dashboard: overview, a page per indicator and per district, data quality, downloads.

    Reads only the published, disclosure-controlled tables. The site works opened from a shared
    drive (file://) or from any static web host, and makes no request to another machine.

    Example: [bold]atr publish --warehouse build/atr.duckdb --out build/site[/bold]
    """
    from atr import api

    summary = api.publish(out=out, warehouse=warehouse, tables=tables, project=project, title=title)
    if summary.synthetic:
        console.print(
            "[bold yellow]SYNTHETIC DATA[/bold yellow]: every page carries the synthetic-data banner."
        )
    console.print(
        f"Published {summary.pages} pages with {summary.charts} charts ({summary.files} files) "
        f"in {summary.seconds:.1f} s: [bold]{(summary.out / 'index.html').resolve().as_uri()}[/bold]"
    )


def report_command(
    place: Annotated[
        str,
        typer.Option(
            "--place",
            help="Leeds, Bradford, Calderdale, Kirklees, Wakefield or west-yorkshire (or an ONS code).",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="The report file: .pdf (tagged PDF/UA) or .html.")],
    warehouse: WarehouseOption = None,
    tables: TablesOption = None,
    project: ProjectOption = None,
    title: TitleOption = None,
) -> None:
    """Write the annual needs assessment for a district or for West Yorkshire, as PDF or HTML.

    Example: [bold]atr report --place Leeds --out build/leeds-needs-assessment.pdf[/bold]
    """
    from atr import api

    summary = api.report(place, out, warehouse=warehouse, tables=tables, project=project, title=title)
    pages = f", {summary.pages} pages" if summary.pages else ""
    console.print(
        f"Needs assessment for {summary.place}: {summary.charts} charts{pages}, {summary.seconds:.1f} s: [bold]{summary.out}[/bold]"
    )
