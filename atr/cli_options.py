"""Options shared by several commands, declared once so they read the same everywhere."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from atr.errors import UsageError
from atr.project import ProjectConfig, load_project
from atr.warehouse import Warehouse, open_warehouse

DEFAULT_WAREHOUSE = Path("build/atr.duckdb")

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


def project_or_default(project: Path | None) -> ProjectConfig:
    """The project file's settings, or the defaults when none is given."""
    if project is not None:
        return load_project(project)
    return ProjectConfig().resolve_paths(Path.cwd())


def resolve_warehouse(warehouse: Path | None, project: Path | None) -> Path:
    """Explicit option, then project file, then $ATR_WAREHOUSE, then build/atr.duckdb."""
    if warehouse is not None:
        return warehouse
    if project is not None:
        return load_project(project).warehouse
    env = os.environ.get("ATR_WAREHOUSE")
    return Path(env) if env else DEFAULT_WAREHOUSE


def open_project_warehouse(path: Path, project: Path | None, *, read_only: bool = False) -> Warehouse:
    """Open ``path`` on the project's engine (DuckDB unless the project file says Spark)."""
    config = project_or_default(project)
    return open_warehouse(path, config.engine, read_only=read_only, spark_master=config.spark_master)


def require_existing_warehouse(path: Path) -> Path:
    if not path.exists():  # a DuckDB file or a Spark folder
        raise UsageError(
            f"{path}: warehouse not found", hint="run the earlier stages first, or pass --warehouse"
        )
    return path
