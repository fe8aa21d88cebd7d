"""The charts of one indicator: districts, trend, deprivation gradient, small-area map, sparkline.

Each function returns a :class:`~atr.publish.chart_render.Chart` (spec, text alternative and
data table) or None when there is nothing to draw (e.g. no decile breakdown published). The
same functions serve the website and the report; ``prefix`` keeps chart ids unique.
"""

from __future__ import annotations

from typing import Any

from atr.publish import formatting as fmt
from atr.publish.assessment import NOT_COMPARABLE, compare, sii
from atr.publish.benchmark_table import BENCHMARK_AREAS
from atr.publish.categories import category_style, legend_for
from atr.publish.chart_maps import (
    SPECIAL_COLOURS,
    choropleth,
    map_classes,
    rewind_clockwise,
)
from atr.publish.chart_render import Chart
from atr.publish.chart_specs import bar_with_intervals, gradient_bars, sparkline, trend_lines
from atr.publish.dataset import PublishedData
from atr.publish.datatable import Column, DataTable
from atr.publish.model import DEPRIVATION_BREAKDOWNS, IndicatorMeta, Value
from atr.reference import AREA_NOT_KNOWN_CODE, AREA_NOT_KNOWN_NAME


def _figure_row(label: str, v: Value | None, meta: IndicatorMeta) -> dict[str, Any]:
    return {
        "label": label,
        "count": v.count if v else None,
        "denominator": v.denominator if v else None,
        "value": v.value if v and v.has_value else None,
        "lower": v.lower_95 if v and v.has_value else None,
        "upper": v.upper_95 if v and v.has_value else None,
        "suppressed": bool(v and v.suppressed),
        "value_text": fmt.value_text(v, meta),
        "interval_text": fmt.interval(v, meta),
    }


FIGURE_COLUMNS = [
    Column("label", "Area"),
    Column("count", "Count", "count"),
    Column("denominator", "Denominator", "count"),
    Column("value", "Value", "value"),
    Column("lower", "Lower 95% limit", "value"),
    Column("upper", "Upper 95% limit", "value"),
]


def district_bars(
    data: PublishedData, meta: IndicatorMeta, period: str, *, prefix: str = "", highlight: str | None = None
) -> Chart | None:
    region = data.region
    benchmark = data.at(meta.indicator_id, period, region.code)
    rows = []
    present = set()
    for area in data.districts:
        v = data.at(meta.indicator_id, period, area.code)
        if v is None:
            continue
        comparison = compare(v, benchmark, meta, region.name)
        style = category_style(comparison.assessment, region.name)
        present.add(comparison.assessment)
        rows.append({**_figure_row(area.name, v, meta), "category": style.label})
    if not any(r["value"] is not None for r in rows):
        return None
    # A suppressed district keeps its row, marked [c] in the chart (chart_specs.suppressed_marks).
    labels, colours, _ = legend_for(present, region.name)
    bench = (region.name, benchmark.value) if benchmark is not None and benchmark.value is not None else None
    spec = bar_with_intervals(
        rows,
        x_title=fmt.unit_label(meta),
        category_title=f"Compared with {region.name}",
        categories=labels,
        colours=colours,
        benchmark=bench,
        highlight=highlight,
    )
    ordered = sorted(rows, key=lambda r: -(r["value"] if r["value"] is not None else float("-inf")))
    parts = [
        f"{r['label']} {r['value_text']}"
        + (f" (95% CI {r['interval_text']})" if r["interval_text"] else "")
        + f", {r['category'].lower()}"
        for r in ordered
    ]
    description = (
        f"Bar chart of {meta.title}, {period}, by district, highest first ({fmt.unit_label(meta).lower()}): "
        + "; ".join(parts)
        + (f". {region.name}: {fmt.number(bench[1], meta)}." if bench else ".")
    )
    table_rows = [*ordered, {**_figure_row(region.name, benchmark, meta), "category": "Benchmark"}]
    remainder = data.at(meta.indicator_id, period, AREA_NOT_KNOWN_CODE)
    if remainder is not None:  # counted in the region but in no district: shown, never compared
        label = f"{AREA_NOT_KNOWN_NAME} (in {region.name}, in no district)"
        table_rows.append({**_figure_row(label, remainder, meta), "category": "Not compared"})
    for code, name in BENCHMARK_AREAS:  # England's, then the English region's, published figure
        published = data.at(meta.indicator_id, period, code)
        if published is not None:
            differs = published.comparison == NOT_COMPARABLE and published.note
            table_rows.append(
                {**_figure_row(name, published, meta), "category": published.note if differs else ""}
            )
    table = DataTable([*FIGURE_COLUMNS, Column("category", f"Compared with {region.name}")], table_rows, meta)
    return Chart(
        f"{prefix}{meta.slug}-districts", f"{meta.title} by district, {period}", description, spec, table
    )


def trend(
    data: PublishedData,
    meta: IndicatorMeta,
    area_codes: list[str],
    *,
    prefix: str = "",
    suffix: str = "trend",
) -> Chart | None:
    periods = data.periods(meta.indicator_id)
    rows: list[dict[str, Any]] = []
    names: list[str] = []
    for code in area_codes:
        series = data.series(meta.indicator_id, code)
        if not series:
            continue
        name = data.area_name(code)
        names.append(name)
        for v in series:
            rows.append({**_figure_row(name, v, meta), "series": name, "period": v.period})
    drawn = [r for r in rows if r["value"] is not None]
    if len(periods) < 2 or not drawn:
        return None
    spec = trend_lines(
        drawn, periods=periods, series=names, band_series=names[0], y_title=fmt.unit_label(meta)
    )
    summary = []
    for name in names:
        points = [r for r in rows if r["series"] == name]
        summary.append(f"{name}: " + ", ".join(f"{r['period']} {r['value_text']}" for r in points))
    description = (
        f"Line chart of {meta.title} over time ({fmt.unit_label(meta).lower()}), with the 95% interval of {names[0]} shaded. "
        + "; ".join(summary)
        + "."
    )
    columns = [Column("series", "Area"), Column("period", "Year"), *FIGURE_COLUMNS[1:]]
    table = DataTable(columns, rows, meta)
    return Chart(
        f"{prefix}{meta.slug}-{suffix}",
        f"{meta.title}: trend, {periods[0]} to {periods[-1]}",
        description,
        spec,
        table,
    )


def deprivation_gradient(
    data: PublishedData, meta: IndicatorMeta, period: str, area_code: str, *, prefix: str = ""
) -> Chart | None:
    for breakdown in DEPRIVATION_BREAKDOWNS:
        groups = data.breakdown(meta.indicator_id, period, area_code, breakdown)
        if groups:
            break
    else:
        return None
    groups = sorted(
        groups,
        key=lambda v: (int(v.breakdown_value) if v.breakdown_value.isdigit() else 99, v.breakdown_value),
    )
    kind = "decile" if breakdown == "imd_decile" else "quintile"
    rows = [{**_figure_row(v.breakdown_value, v, meta), "group": v.breakdown_value} for v in groups]
    # Every numbered group is drawn, a suppressed one as "[c]"; "unknown" (no home area) stays in
    # the table.
    drawn = [r for r in rows if str(r["group"]).isdigit()]
    if not any(r["value"] is not None for r in drawn):
        return None
    x_title = f"IMD {kind} (1 = most deprived)"
    spec = gradient_bars(drawn, x_title=x_title, y_title=fmt.unit_label(meta))
    index = sii(data, meta.indicator_id, period, area_code)
    sii_text = ""
    if index is not None and index.has_value:
        sii_text = f" Slope index of inequality {fmt.number(index.value, meta)}" + (
            f" (95% CI {fmt.interval(index, meta)})." if index.has_interval else "."
        )
    area = data.area_name(area_code)
    description = (
        f"Bar chart of {meta.title} in {area}, {period}, by national deprivation {kind} from most to least deprived: "
        + "; ".join(f"{kind} {r['group']} {r['value_text']}" for r in rows)
        + "."
        + sii_text
    )
    columns = [Column("group", f"IMD {kind}"), *FIGURE_COLUMNS[1:]]
    table = DataTable(columns, rows, meta)
    return Chart(
        f"{prefix}{meta.slug}-deprivation-{area_code.lower()}",
        f"{meta.title} by deprivation, {area}, {period}",
        description,
        spec,
        table,
    )


MOSTLY_SUPPRESSED = 0.5
"""Above this share of areas suppressed a map says little, so the next larger areas are drawn."""
NOUNS = {"ward": "ward", "msoa": "MSOA", "district": "district"}


def _map_levels(
    data: PublishedData, meta: IndicatorMeta, period: str, district_code: str | None
) -> list[str]:
    """Area levels a map can be drawn at, smallest first (districts only for the whole region)."""
    levels = ["ward", "msoa"] + ([] if district_code else ["district"])
    return [
        level
        for level in levels
        if data.by_area_type(meta.indicator_id, period, level) and data.boundaries.get(level)
    ]


def _map_rows(
    data: PublishedData, meta: IndicatorMeta, period: str, level: str, district_code: str | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str], float] | None:
    """Features, table rows, legend and the share suppressed, for one area level (None: no shapes)."""
    values = {v.area_code: v for v in data.by_area_type(meta.indicator_id, period, level)}
    shapes = [
        b
        for b in data.boundaries.get(level, [])
        if district_code is None or level == "district" or b.district_code == district_code
    ]
    if not shapes:
        return None
    found = [values.get(b.code) for b in shapes]
    shown = [v.value for v in found if v is not None and v.has_value and v.value is not None]
    classes = map_classes(shown, lambda x: fmt.number(x, meta))
    features, rows, used = [], [], set()
    for b in sorted(shapes, key=lambda s: s.name):
        v = values.get(b.code)
        band = classes.band(
            v.value if v is not None and v.has_value else None, suppressed=v is not None and v.suppressed
        )
        used.add(band)
        features.append(
            {
                "type": "Feature",
                "geometry": rewind_clockwise(b.geometry),
                "properties": {"name": b.name, "band": band, "value_text": fmt.value_text(v, meta)},
            }
        )
        rows.append({**_figure_row(b.name, v, meta), "code": b.code, "band": band})
    suppressed = sum(1 for v in found if v is not None and v.suppressed) / len(shapes)
    return features, rows, classes.legend(used), suppressed


def small_area_map(
    data: PublishedData,
    meta: IndicatorMeta,
    period: str,
    *,
    district_code: str | None = None,
    prefix: str = "",
) -> Chart | None:
    """A map at the smallest level whose figures are mostly published, saying when it moved up."""
    drawn = None
    passed_over: list[str] = []
    for level in _map_levels(data, meta, period, district_code):
        found = _map_rows(data, meta, period, level, district_code)
        if found is None:
            continue
        if drawn is not None:
            passed_over.append(drawn[0])
        drawn = (level, *found)
        if found[3] <= MOSTLY_SUPPRESSED:
            break
    if drawn is None:
        return None
    area_type, features, rows, legend, suppressed_share = drawn
    place = data.area_name(district_code) if district_code else data.region.name
    noun = NOUNS[area_type]
    spec = choropleth(features, legend=legend, legend_title=fmt.unit_label(meta))
    bands = [label for label in legend if label not in SPECIAL_COLOURS]
    moved = (
        f"Most {NOUNS[passed_over[0]]}s' figures are suppressed at this size, so the map shows {noun}s. "
        if passed_over
        else ""
    )
    specials = [label for label in legend if label in SPECIAL_COLOURS]
    counted = "; ".join(f"{sum(1 for r in rows if r['band'] == label)} {label.lower()}" for label in specials)
    if suppressed_share > MOSTLY_SUPPRESSED:
        moved += f"Most {noun}s' figures are suppressed too: the numbers are small at every size. "
    description = (
        moved
        + f"Map of {meta.title} by {noun} in {place}, {period}, shaded in {len(bands)} groups"
        + (f", the lowest {bands[0]} and the highest {bands[-1]}" if len(bands) > 1 else "")
        + (f"; {counted}" if counted else "")
        + f". Every {noun}'s figure is in the table below the map."
    )
    columns = [
        Column("code", f"{noun} code"),
        Column("label", noun[:1].upper() + noun[1:]),
        *FIGURE_COLUMNS[1:],
        Column("band", "Map group"),
    ]
    table = DataTable(columns, rows, meta)
    suffix = f"-{district_code.lower()}" if district_code else ""
    return Chart(
        f"{prefix}{meta.slug}-map-{area_type}{suffix}",
        f"{meta.title} by {noun}, {place}, {period}",
        description,
        spec,
        table,
        interactive=False,
    )


def tile_sparkline(data: PublishedData, meta: IndicatorMeta) -> Chart | None:
    series = [v for v in data.series(meta.indicator_id, data.region.code) if v.has_value]
    if len(series) < 2:
        return None
    periods = [v.period for v in series]
    rows = [{"period": v.period, "value": v.value} for v in series]
    description = (
        f"Trend in {data.region.name}: "
        + ", ".join(f"{v.period} {fmt.value_text(v, meta)}" for v in series)
        + "."
    )
    table = DataTable([Column("period", "Year"), Column("value", "Value", "value")], rows, meta)
    return Chart(
        f"{meta.slug}-sparkline",
        f"{meta.title}: trend",
        description,
        sparkline(rows, periods),
        table,
        interactive=False,
    )
