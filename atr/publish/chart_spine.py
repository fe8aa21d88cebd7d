"""The spine chart of a district profile: every indicator against West Yorkshire at a glance.

Laid out as Fingertips' area profiles do (indicator-statistics.md §4.4), with the districts as
comparators: the benchmark (West Yorkshire) sits on the centre line; the half-width is the larger
distance from it to the lowest or highest district; a light bar spans the districts' range and a
darker one their middle half (25th to 75th percentile, Excel's inclusive rule); the area's marker
is coloured and shaped by its comparison. For "low is good" indicators the axis is reversed, so
better is always to the right.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from atr.publish.chart_specs import INK, MID_GREY, config
from atr.publish.model import Polarity

SPINE_RANGE = "#e6e7e8"


def percentile_inclusive(values: Sequence[float], fraction: float) -> float:
    """Excel PERCENTILE.INC: rank h = (N - 1) f, linear interpolation."""
    ordered = sorted(values)
    h = (len(ordered) - 1) * fraction
    lower = int(h)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (h - lower) * (ordered[upper] - ordered[lower])


@dataclass(frozen=True)
class SpineRow:
    label: str
    value: float | None
    benchmark: float
    comparators: tuple[float, ...]
    polarity: Polarity
    category: str
    value_text: str
    benchmark_text: str

    def scaled(self) -> dict[str, Any]:
        """Positions on the -1..1 axis (benchmark at 0, better to the right)."""
        values = list(self.comparators) + ([self.value] if self.value is not None else [])
        half = max((abs(v - self.benchmark) for v in values), default=0.0) or 1.0
        flip = -1.0 if self.polarity is Polarity.LOW_IS_GOOD else 1.0

        def at(v: float) -> float:
            return round(flip * (v - self.benchmark) / half, 4)

        low, high = at(min(self.comparators)), at(max(self.comparators))
        q1 = at(percentile_inclusive(self.comparators, 0.25))
        q3 = at(percentile_inclusive(self.comparators, 0.75))
        return {
            "label": self.label,
            "range_low": min(low, high),
            "range_high": max(low, high),
            "mid_low": min(q1, q3),
            "mid_high": max(q1, q3),
            "point": at(self.value) if self.value is not None else None,
            "category": self.category,
            "value_text": self.value_text,
            "benchmark_text": self.benchmark_text,
        }


def spine_spec(
    rows: list[SpineRow], *, categories: list[str], colours: list[str], shapes: list[str]
) -> dict[str, Any]:
    data = [r.scaled() for r in rows if r.comparators]
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": {"labelLimit": 185}}
    x_scale = {"domain": [-1.08, 1.08]}
    return {
        "width": 150,
        "height": {"step": 24},
        "data": {"values": data},
        "layer": [
            {
                "mark": {"type": "bar", "aria": False, "color": SPINE_RANGE, "height": {"band": 0.6}},
                "encoding": {
                    "y": y,
                    "x": {
                        "field": "range_low",
                        "type": "quantitative",
                        "scale": x_scale,
                        "title": "← Worse   |   Better →",
                        "axis": {"labels": False, "ticks": False, "grid": False},
                    },
                    "x2": {"field": "range_high"},
                },
            },
            {
                "mark": {"type": "bar", "aria": False, "color": MID_GREY, "height": {"band": 0.6}},
                "encoding": {
                    "y": y,
                    "x": {"field": "mid_low", "type": "quantitative", "scale": x_scale},
                    "x2": {"field": "mid_high"},
                },
            },
            {
                "data": {"values": [{"zero": 0}]},
                "mark": {"type": "rule", "aria": False, "color": INK, "strokeWidth": 2},
                "encoding": {"x": {"field": "zero", "type": "quantitative", "scale": x_scale}},
            },
            {
                "transform": [{"filter": "datum.point != null"}],
                "mark": {
                    "type": "point",
                    "aria": False,
                    "filled": True,
                    "size": 130,
                    "stroke": INK,
                    "strokeWidth": 1,
                },
                "encoding": {
                    "y": y,
                    "x": {"field": "point", "type": "quantitative", "scale": x_scale},
                    "color": {
                        "field": "category",
                        "type": "nominal",
                        "title": "Compared with West Yorkshire",
                        "scale": {"domain": categories, "range": colours},
                    },
                    "shape": {
                        "field": "category",
                        "type": "nominal",
                        "title": "Compared with West Yorkshire",
                        "scale": {"domain": categories, "range": shapes},
                    },
                    "tooltip": [
                        {"field": "label", "title": "Indicator", "type": "nominal"},
                        {"field": "value_text", "title": "Value", "type": "nominal"},
                        {"field": "benchmark_text", "title": "West Yorkshire", "type": "nominal"},
                        {"field": "category", "title": "Comparison", "type": "nominal"},
                    ],
                },
            },
        ],
        "config": config(),
    }
