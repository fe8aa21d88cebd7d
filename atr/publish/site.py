"""``atr publish``: build the static dashboard from the published tables.

The site is written into a fresh folder and swapped in whole (``atr.atomic.atomic_directory``),
so a reader never sees half a site. It carries copies of every asset it needs (CSS, the
GOV.UK, vega and vega-embed bundles; see ``atr/publish/static``) and makes no request to any
other machine, so it can be opened from a shared drive or put on any static host.
"""

from __future__ import annotations

import csv
import io
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from atr import __version__
from atr.atomic import atomic_directory
from atr.console import progress
from atr.errors import UsageError
from atr.publish import site_pages as pages
from atr.publish.chart_render import Chart, RenderedChart, render_chart, standalone_svg
from atr.publish.dataset import PublishedData
from atr.publish.records import META_OPTIONAL, META_REQUIRED, VALUE_COLUMNS
from atr.publish.site_evaluation import evaluation_pages
from atr.publish.site_network import network_page
from atr.publish.site_provision import provision_page
from atr.publish.templating import environment

STATIC = Path(__file__).resolve().parent / "static"
SITE_MARKER = ".atr-site"
"""Written into every site: ``--out`` may only replace a folder that holds one (or is empty)."""


@dataclass(frozen=True)
class SiteSummary:
    out: Path
    pages: int
    charts: int
    files: int
    seconds: float
    synthetic: bool = False
    """Built from synthetic people or geography: every page carries the banner."""


def check_site_target(out: Path) -> None:
    """Refuse to replace a folder that is not an earlier site (publish replaces the whole folder)."""
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / SITE_MARKER).exists())):
        raise UsageError(
            f"{out}: exists and is not a site built by `atr publish`",
            hint="choose a new or empty folder; publish replaces the whole folder",
        )


def _table_csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: ("" if row.get(k) is None else row.get(k)) for k in columns})
    return out.getvalue()


def _meta_rows(data: PublishedData) -> list[dict[str, Any]]:
    rows = []
    for m in (*data.indicators, *data.network):
        rows.append(
            {
                "indicator_id": m.indicator_id,
                "title": m.title,
                "definition": m.definition,
                "polarity": m.polarity.value,
                "outcome": m.outcome,
                "unit": m.unit,
                "multiplier": m.multiplier,
                "caveats": m.caveats,
                "method": m.method,
                "age_band": m.age_band,
                "sources": m.sources,
                "target_value": m.target.value if m.target else None,
                "target_by": m.target.by if m.target else None,
                "target_label": m.target.label if m.target else None,
                "target_measure": m.target.measure if m.target else None,
                "decimals": m.decimals,
            }
        )
    return rows


def build_pages(data: PublishedData, render: pages.Render) -> list[pages.Page]:
    built = [pages.overview(data, render)]
    with progress() as bar:
        task = bar.add_task("Building pages", total=len(data.indicators) + len(data.districts))
        for meta in data.indicators:
            built.append(pages.indicator_page(data, meta, render))
            bar.advance(task)
        for area in data.districts:
            built.append(pages.place_page(data, area, render))
            bar.advance(task)
    if data.network:
        built.append(network_page(data, render))
    if data.provision is not None:
        built.append(provision_page(data, render))
    built += evaluation_pages(data, render)
    chart_pages = [p for p in built if p.charts]
    built += [pages.places_page(data), pages.quality_page(data), pages.accessibility_page()]
    built += pages.governance_pages(data)
    built.append(pages.downloads_page(data, chart_pages))
    return built


def _write_provision_tables(data: PublishedData, staging: Path) -> int:
    """The need-and-provision tables as CSV, linked from their page."""
    if data.provision is None:
        return 0
    folder = staging / "data" / "provision"
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "need_provision_ward": data.provision.wards,
        "provision_allocation": data.provision.allocation,
        "provision_sensitivity": data.provision.sensitivity,
    }
    for name, rows in tables.items():
        columns = tuple(rows[0]) if rows else ("empty",)
        (folder / f"{name}.csv").write_text(_table_csv(columns, rows), encoding="utf-8")
    return len(tables)


def _write_reports(data: PublishedData, staging: Path, name: str, narrative_dir: Path | None) -> int:
    """Each place's needs assessment as HTML beside the site, so a place page can link it.

    HTML because a tagged PDF takes about 18 s a place (``benchmarks/RESULTS.md``); ``atr report
    --place P --out P.pdf`` makes the PDF from the same template.
    """
    from atr.publish.report import render_report_html

    places = [data.region, *data.districts]
    for area in places:
        html, _charts = render_report_html(data, area.code, name=name, narrative_dir=narrative_dir)
        target = staging / pages.report_path(area)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
    return len(places)


def write_site(
    data: PublishedData, out: Path, *, name: str = "ATR Observatory", narrative_dir: Path | None = None
) -> SiteSummary:
    """Build every page and file of the site into ``out`` (replacing a previous build)."""
    started = time.perf_counter()
    check_site_target(out)
    rendered: dict[str, RenderedChart] = {}

    def render(chart: Chart) -> RenderedChart:
        if chart.chart_id in rendered:
            raise ValueError(f"two charts share the id {chart.chart_id}")
        rendered[chart.chart_id] = render_chart(chart)
        return rendered[chart.chart_id]

    built = build_pages(data, render)
    env = environment()
    site = pages.site_context(data, name)
    files = 0
    with atomic_directory(out) as staging:
        staging.chmod(0o755)  # mkdtemp makes it private; a web server must be able to read it
        shutil.copytree(STATIC, staging / "assets", ignore=shutil.ignore_patterns("VERSIONS.json", "*.map"))
        (staging / SITE_MARKER).write_text(f"ATR Observatory {__version__}\n", encoding="utf-8")
        for page in built:
            template = env.get_template(page.template)
            html = template.render(
                site=site,
                page_title=page.title,
                nav=page.nav,
                root=page.root,
                breadcrumbs=page.breadcrumbs,
                interactive=page.interactive,
                **page.context,
            )
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
            files += 1
        charts_dir = staging / "data" / "charts"
        charts_dir.mkdir(parents=True)
        for chart in rendered.values():
            if chart.chart_id.endswith("-sparkline"):
                continue
            (charts_dir / chart.csv_name).write_text(chart.chart.table.csv_text(), encoding="utf-8")
            (charts_dir / chart.svg_name).write_text(standalone_svg(chart), encoding="utf-8")
            files += 2
        files += _write_reports(data, staging, name, narrative_dir)
        for record in data.governance:  # the Markdown beside each governance page
            (staging / "governance" / f"{record.record_id}.md").write_text(record.markdown, encoding="utf-8")
            files += 1
        value_rows = [v.__dict__ for v in data.values]
        (staging / "data" / "indicator_value.csv").write_text(
            _table_csv(VALUE_COLUMNS, value_rows), encoding="utf-8"
        )
        (staging / "data" / "indicator_meta.csv").write_text(
            _table_csv(META_REQUIRED + META_OPTIONAL, _meta_rows(data)), encoding="utf-8"
        )
        files += _write_provision_tables(data, staging)
        for summary in data.quality.derived:
            quality_dir = staging / "data" / "quality"
            quality_dir.mkdir(exist_ok=True)
            (quality_dir / f"{summary.name}.csv").write_text(
                _table_csv(tuple(summary.columns), summary.rows), encoding="utf-8"
            )
            files += 1
        files += 2 + sum(1 for _ in (staging / "assets").rglob("*") if _.is_file())
    return SiteSummary(
        out, len(built), len(rendered), files, time.perf_counter() - started, data.is_synthetic
    )
