"""The network section: "Becoming a trauma-informed system", from the network platform's KPIs.

Why a section of its own rather than tiles among the population indicators: these figures
measure the programme (members, pledges, events), not the population. Most are counts with no
denominator, so the overview's comparisons, deprivation gradients, maps and district spine
charts do not apply; mixed in, they would read as "Leeds has fewer members than West Yorkshire".
The section shows each KPI's latest West Yorkshire figure, a bar chart by sector (and by district
where published) with its data table and CSV, and the trend where there are two years or more.

Network indicators are recognised by their source (``network`` in ``sources``); the section
exists only when at least one of them has a published figure.
"""

from __future__ import annotations

from typing import Any

from atr.publish import formatting as fmt
from atr.publish.assessment import compare
from atr.publish.categories import category_style, legend_for
from atr.publish.chart_render import Chart
from atr.publish.chart_specs import BLUE, bar_with_intervals
from atr.publish.datatable import Column, DataTable
from atr.publish.model import IndicatorMeta, Value

SECTION_TITLE = "Becoming a trauma-informed system"
NARROW_WIDTH = 170
"""Plot width of the section's bar charts: sector names are long, and label plus plot must stay
readable unscaled on a 390 px phone (docs/publish.md)."""
SECTION_ORDER = (
    "network_members",
    "network_members_lived_experience",
    "network_organisations_pledged",
    "network_pledges_recent_progress",
    "network_event_reach",
)
"""The order the section tells its story in; KPIs not listed follow, by title."""
SECTOR_NAMES = {
    "early_years_early_help": "Early years and early help",
    "commissioners": "Commissioners",
    "primary_care": "Primary care",
    "acute_trust": "Acute trust",
    "mental_health_trust": "Mental health trust",
    "local_authority": "Local authority",
    "education": "Education",
    "educational_psychology": "Educational psychology",
    "safeguarding": "Safeguarding",
    "police": "Police",
    "youth_justice": "Youth justice",
    "housing": "Housing",
    "voluntary_community": "Voluntary and community",
    "lived_experience_group": "Lived-experience group",
    "other": "Other",
    "unknown": "Not known",
}


def section_order(meta: IndicatorMeta) -> tuple[int, str]:
    known = meta.indicator_id in SECTION_ORDER
    return (SECTION_ORDER.index(meta.indicator_id) if known else len(SECTION_ORDER), meta.title)


def sector_name(code: str) -> str:
    return SECTOR_NAMES.get(code, code.replace("_", " ").capitalize())


def is_count(meta: IndicatorMeta) -> bool:
    """A plain count (no denominator, no interval): members, attendances."""
    return meta.method == "count"


def figure_text(v: Value | None, meta: IndicatorMeta) -> str:
    """``265`` for a count, ``58.3%`` for a share; ``[c]`` when suppressed."""
    if is_count(meta):
        return fmt.count_text(v)
    text = fmt.value_text(v, meta)
    return f"{text}%" if fmt.is_percent(meta) and v is not None and v.has_value else text


def _row(label: str, v: Value | None, meta: IndicatorMeta, category: str) -> dict[str, Any]:
    shown = v is not None and v.has_value
    return {
        "label": label,
        "count": v.count if v else None,
        "denominator": v.denominator if v else None,
        "value": v.value if shown and v else None,
        "lower": v.lower_95 if shown and v else None,
        "upper": v.upper_95 if shown and v else None,
        "value_text": figure_text(v, meta),
        "interval_text": fmt.interval(v, meta),
        "category": category,
        "suppressed": bool(v and v.suppressed),
    }


def group_bars(
    meta: IndicatorMeta,
    period: str,
    items: list[tuple[str, Value]],
    total: Value | None,
    *,
    region_name: str,
    by: str,
    chart_id: str,
) -> Chart | None:
    """Bars of ``items`` (label, figure) ordered by value; for shares, 95% intervals and the
    West Yorkshire line, coloured by comparison with it; for counts, plain bars (no line: a
    part is always smaller than its whole)."""
    present = set()
    rows = []
    for label, v in items:
        assessment = compare(v, total, meta, region_name).assessment
        present.add(assessment)
        category = fmt.unit_label(meta) if is_count(meta) else category_style(assessment, region_name).label
        rows.append(_row(label, v, meta, category))
    drawn = [r for r in rows if r["value"] is not None]
    if not drawn:
        return None
    labels, colours, _ = legend_for(present, region_name)
    category_title = f"Compared with {region_name}"
    if is_count(meta):  # nothing to compare: one colour, named by what the bars count
        labels, colours, category_title = [fmt.unit_label(meta)], [BLUE], "Bars show"
    bench = None
    if not is_count(meta) and total is not None and total.has_value and total.value is not None:
        bench = (region_name, total.value)
    spec = bar_with_intervals(
        rows,  # suppressed groups keep their place, marked [c]
        x_title=fmt.unit_label(meta),
        category_title=category_title,
        categories=labels,
        colours=colours,
        benchmark=bench,
    )
    spec["width"] = NARROW_WIDTH
    ordered = sorted(rows, key=lambda r: -(r["value"] if r["value"] is not None else float("-inf")))
    parts = [
        f"{r['label']} {r['value_text']}" + (f" (95% CI {r['interval_text']})" if r["interval_text"] else "")
        for r in ordered
    ]
    description = (
        f"Bar chart of {meta.title}, {period}, by {by}, highest first ({fmt.unit_label(meta).lower()}): "
        + "; ".join(parts)
        + (f". {region_name}: {figure_text(total, meta)}." if total is not None else ".")
    )
    columns = [Column("label", by.capitalize()), Column("count", "Count", "count")]
    if not is_count(meta):
        columns += [
            Column("denominator", "Denominator", "count"),
            Column("value", "Value", "value"),
            Column("lower", "Lower 95% limit", "value"),
            Column("upper", "Upper 95% limit", "value"),
            Column("category", f"Compared with {region_name}"),
        ]
    table_rows = [*ordered, _row(region_name, total, meta, "Whole network")]
    title = f"{meta.title} by {by}, {period}"
    return Chart(chart_id, title, description, spec, DataTable(columns, table_rows, meta))


__all__ = ["SECTION_TITLE", "figure_text", "group_bars", "is_count", "section_order", "sector_name"]
