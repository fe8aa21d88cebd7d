"""The ``atr`` command: one sub-command per stage of the flow.

Each stage registers its own commands from ``atr/<stage>/cli.py`` (a ``register(app)``
function), so this file only assembles them and turns user errors into one clear line. The
command modules import their stage's code inside each command, so ``atr --help`` stays quick.
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from atr import __version__
from atr.console import err_console
from atr.errors import AtrError

app = typer.Typer(
    name="atr",
    help=(
        "ATR Observatory: connected data for a trauma-informed city region.\n\n"
        "The stages run in order: reference → synth (demo data) → ingest → link → derive → evaluate → "
        "indicators → publish. `atr run atr.toml` runs them all; `atr demo` runs them on "
        "synthetic West Yorkshire.\n\n"
        "Example: [bold]atr demo[/bold]"
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

_state = {"debug": False}


def _version(value: bool) -> None:
    if value:
        typer.echo(f"atr {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[bool, typer.Option("--debug", help="Show full tracebacks for errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["debug"] = debug


def _register_stages() -> None:
    from atr.derive import cli as derive_cli
    from atr.evaluate import cli as evaluate_cli
    from atr.governance import cli as governance_cli
    from atr.identity import cli as identity_cli
    from atr.indicators import cli as indicators_cli
    from atr.ingest import cli as ingest_cli
    from atr.link import cli as link_cli
    from atr.pipeline import cli as pipeline_cli
    from atr.platform import cli as platform_cli
    from atr.provision import cli as provision_cli
    from atr.publish import cli as publish_cli
    from atr.reference import cli as reference_cli
    from atr.synthetic import cli as synthetic_cli

    for module in (
        reference_cli,
        synthetic_cli,
        ingest_cli,
        link_cli,
        identity_cli,
        derive_cli,
        evaluate_cli,
        indicators_cli,
        provision_cli,
        publish_cli,
        governance_cli,
        pipeline_cli,
        platform_cli,
    ):
        module.register(app)


_register_stages()


def main() -> None:
    """Entry point: run the app; a user error prints one line and exits non-zero."""
    try:
        app()
    except AtrError as exc:
        if _state["debug"]:
            raise
        err_console.print(f"[bold red]error:[/bold red] {exc}", soft_wrap=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
