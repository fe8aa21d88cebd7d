"""The page of the network section, ``network.html`` (see :mod:`atr.publish.figures_network`)."""

from __future__ import annotations

from typing import Any

from atr.publish import figures_indicator as figs
from atr.publish import formatting as fmt
from atr.publish.dataset import PublishedData
from atr.publish.figures_network import (
    SECTION_TITLE,
    figure_text,
    group_bars,
    is_count,
    section_order,
    sector_name,
)
from atr.publish.model import IndicatorMeta, Value
from atr.publish.site_pages import Page, Render
from atr.reference import AREA_NOT_KNOWN_CODE, AREA_NOT_KNOWN_NAME

NETWORK_PATH = "network.html"


def headline(data: PublishedData, meta: IndicatorMeta, period: str, total: Value | None) -> str:
    """One sentence with the latest West Yorkshire figure, its interval and what it counts."""
    region = data.region.name
    if total is None or not total.has_value:
        return f"{period}: the {region} figure is not published ({fmt.value_text(total, meta)})."
    if is_count(meta):
        return f"{period}: {figure_text(total, meta)} {meta.unit} across {region}."
    interval = fmt.interval(total, meta)
    parts = f" (95% confidence interval {interval}{'%' if fmt.is_percent(meta) else ''})" if interval else ""
    of = (
        f", {fmt.count(total.count)} of {fmt.count(total.denominator)}"
        if total.count is not None and total.denominator is not None
        else ""
    )
    return f"{period}: {figure_text(total, meta)}{parts} across {region}{of}."


def _districts(data: PublishedData, meta: IndicatorMeta, period: str) -> list[tuple[str, Value]]:
    found = [(d.name, v) for d in data.districts if (v := data.at(meta.indicator_id, period, d.code))]
    remainder = data.at(meta.indicator_id, period, AREA_NOT_KNOWN_CODE)
    if remainder is not None:
        found.append((AREA_NOT_KNOWN_NAME, remainder))
    return found


def network_page(data: PublishedData, render: Render) -> Page:
    """Each network KPI: the latest figure, bars by sector and district, the trend."""
    page = Page(NETWORK_PATH, "network.html", SECTION_TITLE, "network")
    region = data.region
    kpis: list[dict[str, Any]] = []
    summary_rows = []
    for meta in sorted(data.network, key=section_order):
        period = data.latest_period(meta.indicator_id)
        if period is None:
            continue
        total = data.at(meta.indicator_id, period, region.code)
        sectors = sorted(
            (
                (sector_name(v.breakdown_value), v)
                for v in data.breakdown(meta.indicator_id, period, region.code, "sector")
            ),
            key=lambda item: item[0],
        )
        charts = [
            page.add(
                render,
                group_bars(
                    meta,
                    period,
                    sectors,
                    total,
                    region_name=region.name,
                    by="sector",
                    chart_id=f"network-{meta.slug}-sectors",
                ),
            ),
            page.add(
                render,
                group_bars(
                    meta,
                    period,
                    _districts(data, meta, period),
                    total,
                    region_name=region.name,
                    by="district",
                    chart_id=f"network-{meta.slug}-districts",
                ),
            ),
            page.add(render, figs.trend(data, meta, [region.code], prefix="network-")),
        ]
        kpis.append(
            {
                "meta": meta,
                "period": period,
                "headline": headline(data, meta, period, total),
                "charts": [c for c in charts if c is not None],
            }
        )
        summary_rows.append(
            [
                {"html": f'<a class="govuk-link" href="#{meta.slug}">{_escape(meta.title)}</a>'},
                {"text": period},
                {"text": _with_unit(total, meta), "format": "numeric"},
            ]
        )
    page.context = {
        "kpis": kpis,
        "summary": {
            "caption": f"Latest figures for {region.name}",
            "captionClasses": "govuk-table__caption--m",
            "firstCellIsHeader": True,
            "head": [{"text": "Measure"}, {"text": "Year"}, {"text": region.name, "format": "numeric"}],
            "rows": summary_rows,
        },
    }
    return page


def _with_unit(v: Value | None, meta: IndicatorMeta) -> str:
    """``265 members``, ``58.3%``; ``[c]`` alone when suppressed."""
    text = figure_text(v, meta)
    return f"{text} {meta.unit}" if is_count(meta) and v is not None and v.has_value else text


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


__all__ = ["NETWORK_PATH", "network_page"]
