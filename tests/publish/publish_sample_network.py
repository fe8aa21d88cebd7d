"""The network section's published KPIs for the sample tables (split from ``publish_sample_tables``)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from atr.warehouse import Warehouse


def network_published(
    wh: Warehouse, periods: tuple[str, ...]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(meta, values) of the network KPIs, computed by the real indicators stage from the
    synthetic network, so the dashboard's network section is built and checked with the rest."""
    from atr.derive.network import year_tables
    from atr.indicators.catalogue import load_catalogue
    from atr.indicators.engine import run_indicators
    from atr.synthetic.network import DEFAULT_EXTRACT_DATE, as_ingested, generate_network

    tables = year_tables(as_ingested(generate_network(5)), {"WYATR": DEFAULT_EXTRACT_DATE}, list(periods))
    for name, table in tables.items():
        wh.write_arrow(name, table)
    catalogue = [i for i in load_catalogue() if "network" in i.sources]
    with tempfile.TemporaryDirectory() as out:
        run_indicators(wh, Path(out), catalogue=catalogue, sii_repetitions=10)
    meta = wh.query("SELECT * FROM indicator_meta").to_pylist()
    values = wh.query("SELECT * FROM indicator_value").to_pylist()
    for name in tables:
        wh.execute(f"DROP TABLE {name}")
    return meta, values
