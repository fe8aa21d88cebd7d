"""Spine charts that survive small numbers and show full labels (#19)."""

from __future__ import annotations

import dataclasses
import re

import pytest

from atr.indicators import load_catalogue
from atr.publish.categories import category_style
from atr.publish.chart_render import render_chart
from atr.publish.chart_spine import LABEL_LINE_CHARS, SpineRow, wrap_label
from atr.publish.dataset import PublishedData
from atr.publish.figures_place import spine
from atr.publish.model import Assessment, Polarity


def _row(value: float, comparators: tuple[float, ...], interval: tuple[float, float] | None) -> SpineRow:
    return SpineRow("x", value, 50.0, comparators, Polarity.LOW_IS_GOOD, "", "", "", interval)


def test_a_lone_area_similar_to_the_benchmark_is_not_at_the_edge() -> None:
    # every other district suppressed: the area is its own only comparator
    alone = _row(53.0, (53.0,), (44.0, 62.0)).scaled()
    assert alone["point"] == pytest.approx(-3.0 / 12.0)  # half-width from the interval's far end
    assert abs(alone["point"]) < 1.0
    # without an interval the old rule applies (the area defines the scale)
    assert _row(53.0, (53.0,), None).scaled()["point"] == pytest.approx(-1.0)
    # a significantly worse area stays on the worse side, inside the axis
    worse = _row(70.0, (70.0,), (65.0, 75.0)).scaled()
    assert -1.0 < worse["point"] < -0.5


def test_a_row_at_the_benchmark_never_collapses_to_a_point() -> None:
    flat = _row(50.0, (50.0, 50.0), (50.0, 50.0)).scaled()
    assert flat["point"] == 0.0 and flat["range_low"] == flat["range_high"] == 0.0


def _only_area_published(data: PublishedData, keep: str) -> PublishedData:
    """Every other district's figure suppressed, as at the demo's scale."""
    district_codes = {d.code for d in data.districts} - {keep}
    values = [
        dataclasses.replace(v, value=None, lower_95=None, upper_95=None, count=None, suppressed=True)
        if v.area_code in district_codes and v.breakdown == "all"
        else v
        for v in data.values
    ]
    return dataclasses.replace(data, values=values)


def test_similar_markers_stay_inside_when_other_districts_are_suppressed(
    published_data: PublishedData,
) -> None:
    leeds = published_data.place("leeds")
    chart = spine(_only_area_published(published_data, leeds.code), leeds)
    assert chart is not None
    rows = chart.spec["layer"][0]["data"]["values"] if "data" in chart.spec["layer"][0] else None
    rows = rows or chart.spec["data"]["values"]
    similar = category_style(Assessment.SIMILAR, published_data.region.name).label
    points = [r for r in rows if r["point"] is not None]
    assert points and all(-1.0 <= r["point"] <= 1.0 for r in points)
    assert all(r["range_low"] == r["range_high"] for r in points)  # one district shown: no range
    alike = [r for r in points if r["category"] == similar]
    assert alike, "the fixture should have an indicator where Leeds is similar to West Yorkshire"
    assert all(abs(r["point"]) < 1.0 for r in alike)


def test_every_catalogue_title_wraps_whole_and_reads_uniquely() -> None:
    titles = [i.title for i in load_catalogue()]
    for title in titles:
        lines = wrap_label(title)
        # three lines at most: labels are narrow enough for a 390 px phone (LABEL_WIDTH), so the
        # longest titles take a third line rather than shrinking the chart's text
        assert " ".join(lines) == title and len(lines) <= 3
        assert all(len(line) <= LABEL_LINE_CHARS for line in lines)
    assert len({"\n".join(wrap_label(t)) for t in titles}) == len(set(titles))


def test_spine_labels_are_full_titles_on_separate_lines(published_data: PublishedData) -> None:
    leeds = published_data.place("leeds")
    chart = spine(published_data, leeds)
    assert chart is not None
    rows = chart.spec["data"]["values"]
    assert [r["title"] for r in rows] == [r["label"].replace("\n", " ") for r in rows]
    long = max(rows, key=lambda r: len(r["title"]))
    svg = render_chart(chart).svg
    drawn = set(re.findall(r"<tspan[^>]*>([^<]+)</tspan>|<text[^>]*>([^<]+)</text>", svg))
    texts = {a or b for a, b in drawn}
    for line in long["label"].split("\n"):
        assert line.replace("&", "&amp;") in texts or line in texts
    assert not any(t.endswith("…") for t in texts)  # nothing truncated
