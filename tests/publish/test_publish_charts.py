"""Charts: specs, text alternatives, map winding, spine layout, SVG rendering."""

from __future__ import annotations

import re

import pytest

from atr.publish import figures_indicator as figs
from atr.publish.chart_maps import band_of, quantile_breaks, rewind_clockwise
from atr.publish.chart_render import render_chart
from atr.publish.chart_spine import SpineRow, percentile_inclusive
from atr.publish.dataset import PublishedData
from atr.publish.figures_place import spine
from atr.publish.model import Polarity


def _area(ring: list[list[float]]) -> float:
    return sum(ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1] for i in range(len(ring) - 1)) / 2


def test_rings_are_rewound_for_d3() -> None:
    anticlockwise = [[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0], [0.0, 0.0]]
    hole_clockwise = [[0.2, 0.2], [0.2, 0.8], [0.8, 0.8], [0.8, 0.2], [0.2, 0.2]]
    fixed = rewind_clockwise({"type": "Polygon", "coordinates": [anticlockwise, hole_clockwise]})
    assert _area(fixed["coordinates"][0]) < 0 < _area(fixed["coordinates"][1])
    again = rewind_clockwise(fixed)
    assert again == fixed  # already right: unchanged
    multi = rewind_clockwise({"type": "MultiPolygon", "coordinates": [[anticlockwise]]})
    assert _area(multi["coordinates"][0][0]) < 0
    with pytest.raises(ValueError):
        rewind_clockwise({"type": "Point", "coordinates": [0, 0]})


def test_quantile_breaks_cover_every_value() -> None:
    values = [float(v) for v in range(1, 101)]
    breaks = quantile_breaks(values)
    assert breaks == [20.0, 40.0, 60.0, 80.0, 100.0]
    assert band_of(1.0, breaks) == 0 and band_of(41.0, breaks) == 2 and band_of(100.0, breaks) == 4
    assert quantile_breaks([5.0, 5.0, 5.0]) == [5.0]
    assert quantile_breaks([]) == []


def test_spine_puts_better_on_the_right_whatever_the_polarity() -> None:
    def row(polarity: Polarity, value: float) -> SpineRow:
        return SpineRow("x", value, 50.0, (40.0, 45.0, 55.0, 70.0), polarity, "", "", "")

    low_is_good = row(Polarity.LOW_IS_GOOD, 40.0).scaled()
    high_is_good = row(Polarity.HIGH_IS_GOOD, 40.0).scaled()
    assert low_is_good["point"] == pytest.approx(0.5) and high_is_good["point"] == pytest.approx(-0.5)
    assert high_is_good["range_low"] == pytest.approx(-0.5) and high_is_good["range_high"] == pytest.approx(
        1.0
    )
    assert percentile_inclusive([1, 2, 3, 4, 5], 0.25) == 2 and percentile_inclusive([1, 2], 0.5) == 1.5


def test_district_bars_describe_every_district(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    chart = figs.district_bars(published_data, meta, "2024/25")
    assert chart is not None
    for d in published_data.districts:
        assert d.name in chart.description
    assert "West Yorkshire" in chart.description
    labels = [r["label"] for r in chart.table.rows]
    values = [
        r["value"] for r in chart.table.rows if r["label"] in {d.name for d in published_data.districts}
    ]
    assert values == sorted(values, reverse=True)  # table in chart order: highest first
    assert labels[-2:] == ["West Yorkshire", "England"]
    assert chart.table.csv_text().splitlines()[0].startswith("label,count,denominator,value,lower,upper")


def test_rendered_svg_has_an_accessible_name_and_unique_ids(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    chart = figs.small_area_map(published_data, meta, "2024/25")
    assert chart is not None
    rendered = render_chart(chart)
    head = rendered.svg[: rendered.svg.index(">")]
    assert (
        head.startswith("<svg")
        and 'role="img"' in head
        and 'aria-label="Map of Children looked after' in head
    )
    assert all(i.startswith(f"{chart.chart_id}-") for i in re.findall(r'\bid="([^"]+)"', rendered.svg))
    assert rendered.vega_json is None  # maps stay static (the geometry would double the page)
    assert rendered.svg.count("<path") > 100  # one path per ward at least
    bars = render_chart(figs.district_bars(published_data, meta, "2024/25"))  # type: ignore[arg-type]
    assert bars.vega_json and '"$schema":"https://vega.github.io/schema/vega/v6.json"' in bars.vega_json
    assert "</" not in bars.vega_json.replace("<\\/", "")


def test_gradient_and_spine_are_drawn_when_published(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    gradient = figs.deprivation_gradient(published_data, meta, "2024/25", published_data.region.code)
    assert gradient is not None and "Slope index of inequality" in gradient.description
    assert [r["group"] for r in gradient.table.rows] == [str(d) for d in range(1, 11)]
    leeds = published_data.place("leeds")
    chart = spine(published_data, leeds)
    assert chart is not None and len(chart.table.rows) == len(published_data.indicators)
    assert figs.deprivation_gradient(published_data, meta, "2024/25", "E05001341") is None  # no ward deciles
