"""The "need and provision" page, ``need-and-provision.html`` (tables from ``atr provision``).

Where the services are not: for each ward and kind of need, need (modelled where derive could
model it, with its interval) beside the services that reach the ward and the distance to the
nearest one; the wards with the widest gaps in each district; the wards of high need that no
service of a kind reaches; and the declared allocation by proportionate universalism with how
it moves when need is measured another way. Two maps, each with its table.
"""

from __future__ import annotations

from typing import Any

from atr.publish.chart_maps import choropleth, map_classes, rewind_clockwise
from atr.publish.chart_render import Chart
from atr.publish.dataset import PublishedData
from atr.publish.datatable import Column, DataTable
from atr.publish.provision_data import ProvisionData
from atr.publish.site_pages import Page, Render

PROVISION_PATH = "need-and-provision.html"
NO_GAP = "No gap"
"""Its share of the services is at least its share of the need (the page says so)."""
NONE_UNSERVED = "None"
NO_COLOUR = "#ffffff"


def money(value: float | None, unit: str) -> str:
    if value is None:
        return "not available"
    return f"£{value:,.0f}" if unit == "£" else f"{value:,.0f} {unit}"


def need_text(r: dict[str, Any]) -> str:
    if r["modelled_need"] is None:
        return "not available"
    if r["need_basis"] != "modelled":  # an index: only its share of the district means anything
        return "–" if r["need_share"] is None else f"{100 * r['need_share']:.1f}% of the district's (index)"
    text = f"{r['modelled_need']:,.0f}"
    if r["need_lower_95"] is not None:
        text += f" ({r['need_lower_95']:,.0f} to {r['need_upper_95']:,.0f})"
    return text


def gap_text(r: dict[str, Any]) -> str:
    if r["gap"] is None:
        return "not available"
    text = f"{100 * r['gap']:+.1f}"
    if r["gap_lower"] is not None:
        text += f" ({100 * r['gap_lower']:+.1f} to {100 * r['gap_upper']:+.1f})"
    return text


def recorded_text(r: dict[str, Any]) -> str:
    if r["recorded_suppressed"]:
        return "[c]"
    return "not available" if r["recorded_need"] is None else f"{r['recorded_need']:,}"


def km_text(value: float | None) -> str:
    return "none in the area" if value is None else f"{value:.1f} km"


def govuk_table(caption: str, head: list[str], rows: list[list[str]], numeric: set[int]) -> dict[str, Any]:
    return {
        "caption": caption,
        "captionClasses": "govuk-table__caption--s",
        "firstCellIsHeader": True,
        "head": [{"text": h, **({"format": "numeric"} if i in numeric else {})} for i, h in enumerate(head)],
        "rows": [
            [{"text": c, **({"format": "numeric"} if i in numeric else {})} for i, c in enumerate(row)]
            for row in rows
        ],
    }


def gaps_table(provision: ProvisionData, district_code: str | None, caption: str) -> dict[str, Any]:
    rows = [
        [
            r["ward_name"],
            r["district"],
            r["need_label"],
            need_text(r),
            recorded_text(r),
            str(r["services_reaching"]),
            km_text(r["nearest_km"]),
            gap_text(r),
        ]
        for r in provision.widest_gaps(district_code)
    ]
    head = [
        "Ward",
        "District",
        "Kind of need",
        "Need (95% interval)",
        "Recorded (latest year)",
        "Services reaching it",
        "Nearest service",
        "Gap, points (interval)",
    ]
    return govuk_table(caption, head, rows, {3, 4, 5, 6, 7})


def unserved_rows(provision: ProvisionData, district_code: str | None) -> list[dict[str, str]]:
    return [
        {
            "ward": r["ward_name"],
            "district": r["district"],
            "kind": r["need_label"],
            "nearest": km_text(r["nearest_km"]),
        }
        for r in provision.unserved(district_code)
    ]


def allocation_table(provision: ProvisionData, caption: str) -> dict[str, Any]:
    rows = []
    for a in sorted(provision.allocation, key=lambda a: -a["allocation"])[:20]:
        unit = a["unit"]
        spread = (
            f"{money(a['allocation_low'], unit)} to {money(a['allocation_high'], unit)}"
            if a["allocation_low"] is not None
            else "no interval (need not modelled)"
        )
        rows.append(
            [
                a["area_name"],
                money(a["universal"], unit),
                money(a["targeted"], unit),
                money(a["allocation"], unit),
                f"{100 * a['share']:.1f}%",
                spread,
            ]
        )
    head = ["Area", "Universal part", "Part by need", "Allocation", "Share", "Range over the need intervals"]
    return govuk_table(caption, head, rows, {1, 2, 3, 4, 5})


def sensitivity_table(provision: ProvisionData, caption: str) -> dict[str, Any]:
    by_area: dict[str, dict[str, Any]] = {}
    scenarios: dict[str, str] = {}
    for s in provision.sensitivity:
        by_area.setdefault(s["area_code"], {"name": s["area_name"]})[s["scenario"]] = s
        scenarios.setdefault(s["scenario"], s["scenario_label"])
    shown = [k for k in scenarios if k != "declared"]
    rows = []
    top = sorted(provision.allocation, key=lambda a: -a["allocation"])[:20]
    for a in top:
        cells = by_area.get(a["area_code"], {})
        rows.append(
            [a["area_name"]]
            + [
                f"{cells[k]['change_percent']:+.1f}%"
                if k in cells and cells[k]["change_percent"] is not None
                else "–"
                for k in shown
            ]
        )
    return govuk_table(caption, ["Area", *(scenarios[k] for k in shown)], rows, set(range(1, len(shown) + 1)))


def _map(
    data: PublishedData,
    chart_id: str,
    title: str,
    values: dict[str, float | None],
    text: dict[str, str],
    special: str,
    legend_title: str,
    what: str,
) -> Chart | None:
    shapes = data.boundaries.get("ward", [])
    if not shapes:
        return None
    shown = [v for v in values.values() if v is not None and v > 0]
    classes = map_classes(shown, lambda x: f"{x:,.1f}")
    features, rows, used = [], [], set()
    for b in sorted(shapes, key=lambda s: s.name):
        value = values.get(b.code)
        band = (
            special
            if value is None or value <= 0 or not classes.labels
            else classes.band(value, suppressed=False)
        )
        used.add(band)
        features.append(
            {
                "type": "Feature",
                "geometry": rewind_clockwise(b.geometry),
                "properties": {"name": b.name, "band": band, "value_text": text.get(b.code, "–")},
            }
        )
        rows.append({"code": b.code, "label": b.name, "value": text.get(b.code, "–"), "band": band})
    spec = choropleth(features, legend=list(classes.labels), legend_title=legend_title)
    if special in used:  # drawn white and named in the legend, never taking a value band's colour
        scale = spec["encoding"]["color"]["scale"]
        scale["domain"].append(special)
        scale["range"].append(NO_COLOUR)
    counted = sum(1 for r in rows if r["band"] == special)
    description = (
        f"Map of {what} by ward in {data.region.name}, shaded in {len(classes.labels)} groups; "
        f"{counted} wards: {special.lower()}. Every ward's figure is in the table below the map."
    )
    columns = [
        Column("code", "Ward code"),
        Column("label", "Ward"),
        Column("value", legend_title),
        Column("band", "Map group"),
    ]
    return Chart(chart_id, title, description, spec, DataTable(columns, rows), interactive=False)


def provision_maps(data: PublishedData, provision: ProvisionData, kind: str) -> list[Chart]:
    gaps = {r["ward_code"]: r for r in provision.wards if r["need_kind"] == kind}
    label = provision.kinds.get(kind, kind)
    gap_map = _map(
        data,
        "provision-gap-map",
        f"Gap between need and services, {label.lower()}, by ward",
        {c: (None if r["gap"] is None else 100 * r["gap"]) for c, r in gaps.items()},
        {c: gap_text(r) for c, r in gaps.items()},
        NO_GAP,
        "Gap (points)",
        f"the gap for {label.lower()}",
    )
    counts: dict[str, float | None] = {}
    for r in provision.wards:
        counts[r["ward_code"]] = (counts.get(r["ward_code"]) or 0) + (1 if r["high_need_unserved"] else 0)
    unserved_map = _map(
        data,
        "provision-unserved-map",
        "Kinds of need that are high and unserved, by ward",
        counts,
        {c: f"{int(v or 0)}" for c, v in counts.items()},
        NONE_UNSERVED,
        "Kinds",
        "the number of kinds of need for which the ward is of high need and no service reaches it",
    )
    return [c for c in (gap_map, unserved_map) if c is not None]


def provision_page(data: PublishedData, render: Render) -> Page:
    provision = data.provision
    assert provision is not None
    page = Page(PROVISION_PATH, "provision.html", "Need and provision", "provision")
    steering = provision.allocation[0]["need_kind"] if provision.allocation else next(iter(provision.kinds))
    charts = [page.add(render, chart) for chart in provision_maps(data, provision, steering)]
    unit = provision.allocation[0]["unit"] if provision.allocation else "£"
    total = provision.allocation[0]["total"] if provision.allocation else None
    page.context = {
        "provision": provision,
        "charts": [c for c in charts if c is not None],
        "steering": provision.kinds.get(steering, steering),
        "universal_share": provision.allocation[0]["universal_share"] if provision.allocation else None,
        "total": money(total, unit),
        "level": provision.allocation[0]["area_type"] if provision.allocation else "district",
        "districts": [
            {
                "name": d.name,
                "gaps": gaps_table(provision, d.code, f"Widest gaps in {d.name}"),
                "unserved": unserved_rows(provision, d.code),
            }
            for d in data.districts
        ],
        "allocation": allocation_table(provision, "The declared allocation"),
        "sensitivity": sensitivity_table(
            provision, "Change from the declared allocation under other measures of need"
        ),
    }
    return page


__all__ = [
    "PROVISION_PATH",
    "allocation_table",
    "gaps_table",
    "govuk_table",
    "money",
    "provision_page",
    "unserved_rows",
]
