"""The charts of one place: the spine chart of every indicator against West Yorkshire.

A district that is suppressed is left out of the range bars (its figure is not published) but the
area's own 95% interval joins the scale (see :mod:`atr.publish.chart_spine`), so the marker's
distance from the centre line stays meaningful however many districts are shown.
"""

from __future__ import annotations

from atr.publish import formatting as fmt
from atr.publish.assessment import compare
from atr.publish.categories import category_style, legend_for
from atr.publish.chart_render import Chart
from atr.publish.chart_spine import SpineRow, spine_spec
from atr.publish.dataset import PublishedData
from atr.publish.datatable import Column, DataTable
from atr.publish.model import Area, Assessment


def spine(data: PublishedData, area: Area, *, prefix: str = "") -> Chart | None:
    region = data.region
    rows: list[SpineRow] = []
    table_rows = []
    present: set[Assessment] = set()
    for meta in data.indicators:
        period = data.latest_period(meta.indicator_id)
        if period is None:
            continue
        v = data.at(meta.indicator_id, period, area.code)
        bench = data.at(meta.indicator_id, period, region.code)
        comparators = tuple(
            x.value
            for d in data.districts
            if (x := data.at(meta.indicator_id, period, d.code)) is not None
            and x.has_value
            and x.value is not None
        )
        comparison = compare(v, bench, meta, region.name)
        style = category_style(comparison.assessment, region.name)
        table_rows.append(
            {
                "indicator": meta.title,
                "period": period,
                "value": v.value if v is not None and v.has_value else None,
                "suppressed": bool(v is not None and v.suppressed),
                "benchmark": bench.value if bench is not None and bench.has_value else None,
                "lowest": min(comparators) if comparators else None,
                "highest": max(comparators) if comparators else None,
                "category": style.label,
                "unit": meta.unit,
            }
        )
        if bench is None or bench.value is None or not comparators:
            continue
        present.add(comparison.assessment)
        rows.append(
            SpineRow(
                label=meta.title,
                value=v.value if v is not None and v.has_value else None,
                benchmark=bench.value,
                comparators=comparators,
                polarity=meta.polarity,
                category=style.label,
                value_text=fmt.with_unit(v.value, meta)
                if v is not None and v.has_value
                else fmt.value_text(v, meta),
                benchmark_text=fmt.with_unit(bench.value, meta),
                interval=(v.lower_95, v.upper_95)
                if v is not None and v.has_interval and v.lower_95 is not None and v.upper_95 is not None
                else None,
            )
        )
    if not rows:
        return None
    labels, colours, shapes = legend_for(present, region.name)
    spec = spine_spec(rows, categories=labels, colours=colours, shapes=shapes)
    counts = {label: sum(1 for r in rows if r.category == label) for label in labels}
    description = (
        f"Spine chart of {len(rows)} indicators for {area.name} against {region.name} (centre line), "
        "with the range of the five districts shaded and better to the right: "
        + "; ".join(f"{n} {label.lower()}" for label, n in counts.items() if n)
        + ". "
        + "; ".join(f"{r.label} {r.value_text}, {r.category.lower()}" for r in rows)
        + "."
    )
    columns = [
        Column("indicator", "Indicator"),
        Column("period", "Year"),
        Column("value", area.name, "number"),
        Column("benchmark", region.name, "number"),
        Column("lowest", "Lowest district", "number"),
        Column("highest", "Highest district", "number"),
        Column("category", f"Compared with {region.name}"),
        Column("unit", "Unit"),
    ]
    table = DataTable(columns, table_rows)
    return Chart(
        f"{prefix}{area.slug}-spine",
        f"{area.name}: every indicator against {region.name}",
        description,
        spec,
        table,
    )
