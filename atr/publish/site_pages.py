"""What each page of the site shows: its path, template, words and charts.

Page builders only gather figures, sentences and charts; :mod:`atr.publish.site` renders and
writes them. Paths are relative to the site root and every link is relative too, so the site
works from ``file://`` (a shared drive) as well as from any static host.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from atr import __version__
from atr.publish import figures_indicator as figs
from atr.publish import formatting as fmt
from atr.publish import narrative
from atr.publish.assessment import (
    Comparison,
    TargetProgress,
    TrendReading,
    compare,
    read_trend,
    target_progress,
)
from atr.publish.benchmark_table import benchmark_rows
from atr.publish.chart_render import Chart, RenderedChart
from atr.publish.dataset import PublishedData
from atr.publish.figures_place import spine
from atr.publish.key_messages import key_messages
from atr.publish.model import Area, Assessment, IndicatorMeta, Value
from atr.publish.plain_words import dataset_name
from atr.publish.quality import plain_cell, present
from atr.publish.quality_story import quality_headlines

Render = Callable[[Chart], RenderedChart]


@dataclass
class Page:
    path: str
    template: str
    title: str
    nav: str
    context: dict[str, Any] = field(default_factory=dict)
    charts: list[RenderedChart] = field(default_factory=list)
    breadcrumbs: list[dict[str, str]] = field(default_factory=list)

    @property
    def root(self) -> str:
        return "../" * self.path.count("/")

    @property
    def interactive(self) -> bool:
        return any(c.vega_json for c in self.charts)

    def add(self, render: Render, chart: Chart | None) -> RenderedChart | None:
        if chart is None:
            return None
        rendered = render(chart)
        self.charts.append(rendered)
        return rendered


def indicator_path(meta: IndicatorMeta) -> str:
    return f"indicators/{meta.slug}.html"


def place_path(area: Area) -> str:
    return f"places/{area.slug}.html"


def report_path(area: Area) -> str:
    """Where ``atr publish`` writes the place's needs assessment (HTML; ``atr report`` for PDF)."""
    return f"reports/{area.slug}-needs-assessment.html"


@dataclass
class Tile:
    meta: IndicatorMeta
    href: str
    period: str | None
    latest: Value | None
    england: Comparison | None
    districts_text: str
    trend: TrendReading
    target: TargetProgress | None
    sparkline: RenderedChart | None


def _districts_text(data: PublishedData, meta: IndicatorMeta, period: str) -> str:
    bench = data.at(meta.indicator_id, period, data.region.code)
    counts: dict[str, list[str]] = {}
    for d in data.districts:
        c = compare(data.at(meta.indicator_id, period, d.code), bench, meta, data.region.name)
        counts.setdefault(c.judgement, []).append(d.name)
    parts = [
        f"{', '.join(names)} {word}"
        for word, names in counts.items()
        if word not in ("similar", "not compared")
    ]
    if not parts:
        return f"No district differs significantly from {data.region.name}."
    return "Compared with " + data.region.name + ": " + "; ".join(parts) + "."


def overview(data: PublishedData, render: Render) -> Page:
    page = Page("index.html", "overview.html", "Overview", "overview")
    groups: dict[str, list[Tile]] = {}
    for meta in data.indicators:
        period = data.latest_period(meta.indicator_id)
        latest = data.at(meta.indicator_id, period, data.region.code) if period else None
        england = data.england(meta.indicator_id, period) if period else None
        spark = page.add(render, figs.tile_sparkline(data, meta))
        groups.setdefault(meta.outcome, []).append(
            Tile(
                meta=meta,
                href=indicator_path(meta),
                period=period,
                latest=latest,
                england=compare(latest, england, meta, "England") if england is not None else None,
                districts_text=_districts_text(data, meta, period) if period else "",
                trend=read_trend(latest, meta),
                target=target_progress(data, meta),
                sparkline=spark,
            )
        )
    page.context = {
        "key_messages": key_messages(data, data.region, indicator_path),
        "groups": groups,
        "rug": _rug(data),
        "places": [*data.districts],
    }
    return page


def _rug(data: PublishedData) -> dict[str, Any]:
    """Parameters for a table of every indicator by district, each cell a value and its word."""
    head = [{"text": "Indicator"}, {"text": "Year"}, {"text": data.region.name, "format": "numeric"}]
    head += [{"text": d.name, "format": "numeric"} for d in data.districts]
    rows = []
    for meta in data.indicators:
        period = data.latest_period(meta.indicator_id)
        if period is None:
            continue
        bench = data.at(meta.indicator_id, period, data.region.code)
        cells: list[dict[str, Any]] = [
            {"html": f'<a class="govuk-link" href="{indicator_path(meta)}">{_escape(meta.title)}</a>'},
            {"text": period},
            {"text": fmt.value_text(bench, meta), "format": "numeric"},
        ]
        for d in data.districts:
            v = data.at(meta.indicator_id, period, d.code)
            c = compare(v, bench, meta, data.region.name)
            word = (
                "" if c.assessment in (Assessment.SIMILAR, Assessment.NOT_COMPARED) else f" ({c.judgement})"
            )
            cells.append({"text": fmt.value_text(v, meta) + word, "format": "numeric"})
        rows.append(cells)
    return {"head": head, "rows": rows, "firstCellIsHeader": True}


def _escape(text: str) -> str:
    from markupsafe import escape

    return str(escape(text))


def indicator_page(data: PublishedData, meta: IndicatorMeta, render: Render) -> Page:
    page = Page(indicator_path(meta), "indicator.html", meta.title, "overview")
    page.breadcrumbs = [{"text": "Overview", "href": "../index.html"}]
    period = data.latest_period(meta.indicator_id)
    region = data.region
    charts: dict[str, RenderedChart | None] = {}
    if period is not None:
        charts["districts"] = page.add(render, figs.district_bars(data, meta, period))
        codes = [region.code, *(d.code for d in data.districts)]
        charts["trend"] = page.add(render, figs.trend(data, meta, codes))
        charts["gradient"] = page.add(render, figs.deprivation_gradient(data, meta, period, region.code))
        charts["map"] = page.add(render, figs.small_area_map(data, meta, period))
    page.context = {
        "meta": meta,
        "period": period,
        "sentences": [
            s
            for s in (
                narrative.headline(data, meta, region),
                narrative.trend_sentence(data, meta, region) if period else None,
                narrative.gradient_sentence(data, meta, region),
                narrative.target_sentence(data, meta),
            )
            if s
        ],
        "district_sentences": [(d, place_path(d), narrative.headline(data, meta, d)) for d in data.districts],
        "charts": charts,
        "target": target_progress(data, meta),
        "benchmarks": benchmark_rows(data, meta, period) if period else [],
    }
    return page


def place_page(data: PublishedData, area: Area, render: Render) -> Page:
    page = Page(place_path(area), "place.html", area.name, "places")
    page.breadcrumbs = [{"text": "Places", "href": "../places.html"}]
    summary, groups = narrative.summary_counts(data, area)
    chart = page.add(render, spine(data, area))
    by_outcome: dict[str, list[tuple[IndicatorMeta, str, str]]] = {}
    for meta in data.indicators:
        by_outcome.setdefault(meta.outcome, []).append(
            (meta, "../" + indicator_path(meta), narrative.headline(data, meta, area))
        )
    page.context = {
        "area": area,
        "key_messages": key_messages(data, area, lambda m: "../" + indicator_path(m)),
        "summary": summary,
        "worse": groups.get(Assessment.WORSE, []),
        "better": groups.get(Assessment.BETTER, []),
        "spine": chart,
        "by_outcome": by_outcome,
        "report_href": "../" + report_path(area),
    }
    return page


def places_page(data: PublishedData) -> Page:
    page = Page("places.html", "places.html", "Places", "places")
    page.context = {
        "places": [(d, place_path(d), narrative.summary_counts(data, d)[0]) for d in data.districts],
        "reports": [(a, report_path(a)) for a in [data.region, *data.districts]],
    }
    return page


def quality_page(data: PublishedData) -> Page:
    page = Page("data-quality.html", "quality.html", "Data quality and methods", "quality")
    q = data.quality

    def num(value: int | None) -> dict[str, str]:
        return {"text": fmt.SUPPRESSED if value is None else fmt.count(value), "format": "numeric"}

    rows_ingest = [
        [
            {"text": dataset_name(r.dataset)},
            {"text": q.partner(r.partner_code)},
            num(r.files),
            num(r.files_rejected),
            num(r.rows_read),
            num(r.rows_accepted),
            num(r.rows_quarantined),
            {"text": fmt.percent(r.accepted_percent), "format": "numeric"},
        ]
        for r in q.ingest
    ]
    rows_link = [
        [
            {"text": str(r.get("metric", ""))},
            {"text": plain_cell(r.get("value")), "format": "numeric"},
            {"text": str(r.get("note") or "")},
        ]
        for r in q.link
    ]
    derived = {}
    for table in q.derived:
        view = present(table, data.area_name)
        derived[table.name] = {
            "caption": view.title,
            "captionClasses": "govuk-table__caption--s",
            "firstCellIsHeader": True,
            "head": [{"text": h} for h in view.headers],
            "rows": [[{"text": cell} for cell in row] for row in view.rows],
        }
    page.context = {
        "headlines": quality_headlines(q),
        "quality": q,
        "rule": data.disclosure,
        "indicators": data.indicators,
        "rows_ingest": rows_ingest,
        "rows_link": rows_link,
        "derived_tables": derived,
        "governance": [
            (r.title, governance_path(r.record_id), f"governance/{r.record_id}.md") for r in data.governance
        ],
    }
    return page


def downloads_page(data: PublishedData, chart_pages: list[Page]) -> Page:
    page = Page("downloads.html", "downloads.html", "Downloads", "downloads")
    listed = [
        (p.title, p.path, [c for c in p.charts if c.chart.chart_id.endswith("sparkline") is False])
        for p in chart_pages
    ]
    page.context = {"listed": [entry for entry in listed if entry[2]], "rows": len(data.values)}
    return page


def governance_path(record_id: str) -> str:
    return f"governance/{record_id}.html"


def governance_pages(data: PublishedData) -> list[Page]:
    """Each governance record as a page of the site (its HTML was made from Markdown, escaped)."""
    built = []
    for record in data.governance:
        page = Page(governance_path(record.record_id), "governance.html", record.title, "quality")
        page.context = {"record": record}
        page.breadcrumbs = [{"text": "Data quality and methods", "href": "../data-quality.html"}]
        built.append(page)
    return built


def accessibility_page() -> Page:
    return Page("accessibility.html", "accessibility.html", "Accessibility statement", "")


def site_context(data: PublishedData, name: str) -> dict[str, Any]:
    """What every page and the needs-assessment report show about the site (title, version, banner)."""
    reasons = []
    if data.reference_is_synthetic:
        reasons.append(
            "the reference geography is synthetic (no real boundaries or deprivation data were available)"
        )
    if data.extracts_are_synthetic:
        scale = "" if data.population_scale >= 1 else f", {data.population_scale:.0%} of the real population"
        reasons.append(f"the partner extracts are synthetic people made by atr synth{scale}")
    return {
        "name": name,
        "region": data.region.name,
        "description": f"Indicators of adversity, trauma and resilience for {data.region.name} and its districts.",
        "version": __version__,
        "built": date.today().isoformat(),
        "synthetic": data.is_synthetic,
        "network": bool(data.network),
        "provision": data.provision is not None,
        "evaluation": bool(data.evaluation),
        "synthetic_reason": ("This is because " + " and ".join(reasons) + ".") if reasons else "",
        "held_back": data.held_back,  # the "Incomplete data" banner on every page (atr run --allow-partial)
    }
