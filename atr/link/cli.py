"""``atr link``: link people and households across partners, and report how well."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from atr.cli_options import (
    ProjectOption,
    WarehouseOption,
    open_project_warehouse,
    project_or_default,
    require_existing_warehouse,
    resolve_warehouse,
)
from atr.console import console
from atr.errors import StageError, UsageError
from atr.identity import IDENTITY_TABLE, IdentityStore, identity_store_path
from atr.identity.optout import load_opt_out
from atr.link.run import report_dir_for, run_link
from atr.link.truth_files import truth_loader
from atr.pseudonymise import load_key
from atr.warehouse import Warehouse


def require_identity_store(wh: Warehouse, store: Path) -> None:
    """Linkage reads identities from the store; say what to do when it is missing."""
    if wh.table_exists(IDENTITY_TABLE):
        raise StageError(
            "link",
            f"the warehouse still holds '{IDENTITY_TABLE}' (written before the identity store existed)",
            fix="run `atr ingest` once: it moves the identities into the encrypted identity store",
        )
    if not store.is_file():
        raise StageError("link", f"{store}: identity store not found", fix="run `atr ingest` first")


def register(app: typer.Typer) -> None:
    app.command("link")(link_command)


def _pct(value: Any) -> str:
    return "–" if value is None else f"{100 * value:.2f}%"


def _print_summary(report: dict[str, Any]) -> None:
    table = Table(title="Linkage")
    table.add_column("Measure")
    table.add_column("Value", justify="right")
    clusters = report["clusters"]
    table.add_row("Identity records", f"{report['records']['total']:,}")
    table.add_row("People (entities)", f"{clusters['entities']:,}")
    table.add_row(
        "Seen in 2+ datasets",
        f"{sum(n for k, n in clusters['people_by_number_of_datasets'].items() if int(k) > 1):,}",
    )
    table.add_row("Splink pairs kept", f"{report['pairs']['scored_kept']:,}")
    table.add_row("Largest cluster", f"{clusters['max_size']:,}")
    table.add_row(
        "Clusters with two valid NHS numbers", f"{clusters['suspicious']['two_nhs_numbers']['count']:,}"
    )
    table.add_row("Household links", f"{sum(v['links'] for v in report['households']['links'].values()):,}")
    truth = report.get("truth")
    if truth:
        people = truth["people"]
        table.add_row(
            "People: pairwise precision / recall",
            f"{_pct(people['pairwise_precision'])} / {_pct(people['pairwise_recall'])}",
        )
        table.add_row(
            "People: cluster precision / recall",
            f"{_pct(people['cluster_precision'])} / {_pct(people['cluster_recall'])}",
        )
        if "households" in truth:
            households = truth["households"]
            table.add_row(
                "Households: precision / recall",
                f"{_pct(households['precision'])} / {_pct(households['recall'])}",
            )
    console.print(table)


def link_command(
    warehouse: WarehouseOption = None,
    project: ProjectOption = None,
    truth: Annotated[
        Path | None,
        typer.Option(
            help="Ground-truth folder of a synthetic run (DIR/truth): adds precision and recall.",
            show_default=False,
        ),
    ] = None,
    key_file: Annotated[
        Path | None,
        typer.Option(
            help="Pseudonymisation key used at ingest (opens the identity store); else the project's, "
            "else $ATR_PSEUDONYMISATION_KEY.",
            show_default=False,
        ),
    ] = None,
    model: Annotated[
        Path | None,
        typer.Option(
            help="Reuse a saved Splink model (JSON) instead of training a new one.", show_default=False
        ),
    ] = None,
    report_dir: Annotated[
        Path | None,
        typer.Option(
            help="Where the model and reports go. Default: link/ beside the warehouse.", show_default=False
        ),
    ] = None,
    sweep: Annotated[
        bool,
        typer.Option(help="With --truth, also re-cluster at six thresholds to show the trade-off."),
    ] = True,
    threshold: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Cluster threshold (match probability); overrides [link] match_threshold.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Link the ingested identity records into people (entity_membership, entity) and households (household_link).

    Deterministic links on valid NHS numbers, UPNs and LA child ids come first, then a Splink
    model (trained by EM, saved as JSON) scores the remaining candidate pairs. Writes
    link_quality and an HTML + JSON quality report beside the warehouse.

    Example: [bold]atr link --warehouse build/atr.duckdb --truth build/synth/truth --key-file secrets/key[/bold]
    """
    settings = project_or_default(project).link
    if threshold is not None:
        settings = settings.model_copy(update={"match_threshold": threshold})
    if truth is not None and not truth.is_dir():
        raise UsageError(
            f"{truth}: truth folder not found", hint="pass the truth/ folder written by `atr synth`"
        )
    config = project_or_default(project)
    if key_file is None and project is not None:
        key_file = config.key_file
    path = require_existing_warehouse(resolve_warehouse(warehouse, project))
    out_dir = report_dir or report_dir_for(path)
    with open_project_warehouse(path, project) as wh:
        require_identity_store(wh, identity_store_path(path))
        key = load_key(key_file)  # opens the identity store (and pseudonymises the truth)
        identities = IdentityStore.beside(path, key)
        opt_out = load_opt_out(config.opt_out, key)
        loader = truth_loader(truth, key) if truth is not None else None
        outputs = run_link(
            wh,
            settings,
            out_dir,
            model_in=model,
            truth_loader=loader,
            sweep=sweep,
            identities=identities,
            opt_out=opt_out,
        )
    _print_summary(outputs.report)
    console.print(f"Model: {outputs.model_json}\nReport: {outputs.report_html} and {outputs.report_json}")
