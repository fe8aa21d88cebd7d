"""``atr ingest`` and ``atr key new``: load partner extracts; make a pseudonymisation key."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.cli_options import (
    ProjectOption,
    WarehouseOption,
    open_project_warehouse,
    project_or_default,
    resolve_warehouse,
)
from atr.console import console
from atr.errors import AtrError, UsageError
from atr.identity import identity_store_path
from atr.ingest.contract_model import load_contract
from atr.ingest.report import IngestReport, print_summary
from atr.ingest.report_html import write_html
from atr.ingest.runner import run_ingest
from atr.pseudonymise import ENV_VAR, PseudonymisationKey, load_key, write_new_key

REPORT_JSON = "ingest_report.json"
REPORT_HTML = "ingest_report.html"

key_app = typer.Typer(
    help="Pseudonymisation keys.\n\nExample: [bold]atr key new secrets/atr.key[/bold]",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.add_typer(key_app, name="key")


def _key(key_file: Path | None, demo: bool) -> PseudonymisationKey:
    try:
        key = load_key(key_file, allow_throwaway=demo)
    except AtrError as exc:
        raise UsageError(exc.message, hint=exc.hint) from exc
    if key.origin == "throwaway":
        console.print(
            "[bold yellow]DEMO[/bold yellow]: using a throwaway pseudonymisation key. Pseudonyms made in "
            "this run cannot be linked with any other run; never use --demo for real data."
        )
    return key


def _datasets(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [name.strip() for value in values for name in value.split(",") if name.strip()]


def write_reports(report: IngestReport, warehouse: Path, extra_json: Path | None) -> list[Path]:
    """JSON and HTML beside the warehouse, and the JSON also at ``--report`` if given."""
    contract = load_contract(report.contract_version)
    written = [warehouse.parent / REPORT_JSON, warehouse.parent / REPORT_HTML]
    report.write_json(written[0])
    write_html(report, contract, written[1])
    if extra_json is not None:
        report.write_json(extra_json)
        written.append(extra_json)
    return written


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
    key_file: Annotated[
        Path | None,
        typer.Option(
            "--key-file",
            "-k",
            help=f"Pseudonymisation key file. Default: the project file's, else ${ENV_VAR}.",
            show_default=False,
        ),
    ] = None,
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
    key = _key(key_file or (project_or_default(project).key_file if project else None), demo)
    path = resolve_warehouse(warehouse, project)
    with open_project_warehouse(path, project) as wh:
        result = run_ingest(wh, extract_dir, key, datasets=_datasets(datasets), warehouse_label=str(path))
    print_summary(result)
    for written in write_reports(result, path, report):
        console.print(f"Report: {written}")
    console.print(f"Identities: {identity_store_path(path)} (encrypted; opened only by ingest and link)")
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
    if file.exists() and not force:
        raise UsageError(
            f"{file}: already exists",
            hint="pass --force to replace it (earlier pseudonyms will no longer link)",
        )
    write_new_key(file)
    console.print(f"New pseudonymisation key written to {file} (mode 600). Keep it secret; never commit it.")
