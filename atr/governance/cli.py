"""``atr governance``: write the governance records from the project file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import ProjectOption, WarehouseOption
from atr.console import console
from atr.context import ProjectContext


def register(app: typer.Typer) -> None:
    app.command("governance")(governance_command)


def governance_command(
    out: Annotated[
        Path | None,
        typer.Option(
            help="Folder for the records (default: governance/ beside the warehouse).", show_default=False
        ),
    ] = None,
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
) -> None:
    """Write the governance records: data flow, datasets and fields used, and an algorithmic transparency record.

    Generated from the project file, the partner contract and the derivation rules, as Markdown and HTML. When the warehouse exists, the records also go into it (governance_record), so `atr publish` links them from the dashboard's methods page; the loaded extracts are listed from it.

    Example: [bold]atr governance --project atr.toml[/bold]
    """
    from atr.governance import write_governance

    with ProjectContext.load(project, warehouse=warehouse) as ctx:
        target = out or ctx.work_dir / "governance"
        wh = ctx.warehouse() if ctx.warehouse_path.exists() else None
        written = write_governance(ctx.config, target, wh)
    console.print(f"Wrote {len(written)} files to {target} ({target / 'index.html'}).")
    if wh is None:
        console.print("No warehouse yet: the records list no extracts, and publish will not include them.")
