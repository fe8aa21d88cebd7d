"""``atr web import-oruk`` and ``atr web import-directory-csv``, and the directory part of ``atr web demo``.

A command module: it may call the synthetic stage (the demo's directory) because the platform's
own code never does. Django is imported inside the functions, so ``atr --help`` stays quick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from atr.cli_options import ProjectOption
from atr.console import console
from atr.errors import UsageError

SHOWN_REJECTIONS = 30


def register(web: typer.Typer) -> None:
    web.command("import-oruk")(import_oruk_command)
    web.command("import-directory-csv")(import_csv_command)


def _start(project: Path | None) -> None:
    from atr.platform.runtime import require_migrated, start_django

    start_django(project)
    require_migrated()


def _print_report(report: Any) -> None:
    console.print(report.summary())
    for where, why in report.rejected[:SHOWN_REJECTIONS]:
        console.print(f"  rejected {where}: {why}", markup=False, highlight=False)
    if len(report.rejected) > SHOWN_REJECTIONS:
        console.print(f"  … and {len(report.rejected) - SHOWN_REJECTIONS} more rejected")


def import_oruk_command(
    source: Annotated[
        str,
        typer.Argument(help="An Open Referral UK API address, or a folder of services-page-N.json files."),
    ],
    hold: Annotated[
        bool,
        typer.Option(
            "--hold", help="Hold new services for the programme team's review instead of publishing them."
        ),
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Import services from a directory that follows Open Referral UK (HSDS 3.0, UK profile).

    Idempotent: services are matched on their ids, so importing again updates them and never
    duplicates; the report says what was added, changed, unchanged and rejected (and why).

    Example: [bold]atr web import-oruk https://directory.example.org/api/oruk[/bold]
    (or a folder: [bold]atr web import-oruk build/demo/oruk[/bold], holding services-page-1.json, -2.json, …)
    """
    _start(project)
    from atr.platform.directory.importer import (
        import_services,
        records_from_api,
        records_from_folder,
        records_from_page,
    )

    folder = Path(source)
    if source.startswith(("http://", "https://")):
        import httpx

        try:
            report = import_services(records_from_api(source), source=source, publish=not hold)
        except (httpx.HTTPError, ValueError) as exc:
            raise UsageError(f"{source}: could not read the API ({exc})") from exc
    elif folder.is_dir():
        try:
            report = import_services(records_from_folder(folder), source=str(folder), publish=not hold)
        except FileNotFoundError as exc:
            raise UsageError(
                str(exc), hint="the folder should hold services-page-1.json, services-page-2.json, …"
            ) from exc
    elif folder.is_file() and folder.suffix == ".json":
        report = import_services(records_from_page(folder), source=str(folder), publish=not hold)
    else:
        raise UsageError(f"{source}: not an http(s) address, a folder or a .json page file")
    _print_report(report)


def import_csv_command(
    file: Annotated[Path, typer.Argument(help="CSV file of services (UTF-8, header row).")],
    hold: Annotated[
        bool, typer.Option("--hold", help="Hold new services for review instead of publishing them.")
    ] = False,
    project: ProjectOption = None,
) -> None:
    """Import services from a CSV file, for partners without an Open Referral UK API.

    Columns (header row; organisation, name and kinds required): service_id, organisation, name,
    description, kinds (taxonomy codes separated by ;), minimum_age, maximum_age, url, email,
    phone, address, city, postcode, latitude, longitude, area_codes (ONS codes separated by ;),
    opening_hours, cost, languages (separated by ;), accessibility, last_checked (YYYY-MM-DD).
    The kinds' codes are listed in docs/directory.md. Importing the same file again updates.

    Example: [bold]atr web import-directory-csv partners/calderdale-services.csv[/bold]
    """
    _start(project)
    from atr.platform.directory.csv_import import CsvProblem, read_rows
    from atr.platform.directory.importer import import_services

    try:
        rows = list(read_rows(file))
    except CsvProblem as exc:
        raise UsageError(str(exc)) from exc
    _print_report(import_services(rows, source=str(file), publish=not hold))


def seed_demo_directory(seed: int, services: int, replace: bool) -> str:
    """The synthetic directory of ``atr.synthetic`` (with its planted gaps), imported; a summary."""
    from atr.platform.directory.demo import seed_directory
    from atr.reference import resolve_reference_source
    from atr.synthetic import areas_from_reference, synthetic_services

    areas = areas_from_reference(resolve_reference_source())
    records = synthetic_services(areas, seed=seed, services=services)
    postcodes = [
        (a.postcode, a.lsoa_code, a.ward_code, a.district_code, a.latitude, a.longitude) for a in areas
    ]
    report = seed_directory(postcodes, records, replace=replace)
    return f"directory: {report.summary()} services"
