"""``atr publish`` (the static dashboard) and ``atr report`` (the annual needs assessment)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import (
    ProjectOption,
    WarehouseOption,
    open_project_warehouse,
    project_or_default,
    require_existing_warehouse,
    resolve_warehouse,
)
from atr.console import console
from atr.publish.dataset import PublishedData, load_published
from atr.publish.sources import FolderSource, WarehouseSource

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


@contextmanager
def _published(warehouse: Path | None, tables: Path | None, project: Path | None) -> Iterator[PublishedData]:
    if tables is not None:
        yield load_published(FolderSource(tables))
        return
    path = require_existing_warehouse(resolve_warehouse(warehouse, project))
    with open_project_warehouse(path, project, read_only=True) as wh:
        data = load_published(WarehouseSource(wh, path))
    yield data


def _title(title: str | None, project: Path | None) -> str:
    return title or project_or_default(project).name


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
    from atr.publish.site import check_site_target, write_site  # heavy imports only when used

    target = out or project_or_default(project).output_dir
    check_site_target(target)
    with _published(warehouse, tables, project) as data:
        summary = write_site(data, target, name=_title(title, project))
    if data.is_synthetic:
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
    from atr.publish.report import check_report_target, write_report

    check_report_target(out)
    with _published(warehouse, tables, project) as data:
        summary = write_report(data, place, out, name=_title(title, project))
    pages = f", {summary.pages} pages" if summary.pages else ""
    console.print(
        f"Needs assessment for {summary.place}: {summary.charts} charts{pages}, {summary.seconds:.1f} s: [bold]{summary.out}[/bold]"
    )
