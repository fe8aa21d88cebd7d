"""``atr report``: the annual needs assessment for a district or for West Yorkshire.

One self-contained HTML document (styles and charts inline, so it can be emailed or archived
as a single file) and, from the same HTML, a tagged PDF made by WeasyPrint with
``pdf_variant="pdf/ua-1"`` (public-sector documents must be accessible; the plain variant is
untagged). Charts are the site's own, drawn as SVG, so print is as sharp as the screen.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from atr.atomic import write_bytes_atomic, write_text_atomic
from atr.errors import UsageError
from atr.publish import figures_indicator as figs
from atr.publish import narrative
from atr.publish.chart_render import Chart, RenderedChart, render_chart
from atr.publish.dataset import PublishedData
from atr.publish.figures_place import spine
from atr.publish.key_messages import key_messages
from atr.publish.model import Area, Assessment, IndicatorMeta
from atr.publish.quality import SummaryView, present
from atr.publish.report_provision import provision_chapter
from atr.publish.report_summary import GLOSSARY, narrative_parts, summary_rows
from atr.publish.site_evaluation import report_evaluation
from atr.publish.site_pages import site_context
from atr.publish.templating import environment


@dataclass
class IndicatorSection:
    meta: IndicatorMeta
    sentences: list[str]
    chart: RenderedChart | None


@dataclass(frozen=True)
class ReportSummary:
    out: Path
    place: str
    charts: int
    seconds: float
    pages: int | None


def _static_render(chart: Chart) -> RenderedChart:
    chart.interactive = False  # a printed document has no scripts
    return render_chart(chart)


def _sections(data: PublishedData, area: Area) -> dict[str, list[IndicatorSection]]:
    region = data.region
    by_outcome: dict[str, list[IndicatorSection]] = {}
    for meta in data.indicators:
        period = data.latest_period(meta.indicator_id)
        sentences = [narrative.headline(data, meta, area)]
        chart = None
        if period is not None:
            sentences.append(narrative.trend_sentence(data, meta, area))
            target = narrative.target_sentence(data, meta) if area.code == region.code else None
            if target:
                sentences.append(target)
            if area.code == region.code:
                built = figs.district_bars(data, meta, period, prefix="report-")
            else:
                codes = [area.code, region.code]
                if data.england(meta.indicator_id, period) is not None:
                    codes.append("E92000001")
                built = figs.trend(data, meta, codes, prefix=f"report-{area.slug}-")
            chart = _static_render(built) if built is not None else None
        by_outcome.setdefault(meta.outcome, []).append(IndicatorSection(meta, sentences, chart))
    return by_outcome


def _gradients(data: PublishedData, area: Area) -> list[tuple[IndicatorMeta, str, RenderedChart]]:
    found = []
    for meta in data.indicators:
        period = data.latest_period(meta.indicator_id)
        if period is None:
            continue
        chart = figs.deprivation_gradient(data, meta, period, area.code, prefix="report-")
        sentence = narrative.gradient_sentence(data, meta, area)
        if chart is not None and sentence:
            found.append((meta, sentence, _static_render(chart)))
    return found


def _hidden_need(data: PublishedData, area: Area) -> list[SummaryView]:
    """Derive-stage summaries for this place (and West Yorkshire, for context), latest year."""
    wanted = {area.code, data.region.code}
    views = [present(table, data.area_name, wanted) for table in data.quality.derived]
    return [v for v in views if v.rows]


def _system(data: PublishedData, area: Area) -> list[dict[str, str]]:
    """The network's and workforce's KPIs for this place and West Yorkshire, latest year each."""
    from atr.publish import formatting as fmt
    from atr.publish.figures_network import section_order

    rows = []
    for meta in sorted(data.network, key=section_order):
        period = data.latest_period(meta.indicator_id)
        if period is None:
            continue
        here = data.at(meta.indicator_id, period, area.code)
        region = data.at(meta.indicator_id, period, data.region.code)
        rows.append(
            {
                "title": meta.title,
                "period": period,
                "here": fmt.value_text(here, meta),
                "region": fmt.value_text(region, meta),
                "unit": meta.unit,
            }
        )
    return rows


def report_context(data: PublishedData, area: Area, narrative_dir: Path | None = None) -> dict[str, Any]:
    summary, groups = narrative.summary_counts(data, area)
    periods = sorted({p for m in data.indicators if (p := data.latest_period(m.indicator_id))})
    spine_chart = None
    if area.code != data.region.code:
        built = spine(data, area, prefix="report-")
        spine_chart = _static_render(built) if built is not None else None
    return {
        "area": area,
        "is_region": area.code == data.region.code,
        "period": periods[-1] if periods else "",
        "summary": summary,
        "worse": groups.get(Assessment.WORSE, []),
        "better": groups.get(Assessment.BETTER, []),
        "spine": spine_chart,
        "sections": _sections(data, area),
        "gradients": _gradients(data, area),
        "hidden_need": _hidden_need(data, area),
        "system": _system(data, area),
        "provision": provision_chapter(data, area),
        "key_messages": key_messages(data, area, lambda m: f"indicators/{m.slug}.html"),
        "summary_rows": summary_rows(data, area),
        "narrative": narrative_parts(narrative_dir, area),
        "narrative_hint": f"narrative/{area.slug}/recommendations.md",
        "glossary": GLOSSARY,
        "rule": data.disclosure,
        "indicators": [m for m in data.indicators if not m.is_network],
        "today": date.today().isoformat(),
    }


def render_report_html(
    data: PublishedData, place: str, *, name: str = "ATR Observatory", narrative_dir: Path | None = None
) -> tuple[str, int]:
    area = data.place(place)
    context = report_context(data, area, narrative_dir)
    charts = sum(1 for s in context["sections"].values() for x in s if x.chart) + len(context["gradients"])
    charts += 1 if context["spine"] else 0
    evaluation = report_evaluation(data.evaluation, data.area_name)
    html = (
        environment()
        .get_template("report.html")
        .render(site=site_context(data, name), evaluation=evaluation, **context)
    )
    return html, charts


def check_report_target(out: Path) -> str:
    """The report's format from its file name (``.pdf`` or ``.html``)."""
    suffix = out.suffix.lower()
    if suffix not in (".pdf", ".html", ".htm"):
        raise UsageError(f"{out}: the report must be a .pdf or .html file")
    return suffix


def print_pdf(html: str, base: Path) -> tuple[bytes, Any]:
    """The tagged PDF of a report's HTML, and WeasyPrint's laid-out document (its pages), so a
    test can check the layout of exactly the PDF that ``atr report`` writes."""
    import weasyprint  # imported here: it loads Pango, which the HTML report does not need

    document = weasyprint.HTML(string=html, base_url=str(base)).render()
    pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    assert pdf is not None
    return pdf, document


def write_report(
    data: PublishedData,
    place: str,
    out: Path,
    *,
    name: str = "ATR Observatory",
    narrative_dir: Path | None = None,
) -> ReportSummary:
    """Write the needs assessment for ``place`` as ``.html`` or (tagged) ``.pdf``."""
    suffix = check_report_target(out)
    started = time.perf_counter()
    html, charts = render_report_html(data, place, name=name, narrative_dir=narrative_dir)
    pages = None
    if suffix == ".pdf":
        pdf, document = print_pdf(html, out.parent)
        pages = len(document.pages)
        write_bytes_atomic(out, pdf)
    else:
        write_text_atomic(out, html)
    return ReportSummary(out, data.place(place).name, charts, time.perf_counter() - started, pages)
