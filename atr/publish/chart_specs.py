"""Vega-Lite specs for the dashboard's charts, as plain dicts (no plotting library needed).

Design rules, from docs/publish.md and the measured stack:

* GOV.UK colours and Arial (measured as Liberation Sans, Arial's metric twin, so vl-convert's
  text widths match the browser's);
* every chart narrow enough (at most ~360 px) to be read unscaled on a 390 px phone;
* colour is never the only cue: comparison categories also differ in shape or are labelled in
  the tooltip and the table; trend lines differ in dash pattern as well as colour;
* data marks have ``aria: false``: the chart's accessible name (its ``description``) reads the
  values out, and unlabelled per-mark ARIA nodes would only add noise for screen readers.
"""

from __future__ import annotations

from typing import Any

FONT = "Arial, Liberation Sans, sans-serif"
INK = "#0b0c0c"
SECONDARY = "#505a5f"
MID_GREY = "#b1b4b6"
BLUE = "#1d70b8"

SERIES_COLOURS = ("#0b0c0c", "#1d70b8", "#d4351c", "#00703c", "#4c2c92", "#f47738", "#d53880", "#28a197")
SERIES_DASHES = ([1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2], [3, 6])
CHART_WIDTH = 300


def config() -> dict[str, Any]:
    return {
        "font": FONT,
        "background": "white",
        "view": {"stroke": None},
        "axis": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "labelColor": INK,
            "titleColor": INK,
            "titleFontWeight": "normal",
            "gridColor": "#e5e5e5",
            "domainColor": SECONDARY,
            "tickColor": SECONDARY,
            "labelLimit": 170,
        },
        "legend": {
            "labelFontSize": 12,
            "titleFontSize": 12,
            "labelColor": INK,
            "titleColor": INK,
            "titleFontWeight": "normal",
            "orient": "bottom",
            "direction": "vertical",
            "labelLimit": 280,
        },
    }


def _tooltip(fields: list[tuple[str, str]]) -> list[dict[str, str]]:
    return [{"field": f, "title": t, "type": "nominal"} for f, t in fields]


TOOLTIP_FIELDS = [
    ("label", "Area"),
    ("value_text", "Value"),
    ("interval_text", "95% confidence interval"),
    ("category", "Comparison"),
]


def bar_with_intervals(
    rows: list[dict[str, Any]],
    *,
    x_title: str,
    category_title: str,
    categories: list[str],
    colours: list[str],
    benchmark: tuple[str, float] | None,
    highlight: str | None = None,
) -> dict[str, Any]:
    """Horizontal bars ordered by value, with 95% interval whiskers and a benchmark line.

    ``rows``: ``label, value, lower, upper, category, value_text, interval_text``. A row whose
    value is suppressed (``value`` None) keeps its place, last, marked "[c]" (never dropped).
    """
    order = [r["label"] for r in sorted(rows, key=lambda r: (r["value"] is None, -(r["value"] or 0.0)))]
    y = {"field": "label", "type": "nominal", "title": None, "sort": order}
    bars: dict[str, Any] = {
        "mark": {"type": "bar", "aria": False, "stroke": INK, "strokeWidth": 0.5, "height": {"band": 0.7}},
        "encoding": {
            "y": y,
            "x": {"field": "value", "type": "quantitative", "title": x_title},
            "color": {
                "field": "category",
                "type": "nominal",
                "title": category_title,
                "scale": {"domain": categories, "range": colours},
            },
            "tooltip": _tooltip(TOOLTIP_FIELDS),
        },
    }
    if highlight:
        bars["encoding"]["strokeWidth"] = {
            "condition": {"test": {"field": "label", "equal": highlight}, "value": 2.5},
            "value": 0.5,
        }
    whiskers = {
        "mark": {"type": "rule", "aria": False, "color": INK, "strokeWidth": 1.5},
        "encoding": {"y": y, "x": {"field": "lower", "type": "quantitative"}, "x2": {"field": "upper"}},
    }
    layers: list[dict[str, Any]] = [bars, whiskers, suppressed_marks(y, "y")]
    if benchmark is not None:
        name, value = benchmark
        layers.append(
            {
                "data": {"values": [{"benchmark": value, "name": f"{name}: {value:,.1f}"}]},
                "layer": [
                    {
                        "mark": {
                            "type": "rule",
                            "aria": False,
                            "color": INK,
                            "strokeDash": [6, 4],
                            "strokeWidth": 2,
                        },
                        "encoding": {"x": {"field": "benchmark", "type": "quantitative"}},
                    },
                    {
                        "mark": {
                            "type": "text",
                            "aria": False,
                            **_benchmark_label_side(rows, value),
                            "dy": -4,
                            "y": 0,
                            "fontSize": 11,
                            "baseline": "bottom",
                        },
                        "encoding": {
                            "x": {"field": "benchmark", "type": "quantitative"},
                            "text": {"field": "name"},
                        },
                    },
                ],
            }
        )
    return {
        "width": 240,
        "height": {"step": 26},
        "padding": {"top": 16, "left": 4, "right": 12, "bottom": 4},
        "data": {"values": rows},
        "layer": layers,
        "config": config(),
    }


def _benchmark_label_side(rows: list[dict[str, Any]], benchmark: float) -> dict[str, Any]:
    """The benchmark's label beside its line, on the side with room: right of a line in the left
    half of the bars' extent, left of one further right, so the label never widens the chart past
    the plot (on a 390 px phone that would shrink all of its text)."""
    ends = [r[k] for r in rows for k in ("value", "upper") if r.get(k) is not None]
    extent = max([*ends, benchmark, 0.0])
    if extent > 0 and benchmark > extent / 2:
        return {"align": "right", "dx": -4}
    return {"align": "left", "dx": 4}


def trend_lines(
    rows: list[dict[str, Any]],
    *,
    periods: list[str],
    series: list[str],
    band_series: str | None,
    y_title: str,
) -> dict[str, Any]:
    """Lines over financial years, one per area, with a 95% band for ``band_series``.

    ``rows``: ``series, period, value, lower, upper, value_text, interval_text``.
    """
    x = {
        "field": "period",
        "type": "ordinal",
        "title": "Financial year",
        "sort": periods,
        "axis": {"labelAngle": -40},
    }
    colours = list(SERIES_COLOURS[: len(series)])
    dashes = list(SERIES_DASHES[: len(series)])
    layers: list[dict[str, Any]] = []
    if band_series:
        layers.append(
            {
                "transform": [{"filter": {"field": "series", "equal": band_series}}],
                "mark": {"type": "area", "aria": False, "opacity": 0.15, "color": INK},
                "encoding": {
                    "x": x,
                    "y": {"field": "lower", "type": "quantitative"},
                    "y2": {"field": "upper"},
                },
            }
        )
    legend = {"symbolType": "stroke", "symbolStrokeWidth": 2.5, "symbolSize": 500}
    colour = {
        "field": "series",
        "type": "nominal",
        "title": None,
        "scale": {"domain": series, "range": colours},
        "legend": legend,
    }
    layers.append(
        {
            "mark": {"type": "line", "aria": False, "strokeWidth": 2, "point": {"filled": True, "size": 36}},
            "encoding": {
                "x": x,
                "y": {"field": "value", "type": "quantitative", "title": y_title, "scale": {"zero": False}},
                "color": colour,
                "strokeDash": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"domain": series, "range": dashes},
                    "legend": legend,
                },
                "tooltip": _tooltip(
                    [
                        ("series", "Area"),
                        ("period", "Year"),
                        ("value_text", "Value"),
                        ("interval_text", "95% confidence interval"),
                    ]
                ),
            },
        }
    )
    return {
        "width": CHART_WIDTH,
        "height": 190,
        "data": {"values": rows},
        "layer": layers,
        "config": {**config(), "legend": {**config()["legend"], "columns": 2}},
    }


SUPPRESSED_MARK = "[c]"


def suppressed_marks(category: dict[str, Any], channel: str) -> dict[str, Any]:
    """A "[c]" at zero for each suppressed row (value null), on the category axis ``channel``.

    Vega-Lite drops a bar whose value is null; this layer keeps the category on the axis and says
    why it has no bar, so a chart never silently loses a district or decile.
    """
    value_channel = "x" if channel == "y" else "y"
    return {
        "transform": [{"filter": "datum.value === null"}],
        "mark": {
            "type": "text",
            "aria": False,
            "align": "left" if channel == "y" else "center",
            "dx": 3 if channel == "y" else 0,
            "dy": 0 if channel == "y" else -6,
            "color": INK,
        },
        "encoding": {
            channel: category,
            value_channel: {"datum": 0, "type": "quantitative"},
            "text": {"value": SUPPRESSED_MARK},
        },
    }


def gradient_bars(rows: list[dict[str, Any]], *, x_title: str, y_title: str) -> dict[str, Any]:
    """Bars by deprivation group (1 = most deprived) with 95% intervals.

    ``rows``: ``group, value, lower, upper, value_text, interval_text``; a suppressed group
    (``value`` None) is marked "[c]" in its place.
    """
    x = {"field": "group", "type": "ordinal", "title": x_title, "sort": None, "axis": {"labelAngle": 0}}
    return {
        "width": CHART_WIDTH,
        "height": 180,
        "data": {"values": rows},
        "layer": [
            {
                "mark": {"type": "bar", "aria": False, "color": BLUE},
                "encoding": {
                    "x": x,
                    "y": {"field": "value", "type": "quantitative", "title": y_title},
                    "tooltip": _tooltip(
                        [
                            ("group", x_title),
                            ("value_text", "Value"),
                            ("interval_text", "95% confidence interval"),
                        ]
                    ),
                },
            },
            {
                "mark": {"type": "rule", "aria": False, "color": INK, "strokeWidth": 1.5},
                "encoding": {
                    "x": x,
                    "y": {"field": "lower", "type": "quantitative"},
                    "y2": {"field": "upper"},
                },
            },
            suppressed_marks(x, "x"),
        ],
        "config": config(),
    }


def sparkline(rows: list[dict[str, Any]], periods: list[str]) -> dict[str, Any]:
    """A small trend line for a KPI tile (the tile's text carries the figures)."""
    return {
        "width": 120,
        "height": 36,
        "padding": 2,
        "data": {"values": rows},
        "mark": {
            "type": "line",
            "aria": False,
            "color": INK,
            "strokeWidth": 2,
            "point": {"filled": True, "size": 14},
        },
        "encoding": {
            "x": {"field": "period", "type": "ordinal", "sort": periods, "axis": None},
            "y": {"field": "value", "type": "quantitative", "axis": None, "scale": {"zero": False}},
        },
        "config": config(),
    }
