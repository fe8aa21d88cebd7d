"""Run the stages a project file describes, in order."""

from __future__ import annotations

from pathlib import Path

from atr.console import console
from atr.project import load_project
from atr.reference.cli import print_summary
from atr.reference.loader import load_reference
from atr.reference.sources import resolve_reference_source
from atr.warehouse import open_warehouse


def run_project(project_file: Path) -> None:
    """Reference → (later stages as they exist). Each stage reads and writes the warehouse."""
    config = load_project(project_file)
    source = resolve_reference_source(config.reference_dir)
    with open_warehouse(config.warehouse, config.engine) as wh:
        summary = load_reference(wh, source, config.postcode_directory)
    print_summary(summary)
    console.print(f"Warehouse: {config.warehouse}")
