"""``atr identity purge``: retention for the identity store."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from atr.cli_options import KeyFileOption, ProjectOption, WarehouseOption
from atr.console import console
from atr.context import ProjectContext
from atr.errors import UsageError

identity_app = typer.Typer(
    help="The identity store (names, dates of birth, addresses), kept apart and encrypted.\n\n"
    "Example: [bold]atr identity purge --not-seen-for 6 --dry-run --project atr.toml[/bold]",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(identity_app, name="identity")


@identity_app.command("purge")
def purge_command(
    not_seen_for: Annotated[
        float,
        typer.Option(
            "--not-seen-for",
            min=0.0,
            help="Remove the identities of people absent from every extract for this many years.",
            show_default=False,
        ),
    ],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only say what would be removed.")] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            help="Count the years back from this date (YYYY-MM-DD); default today.", show_default=False
        ),
    ] = None,
    warehouse: WarehouseOption = None,
    key_file: KeyFileOption = None,
    project: ProjectOption = None,
) -> None:
    """Remove the identities of people no extract has mentioned for YEARS (retention).

    A person (a linked entity, or a single record before linkage) is last seen on the latest extract date among their records. Their names, dates of birth and addresses leave the encrypted identity store; their pseudonymous content stays, and linkage keeps their entity id (listed in the warehouse's identity_purged table, without identities).

    Example: [bold]atr identity purge --not-seen-for 6 --dry-run --project atr.toml[/bold]
    """
    try:
        today = date.fromisoformat(as_of) if as_of else date.today()
    except ValueError as exc:
        raise UsageError(f"--as-of {as_of!r}: not a date (YYYY-MM-DD)") from exc
    from atr.identity import IdentityStore, apply_purge, identity_store_path, plan_purge

    with ProjectContext.load(project, warehouse=warehouse, key_file=key_file) as ctx:
        path = ctx.require_existing_warehouse()
        if not identity_store_path(path).is_file():
            raise UsageError(
                f"{identity_store_path(path)}: identity store not found", hint="run `atr ingest` first"
            )
        store = IdentityStore(identity_store_path(path), ctx.key())
        plan = plan_purge(ctx.warehouse(), store, not_seen_for, today)
        verb = "Would remove" if dry_run else "Removed"
        if not dry_run:
            apply_purge(ctx.warehouse(), store, plan)
    console.print(
        f"{verb} the identities of {plan.people:,} people ({plan.records:,} records) last seen before "
        f"{plan.cutoff.isoformat()}; {plan.people_kept:,} people ({plan.records_kept:,} records) kept."
    )
    if not dry_run and plan.records:
        console.print("Their content stays (pseudonymous); run `atr link` to carry their entity ids forward.")
