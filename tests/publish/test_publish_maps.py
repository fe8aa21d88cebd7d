"""Maps that survive small numbers: classes from shown values, special classes named, larger areas
drawn when most small areas are suppressed."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any

from atr.publish import figures_indicator as figs
from atr.publish.chart_maps import NOT_AVAILABLE_LABEL, SUPPRESSED_LABEL, ZERO_LABEL, map_classes
from atr.publish.dataset import PublishedData
from atr.publish.model import Value

ZERO_BAND = re.compile(r"^0(\.0+)? to 0(\.0+)?$")


def _legend(chart: figs.Chart) -> list[str]:
    return list(chart.spec["encoding"]["color"]["scale"]["domain"])


def test_special_classes_are_their_own() -> None:
    classes = map_classes([0.0, 0.0, 2.0, 4.0, 9.0], lambda x: f"{x:.1f}")
    assert classes.labels and not any(ZERO_BAND.match(label) for label in classes.labels)
    assert classes.band(0.0, suppressed=False) == ZERO_LABEL
    assert classes.band(None, suppressed=True) == SUPPRESSED_LABEL
    assert classes.band(None, suppressed=False) == NOT_AVAILABLE_LABEL
    assert classes.band(9.0, suppressed=False) == classes.labels[-1]
    only_zero = map_classes([0.0, 0.0], str)
    assert only_zero.labels == [] and only_zero.band(0.0, suppressed=False) == ZERO_LABEL


def _small_numbers(data: PublishedData, indicator_id: str, period: str, level: str) -> PublishedData:
    """The demo's failure: every ward with cases suppressed, the rest zero."""
    values = []
    for v in data.values:
        if (v.indicator_id, v.period, v.area_type, v.breakdown) == (indicator_id, period, level, "all"):
            if v.value:
                v = dataclasses.replace(
                    v, value=None, lower_95=None, upper_95=None, count=None, suppressed=True
                )
            else:
                v = dataclasses.replace(v, value=0.0, count=0.0)
        values.append(v)
    return dataclasses.replace(data, values=values)


def test_a_mostly_suppressed_ward_map_moves_up_and_says_so(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    period = "2024/25"
    normal = figs.small_area_map(published_data, meta, period)
    assert normal is not None and "-map-ward" in normal.chart_id
    assert not any(ZERO_BAND.match(label) for label in _legend(normal))
    small = _small_numbers(published_data, "cla_rate", period, "ward")
    moved = figs.small_area_map(small, meta, period)
    assert moved is not None and "-map-ward" not in moved.chart_id
    assert moved.description.startswith("Most wards' figures are suppressed at this size, so the map shows")
    assert not any(ZERO_BAND.match(label) for label in _legend(moved))


def test_suppressed_and_zero_areas_are_named_in_the_legend(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    period = "2024/25"
    wards = [v for v in published_data.by_area_type("cla_rate", period, "ward")]
    hide = {v.area_code for v in wards[:3]}
    zero = {v.area_code for v in wards[3:5]}
    values: list[Value] = []
    for v in published_data.values:
        key = (v.indicator_id, v.period, v.area_type)
        if key == ("cla_rate", period, "ward") and v.area_code in hide:
            v = dataclasses.replace(v, value=None, suppressed=True)
        elif key == ("cla_rate", period, "ward") and v.area_code in zero:
            v = dataclasses.replace(v, value=0.0)
        values.append(v)
    chart = figs.small_area_map(dataclasses.replace(published_data, values=values), meta, period)
    assert chart is not None and "-map-ward" in chart.chart_id
    legend = _legend(chart)
    assert ZERO_LABEL in legend and SUPPRESSED_LABEL in legend
    bands = {r["code"]: r["band"] for r in chart.table.rows}
    assert {bands[c] for c in hide} == {SUPPRESSED_LABEL} and {bands[c] for c in zero} == {ZERO_LABEL}
    suppressed = sum(1 for band in bands.values() if band == SUPPRESSED_LABEL)
    assert suppressed >= 3 and f"{suppressed} suppressed [c]" in chart.description
    assert "2 0 (none recorded)" in chart.description


def _suppress(
    data: PublishedData, indicator_id: str, period: str, match: Callable[[Value], bool]
) -> PublishedData:
    values = [
        dataclasses.replace(v, value=None, lower_95=None, upper_95=None, count=None, suppressed=True)
        if v.indicator_id == indicator_id and v.period == period and match(v)
        else v
        for v in data.values
    ]
    return dataclasses.replace(data, values=values)


def _categories(spec: dict[str, Any]) -> set[str]:
    """Every category a chart puts on its axis, from each layer that encodes one."""
    found: set[str] = set()
    for layer in spec.get("layer", []):
        for channel in ("x", "y"):
            sort = layer.get("encoding", {}).get(channel, {}).get("sort")
            if isinstance(sort, list):
                found.update(sort)
    return found


def test_a_suppressed_district_or_decile_is_marked_not_dropped(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    period = "2024/25"
    leeds = next(d for d in published_data.districts if d.name == "Leeds")
    data = _suppress(
        published_data, "cla_rate", period, lambda v: v.area_code == leeds.code and v.breakdown == "all"
    )
    bars = figs.district_bars(data, meta, period)
    assert bars is not None
    assert "Leeds" in _categories(bars.spec)  # kept on the axis, in order, last
    marks = [layer for layer in bars.spec["layer"] if layer.get("mark", {}).get("type") == "text"]
    assert marks and marks[0]["encoding"]["text"]["value"] == "[c]"
    assert "Leeds" in [r["label"] for r in bars.spec["data"]["values"] if r["value"] is None]
    region = published_data.region.code
    data = _suppress(
        published_data,
        "cla_rate",
        period,
        lambda v: v.area_code == region and v.breakdown == "imd_decile" and v.breakdown_value == "10",
    )
    gradient = figs.deprivation_gradient(data, meta, period, region)
    assert gradient is not None
    groups = [r["group"] for r in gradient.spec["data"]["values"]]
    tenth = next(r for r in gradient.spec["data"]["values"] if r["group"] == "10")
    assert "10" in groups and tenth["value"] is None
    assert any(layer.get("mark", {}).get("type") == "text" for layer in gradient.spec["layer"])


def test_a_band_of_one_value_reads_as_that_value() -> None:
    """Five districts make five one-value bands: the first once read "85.6 to 85.6"."""
    classes = map_classes([85.6, 90.1, 100.2, 120.0, 150.0], lambda x: f"{x:.1f}")
    assert classes.labels == ["85.6", "85.6 to 90.1", "90.1 to 100.2", "100.2 to 120.0", "120.0 to 150.0"]
    assert (
        classes.band(85.6, suppressed=False) == "85.6"
        and classes.band(88.0, suppressed=False) == "85.6 to 90.1"
    )
