"""``atr ingest`` and ``atr key new``: load partner extracts; make a pseudonymisation key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import KeyFileOption, ProjectOption, WarehouseOption
from atr.console import console
from atr.context import ProjectContext

key_app = typer.Typer(
    help="Pseudonymisation keys.\n\nExample: [bold]atr key new secrets/atr.key[/bold]",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.add_typer(key_app, name="key")


def ingest_command(
    extract_dir: Annotated[
        Path,
        typer.Argument(
            help="An extract root, contract extract folder or single dataset folder; every folder "
            "holding a manifest.json below it is ingested.",
            show_default=False,
        ),
    ],
    warehouse: WarehouseOption = None,
    key_file: KeyFileOption = None,
    demo: Annotated[
        bool, typer.Option("--demo", help="Allow a throwaway key when none is given (demo data only).")
    ] = False,
    datasets: Annotated[
        list[str] | None,
        typer.Option(
            "--datasets", "-d", help="Only these datasets (comma-separated or repeated).", show_default=False
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Also write the JSON report here (it is always written beside the warehouse).",
            show_default=False,
        ),
    ] = None,
    project: ProjectOption = None,
) -> None:
    """Check partner extracts against the contract, quarantine bad rows, pseudonymise, and load them.

    Files are checked against their manifest (row count, SHA-256) and the contract (columns, types, codes, check digits).

    Names, dates of birth, postcodes and addresses go to the encrypted identity store beside the warehouse (W.identity.parquet, opened with the same key), never into the warehouse.

    A file with a file-level error is rejected; a row breaking a rule is quarantined (ingest_quarantine); a suspicious value is kept and flagged (ingest_warning). A new extract of a dataset and partner replaces the previous one in one transaction.

    Exit status: 0 every file accepted, 1 a file was rejected, 2 usage error.

    Example: [bold]atr ingest build/synth/extract --warehouse build/atr.duckdb --key-file secrets/atr.key[/bold]
    """
    from atr import api
    from atr.ingest import print_summary, report_paths

    with ProjectContext.load(project, warehouse=warehouse, key_file=key_file) as ctx:
        result = api.ingest(extract_dir, demo=demo, datasets=datasets, report=report, context=ctx)
        if ctx.key().origin == "throwaway":
            console.print(
                "[bold yellow]DEMO[/bold yellow]: a throwaway pseudonymisation key was used. Pseudonyms "
                "made in this run cannot be linked with any other run; never use --demo for real data."
            )
    print_summary(result)
    for written in report_paths(ctx.warehouse_path, report):
        console.print(f"Report: {written}")
    from atr.identity import identity_store_path

    console.print(
        f"Identities: {identity_store_path(ctx.warehouse_path)} (encrypted; opened only by ingest and link)"
    )
    if not result.all_accepted:
        raise typer.Exit(1)


@key_app.command("new")
def key_new_command(
    file: Annotated[
        Path, typer.Argument(help="Where to write the new key (must not exist).", show_default=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing key file.")] = False,
) -> None:
    """Create a new random pseudonymisation key file, readable only by you.

    Keep it outside the repository and the warehouse folder: whoever holds it can re-identify pseudonyms by hashing candidate identifiers. Losing it means new extracts no longer link to the ones already loaded.

    Example: [bold]atr key new secrets/atr.key[/bold]
    """
    from atr import api

    api.key_new(file, force=force)
    console.print(f"New pseudonymisation key written to {file} (mode 600). Keep it secret; never commit it.")
