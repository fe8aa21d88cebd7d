"""The demo: the whole flow on synthetic people, from nothing to outputs."""

from __future__ import annotations

from pathlib import Path

from atr.console import console
from atr.reference.cli import print_summary
from atr.reference.loader import load_reference
from atr.reference.sources import resolve_reference_source
from atr.warehouse import open_warehouse


def run_demo(out: Path, reference_dir: Path | None) -> None:
    """Load reference data (real if available, else synthetic) and summarise it."""
    source = resolve_reference_source(reference_dir)
    warehouse_path = out / "atr.duckdb"
    with open_warehouse(warehouse_path) as wh:
        summary = load_reference(wh, source)
    print_summary(summary)
    console.print(f"Demo warehouse: {warehouse_path}")
