"""``atr demo``, ``atr run`` and ``atr init``: the whole flow in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.atomic import write_text_atomic
from atr.console import console
from atr.errors import UsageError
from atr.pipeline.demo import DEMO_SCALE
from atr.project import EXAMPLE_PROJECT


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)
    app.command("run")(run_command)
    app.command("init")(init_command)


def demo_command(
    out: Annotated[Path, typer.Option(help="Folder for the demo's warehouse and outputs.")] = Path(
        "build/demo"
    ),
    reference_dir: Annotated[
        Path | None,
        typer.Option("--reference-dir", "-r", help="Real reference data, if available.", show_default=False),
    ] = None,
    scale: Annotated[
        float,
        typer.Option(help="Synthetic population scale (1.0 = all of West Yorkshire, about 2.3 million)."),
    ] = DEMO_SCALE,
    seed: Annotated[int, typer.Option(help="Random seed of the synthetic population.")] = 7,
) -> None:
    """Run the demo end to end on synthetic people (uses real geography where available).

    Example: [bold]atr demo --out build/demo[/bold]
    """
    from atr import api

    api.demo(out, reference_dir=reference_dir, scale=scale, seed=seed)


def run_command(
    project: Annotated[Path, typer.Argument(help="The project file (atr.toml).")],
    force: Annotated[
        bool, typer.Option("--force", help="Redo stages even if their inputs did not change.")
    ] = False,
    from_stage: Annotated[
        str | None,
        typer.Option(
            "--from",
            help="Resume from this stage (reference, ingest, link, derive, evaluate, indicators, publish).",
        ),
    ] = None,
    allow_partial: Annotated[
        bool,
        typer.Option(
            "--allow-partial",
            help="Go on to publish even though ingest rejected files (the previous loads of those "
            "partners stay in force); every page then carries a banner saying so.",
        ),
    ] = False,
) -> None:
    """Run every stage the project file describes: reference → ingest → link → derive → evaluate → indicators → publish.

    Stages whose inputs did not change since the last run are skipped. If ingest rejects a file, the run stops before publishing (exit status 1) unless --allow-partial.

    Example: [bold]atr run atr.toml --from link[/bold]
    """
    from atr import api
    from atr.pipeline import print_run_summary

    print_run_summary(api.run(project, force=force, from_stage=from_stage, allow_partial=allow_partial))


def init_command(
    path: Annotated[Path, typer.Argument(help="Where to write the project file.")] = Path("atr.toml"),
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write an example project file to start from.

    Example: [bold]atr init atr.toml[/bold]
    """
    if path.exists() and not force:
        raise UsageError(f"{path} already exists", hint="use --force to overwrite")
    write_text_atomic(path, EXAMPLE_PROJECT)
    console.print(f"Wrote {path}. Edit it, then run [bold]atr run {path}[/bold].")
