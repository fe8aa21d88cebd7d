"""``atr link``: link people and households across partners, and report how well."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from atr.cli_options import KeyFileOption, ProjectOption, WarehouseOption
from atr.console import console


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
    key_file: KeyFileOption = None,
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
    from atr import api

    outputs = api.link(
        warehouse=warehouse,
        project=project,
        truth=truth,
        key_file=key_file,
        model=model,
        report_dir=report_dir,
        sweep=sweep,
        threshold=threshold,
    )
    _print_summary(outputs.report)
    console.print(f"Model: {outputs.model_json}\nReport: {outputs.report_html} and {outputs.report_json}")
