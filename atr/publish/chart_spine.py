"""The spine chart of a district profile: every indicator against West Yorkshire at a glance.

Laid out as Fingertips' area profiles do (indicator-statistics.md §4.4), with the districts as
comparators: the benchmark (West Yorkshire) sits on the centre line; a light bar spans the
districts' range and a darker one their middle half (25th to 75th percentile, Excel's inclusive
rule); the area's marker is coloured and shaped by its comparison. For "low is good" indicators the
axis is reversed, so better is always to the right.

The half-width is the largest distance from the benchmark to any figure shown on the row: the
districts that are not suppressed, the area itself *and its 95% interval*. Fingertips takes only
the comparators, but with small numbers most districts may be suppressed, and a lone area would
then define the scale and sit at the edge, reading "much worse" while its interval says "similar".
Counting the interval keeps the position honest: an area similar to the benchmark has an interval
that reaches past the centre line, so it never sits at the edge. A row whose figures all equal the
benchmark keeps a unit half-width rather than collapsing to a point.

Labels are the indicators' full titles wrapped onto lines (never truncated), so two rows can never
read the same.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from atr.publish.chart_specs import INK, MID_GREY, config
from atr.publish.model import Polarity

SPINE_RANGE = "#e6e7e8"
LABEL_LINE_CHARS = 32
"""Characters per label line: a 12 px label line of this length fits :data:`LABEL_WIDTH`."""
LABEL_WIDTH = 210
LINE_BREAK = "\n"


def wrap_label(title: str, width: int = LABEL_LINE_CHARS) -> list[str]:
    """The full title broken at spaces into lines of at most ``width`` characters (a single
    longer word stays whole on its own line); nothing is dropped."""
    lines: list[str] = []
    for word in title.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


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
    interval: tuple[float, float] | None = None
    """The area's 95% confidence interval, when published (it widens the scale; see above)."""

    def shown(self) -> list[float]:
        """Every figure on the row: benchmark, districts, the area and its interval."""
        own = [self.value] if self.value is not None else []
        return [self.benchmark, *self.comparators, *own, *(self.interval or ())]

    def scaled(self) -> dict[str, Any]:
        """Positions on the -1..1 axis (benchmark at 0, better to the right)."""
        half = max(abs(v - self.benchmark) for v in self.shown()) or 1.0
        flip = -1.0 if self.polarity is Polarity.LOW_IS_GOOD else 1.0

        def at(v: float) -> float:
            return round(flip * (v - self.benchmark) / half, 4)

        low, high = at(min(self.comparators)), at(max(self.comparators))
        q1 = at(percentile_inclusive(self.comparators, 0.25))
        q3 = at(percentile_inclusive(self.comparators, 0.75))
        return {
            "label": LINE_BREAK.join(wrap_label(self.label)),
            "title": self.label,
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
    axis = {"labelLimit": LABEL_WIDTH, "labelExpr": "split(datum.label, '\\n')"}  # one line each
    y = {"field": "label", "type": "nominal", "title": None, "sort": None, "axis": axis}
    lines = max((len(wrap_label(r.label)) for r in rows), default=1)
    x_scale = {"domain": [-1.08, 1.08]}
    return {
        "width": 150,
        "height": {"step": 24 if lines == 1 else 12 + 14 * lines},
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
                        {"field": "title", "title": "Indicator", "type": "nominal"},
                        {"field": "value_text", "title": "Value", "type": "nominal"},
                        {"field": "benchmark_text", "title": "West Yorkshire", "type": "nominal"},
                        {"field": "category", "title": "Comparison", "type": "nominal"},
                    ],
                },
            },
        ],
        "config": config(),
    }
