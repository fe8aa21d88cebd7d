"""Render a Vega-Lite chart once, at build time, into what a page needs.

Each chart becomes (1) an SVG drawn by vl-convert and inlined in the HTML, so it shows with
JavaScript off, from ``file://`` and in the PDF; (2) the compiled Vega spec, which the page's
script hands to the locally bundled vega-embed for tooltips where JavaScript runs (the browser
then needs only vega, not vega-lite). The SVG gets ``role="img"`` and an ``aria-label`` taken
from the spec's ``description``, which reads the values out, because vl-convert's root SVG has
no accessible name (docs/publish.md, "Accessibility").
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

import vl_convert as vlc

from atr.publish.datatable import DataTable

VEGA_LITE_VERSION = "6.4"
"""Matches the vega-lite the npm assets pin (6.4.3, the last that supports Node 20)."""

_ID = re.compile(r'\bid="([^"]+)"')


@dataclass
class Chart:
    chart_id: str
    title: str
    description: str
    spec: dict[str, Any]
    table: DataTable
    interactive: bool = True

    def full_spec(self) -> dict[str, Any]:
        return {
            "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
            "description": self.description,
            **self.spec,
        }


@dataclass(frozen=True)
class RenderedChart:
    chart: Chart
    svg: str
    vega_json: str | None

    @property
    def chart_id(self) -> str:
        return self.chart.chart_id

    @property
    def csv_name(self) -> str:
        return f"{self.chart.chart_id}.csv"

    @property
    def svg_name(self) -> str:
        return f"{self.chart.chart_id}.svg"


def _label_svg(svg: str, chart: Chart) -> str:
    """Give the root element an accessible name and make its ids unique on the page."""
    svg = svg[svg.index("<svg") :]
    prefix = re.sub(r"[^A-Za-z0-9_-]", "-", chart.chart_id)
    ids = set(_ID.findall(svg))
    for old in ids:
        svg = svg.replace(f'id="{old}"', f'id="{prefix}-{old}"').replace(
            f"url(#{old})", f"url(#{prefix}-{old})"
        )
    label = html.escape(chart.description, quote=True)
    return svg.replace(
        "<svg ", f'<svg role="img" aria-label="{label}" focusable="false" class="atr-chart__svg" ', 1
    )


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script type="application/json">``."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).replace("</", "<\\/")


def render_chart(chart: Chart) -> RenderedChart:
    vega = vlc.vegalite_to_vega(chart.full_spec(), vl_version=VEGA_LITE_VERSION)
    svg = _label_svg(vlc.vega_to_svg(vega), chart)
    return RenderedChart(chart=chart, svg=svg, vega_json=script_json(vega) if chart.interactive else None)


def standalone_svg(rendered: RenderedChart) -> str:
    """The chart as a file of its own (the "download this chart" link)."""
    svg = rendered.svg
    if "<title>" not in svg:
        title = f"<title>{html.escape(rendered.chart.title)}</title>"
        svg = re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + title, svg, count=1)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg
