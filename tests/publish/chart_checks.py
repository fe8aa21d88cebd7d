"""What every published chart must be, as one function a test runs over every chart a build makes.

A chart (``atr.publish.chart_render.RenderedChart``) passes when:

- it has a **title** and a **text alternative** (the spec's ``description``, which the SVG carries
  as ``aria-label`` on an element with ``role="img"``), both in plain words;
- it has a **static SVG** (drawn at build time, shown without JavaScript and in the PDF) whose
  standalone file carries a ``<title>``;
- every **axis and legend title** drawn is plain words: no snake_case identifier and no name of
  a field of its data (a default title such as ``value`` or ``range_low``); a chart with axes
  has at least one title (sparklines draw no axes: they are decoration beside the figure);
- a chart of one indicator states the indicator's **unit** as an axis or legend title;
- no **legend label** reads as an empty range ("0.0 to 0.0": every area in one class with
  nothing to tell apart, what maps of small numbers once drew);
- a **suppressed** figure is never drawn as zero: its value in the chart's data is null, its
  table cell reads ``[c]``, and the SVG shows ``[c]`` (once per suppressed bar or point; a map
  names the class "Suppressed [c]" in its legend).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from pdf_layout import SNAKE_CASE

from atr.publish.chart_render import RenderedChart, standalone_svg
from atr.publish.chart_specs import SUPPRESSED_MARK

_TITLE = re.compile(r'<g class="mark-text role-(axis|legend)-title"[^>]*>(.*?)</g>', re.S)
_TAG = re.compile(r"<[^>]+>")
_LABEL = re.compile(r'<g class="mark-text role-legend-label"[^>]*>(.*?)</g>', re.S)
_EMPTY_RANGE = re.compile(r"^(.+?)\s+(?:to|–)\s+\1$")


def legend_labels(svg: str) -> list[str]:
    """The text of each legend entry vl-convert drew."""
    return [html.unescape(_TAG.sub("", body)).strip() for body in _LABEL.findall(svg)]


def drawn_titles(svg: str) -> list[tuple[str, str]]:
    """(``axis`` or ``legend``, text) of each title vl-convert drew."""
    return [(kind, html.unescape(_TAG.sub("", body)).strip()) for kind, body in _TITLE.findall(svg)]


def unit_title(unit: str) -> str:
    """The unit as an axis reads it: ``%`` is "Per cent"; the first letter capitalised."""
    return "Per cent" if unit.strip() == "%" else unit[:1].upper() + unit[1:]


def _data_rows(spec: Any) -> Iterator[dict[str, Any]]:
    if isinstance(spec, dict):
        values = spec.get("values")
        if isinstance(values, list):
            yield from (row for row in values if isinstance(row, dict))
        for child in spec.values():
            yield from _data_rows(child)
    elif isinstance(spec, list):
        for child in spec:
            yield from _data_rows(child)


def _fields(spec: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(spec, dict):
        if isinstance(spec.get("field"), str):
            found.add(spec["field"].rsplit(".", 1)[-1])
        for child in spec.values():
            found |= _fields(child)
    elif isinstance(spec, list):
        for child in spec:
            found |= _fields(child)
    return found


def chart_problems(rendered: RenderedChart) -> list[str]:
    """Every way ``rendered`` breaks the rules in the module docstring (empty when it keeps them)."""
    chart, svg = rendered.chart, rendered.svg
    name = chart.chart_id
    problems = []
    for what, text in (("title", chart.title), ("description", chart.description)):
        if not text.strip():
            problems.append(f"{name}: no {what}")
        elif SNAKE_CASE.search(text):
            problems.append(f"{name}: {what} has an identifier: {SNAKE_CASE.findall(text)}")
    head = svg[: svg.find(">") + 1]
    if not head.startswith("<svg") or 'role="img"' not in head:
        problems.append(f"{name}: no static SVG with role img")
    if f'aria-label="{html.escape(chart.description, quote=True)}"' not in head:
        problems.append(f"{name}: the SVG's aria-label is not the description")
    if "<title>" not in standalone_svg(rendered):
        problems.append(f"{name}: the SVG file has no title")
    titles = drawn_titles(svg)
    fields = _fields(chart.spec)
    for kind, text in titles:
        if SNAKE_CASE.search(text) or text in fields or not text:
            problems.append(f"{name}: {kind} title '{text}' is not plain words")
    is_sparkline = name.endswith("-sparkline")
    if is_sparkline and titles:
        problems.append(f"{name}: a sparkline draws no axes")
    if not is_sparkline and not titles:
        problems.append(f"{name}: no axis or legend title")
    meta = chart.table.meta
    if meta is not None and not is_sparkline and unit_title(meta.unit) not in {t for _, t in titles}:
        problems.append(f"{name}: no title states the unit '{meta.unit}' (titles: {[t for _, t in titles]})")
    for label in legend_labels(svg):
        if _EMPTY_RANGE.match(label):
            problems.append(f"{name}: legend label '{label}' is an empty range")
    problems += _suppression_problems(rendered)
    return problems


def _suppression_problems(rendered: RenderedChart) -> list[str]:
    chart, name = rendered.chart, rendered.chart.chart_id
    problems = []
    suppressed = [r for r in chart.table.rows if r.get("suppressed")]
    value_columns = [c for c in chart.table.columns if c.key == "value"]
    for row in suppressed:
        if row.get("value") is not None:
            problems.append(f"{name}: suppressed row '{row.get('label')}' has a value {row['value']}")
        for column in value_columns:
            if chart.table.cell(row, column) != SUPPRESSED_MARK:
                problems.append(
                    f"{name}: suppressed row '{row.get('label')}' reads '{chart.table.cell(row, column)}'"
                )
    for row in _data_rows(chart.spec):
        if row.get("suppressed") and row.get("value") is not None:
            problems.append(f"{name}: suppressed '{row.get('label')}' drawn at {row['value']}")
    marks = rendered.svg.count(SUPPRESSED_MARK)
    wanted = min(1, len(suppressed)) if "-map-" in name else len(suppressed)
    if marks < wanted:
        problems.append(f"{name}: {len(suppressed)} suppressed figures but {marks} '[c]' drawn")
    return problems
