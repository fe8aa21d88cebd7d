"""``atr synth``: generate synthetic West Yorkshire, or check a generated folder's calibration."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from atr.console import console
from atr.errors import UsageError


def register(app: typer.Typer) -> None:
    app.command("synth")(synth_command)


def synth_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Folder to write extract/, reference/ and truth/ into.", show_default=False
        ),
    ] = None,
    scale: Annotated[
        float, typer.Option(help="Share of West Yorkshire to simulate (1.0 ≈ 2.3 million people).")
    ] = 0.05,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed and scale give identical files.")] = 7,
    datasets: Annotated[
        str | None,
        typer.Option(
            help="Comma-separated datasets to write (default: all), e.g. csc,police.", show_default=False
        ),
    ] = None,
    reference_dir: Annotated[
        Path | None,
        typer.Option(
            "--reference-dir",
            "-r",
            help="Reference geography. Default: $ATR_REFERENCE_DIR, cache, else synthetic.",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        Path | None,
        typer.Option(
            "--check", help="Print the calibration table of a generated folder instead.", show_default=False
        ),
    ] = None,
) -> None:
    """Generate synthetic partner extracts with ground truth, or check their calibration.

    Writes DIR/extract/<dataset>/<partner_code>/ (contract extracts, manifests marked synthetic),
    DIR/reference/wy_postcode_lsoa.csv and DIR/truth/*.parquet.

    Example: [bold]atr synth --scale 0.05 --seed 7 --out build/synth[/bold]
    """
    if check is not None:
        _print_check(check)
        return
    if out is None:
        raise UsageError("--out is required (or use --check DIR)")
    from atr import api

    summary = api.synth(out, scale=scale, seed=seed, datasets=datasets, reference_dir=reference_dir)
    if summary.reference.is_synthetic:
        console.print(
            "[bold yellow]SYNTHETIC GEOGRAPHY[/bold yellow]: no reference data found; invented LSOAs in use."
        )
    table = Table(title=f"Synthetic extracts (scale {scale}, seed {seed}, {summary.people:,} people)")
    for column in ("Dataset", "Partner", "Person rows", "Other rows"):
        table.add_column(column, justify="left" if column in ("Dataset", "Partner") else "right")
    for (dataset, partner), rows in summary.rows.items():
        table.add_row(
            dataset, partner, f"{rows['person']:,}", f"{sum(v for k, v in rows.items() if k != 'person'):,}"
        )
    console.print(table)
    console.print(
        f"Wrote {out}/extract, {out}/reference/wy_postcode_lsoa.csv and {out}/truth. Check with [bold]atr synth --check {out}[/bold]."
    )


def _print_check(folder: Path) -> None:
    from atr import api
    from atr.synthetic import format_value, summarise

    rows = api.synth_check(folder)
    table = Table(title=f"Calibration of {folder}")
    for column in ("Target", "Published", "Simulated", "Tolerance", "Within", "Source"):
        table.add_column(
            column, justify="right" if column in ("Published", "Simulated", "Tolerance") else "left"
        )
    for r in rows:
        table.add_row(
            f"{r.label} ({r.unit})",
            format_value(r.target),
            format_value(r.simulated),
            f"±{format_value(r.tolerance)}",
            "[green]yes[/green]" if r.within else "[red]no[/red]",
            escape(r.source),
        )
    console.print(table)
    within, total = summarise(rows)
    console.print(f"{within} of {total} targets within tolerance.")
    if within < total:
        raise typer.Exit(1)
