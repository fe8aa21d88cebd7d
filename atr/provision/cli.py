"""``atr provision``: need against provision from a service directory (Open Referral UK)."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console


def register(app: typer.Typer) -> None:
    app.command("provision")(provision_command)


def provision_command(
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
    directory: Annotated[
        str | None,
        typer.Option(
            "--directory",
            "-d",
            help="Open Referral UK feed: a live API address or a folder of services-page-N.json files. "
            "Default: the project file's \\[provision] directory.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Place a service directory's services on the geography and compare them with need, ward by ward.

    Reads the directory as an Open Referral UK feed, places each service by postcode, coordinates or service area, compares provision with derive's modelled and recorded need for each ward and kind of need, and shares the declared budget by proportionate universalism (\\[provision.allocation] in the project file). Writes need_provision_ward, provision_allocation, provision_sensitivity and the read accounts (provision_read, provision_issue).

    Example: [bold]atr provision --project atr.toml --directory https://example.org/api/oruk[/bold]
    """
    from atr import api

    result = api.provision(warehouse=warehouse, project=project, directory=directory)
    if result.skipped:
        console.print(f"Skipped: {result.skipped}")
        return
    table = Table(title="Need against provision")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    for label, value in (
        ("Records read", result.read),
        ("Services placed", result.placed),
        ("Records rejected (see provision_read)", result.rejected),
        ("Places (locations and service areas)", result.places),
        ("Places not placed (see provision_issue)", result.issues),
        ("Wards compared", result.wards),
        ("Ward gaps that hold across the interval", result.gaps_that_hold),
        ("Unserved wards of high need (ward and kind)", result.high_need_unserved),
    ):
        table.add_row(label, f"{value:,}")
    table.add_row("Time", f"{result.seconds:.1f} s")
    console.print(table)
    for kind, basis in result.need_basis.items():
        console.print(f"{kind}: need from {basis}")
