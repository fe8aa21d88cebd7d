"""Options shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from atr.pseudonymise import ENV_VAR

WarehouseOption = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="Warehouse file. Default: the project file's, else $ATR_WAREHOUSE, else build/atr.duckdb.",
        show_default=False,
    ),
]
ProjectOption = Annotated[
    Path | None,
    typer.Option(
        "--project", "-p", help="Project file (atr.toml) to take settings from.", show_default=False
    ),
]
KeyFileOption = Annotated[
    Path | None,
    typer.Option(
        "--key-file",
        "-k",
        help=f"Pseudonymisation key file used at ingest. Default: the project file's, else ${ENV_VAR}.",
        show_default=False,
    ),
]
