"""Snapshots of the JSON the site publishes: the Vega-Lite chart specs of an indicator page and a
tile, built from the sample published tables on the synthetic geography (fixed seed), so a change
to what readers are shown is visible in review."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from syrupy.assertion import SnapshotAssertion

from atr.publish import figures_indicator as figs
from atr.publish.chart_render import Chart
from atr.publish.dataset import load_published
from atr.publish.sources import WarehouseSource
from atr.reference.loader import load_reference
from atr.reference.sources import ReferenceSource
from atr.warehouse import open_warehouse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "publish"))
from publish_sample_tables import write_sample_tables


def _specs(tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "atr.duckdb"
    with open_warehouse(path) as wh:
        load_reference(wh, ReferenceSource("synthetic", tmp_path / "synthetic-reference"))
        write_sample_tables(wh, quality=False)
    with open_warehouse(path, read_only=True) as wh:
        data = load_published(WarehouseSource(wh, path))
    specs: dict[str, Any] = {}
    for indicator_id in ("cla_rate", "persistent_absence"):
        meta = data.indicator(indicator_id)
        period = data.latest_period(indicator_id)
        assert period is not None
        charts: list[Chart | None] = [
            figs.district_bars(data, meta, period),
            figs.trend(data, meta, [data.region.code, data.districts[0].code]),
            figs.deprivation_gradient(data, meta, period, data.region.code),
            figs.tile_sparkline(data, meta),
        ]
        for chart in charts:
            assert chart is not None
            specs[chart.chart_id] = json.loads(json.dumps(chart.full_spec()))  # exactly as serialised
    return specs


def test_published_chart_json(snapshot: SnapshotAssertion, tmp_path: Path) -> None:
    specs = _specs(tmp_path)
    assert len(specs) == 8
    assert specs == snapshot
