"""Every chart a build makes, site and needs assessments, against the rules in chart_checks.py."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from chart_checks import chart_problems, drawn_titles, legend_labels

from atr.publish import report
from atr.publish.chart_maps import SUPPRESSED_LABEL
from atr.publish.chart_render import Chart, RenderedChart, render_chart
from atr.publish.chart_specs import bar_with_intervals
from atr.publish.dataset import PublishedData
from atr.publish.datatable import DataTable
from atr.publish.figures_indicator import FIGURE_COLUMNS
from atr.publish.site import build_pages


@pytest.fixture(scope="module")
def every_chart(published_data: PublishedData) -> list[RenderedChart]:
    """The charts of the whole site and of Leeds' and West Yorkshire's reports, as rendered."""
    charts: list[RenderedChart] = []

    def keep(chart: Chart) -> RenderedChart:
        charts.append(render_chart(chart))
        return charts[-1]

    build_pages(published_data, keep)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(report, "render_chart", keep)  # what the report's static render calls
        for place in ("leeds", "west-yorkshire"):
            report.render_report_html(published_data, place)
    return charts


def test_every_chart_keeps_the_rules(every_chart: list[RenderedChart]) -> None:
    kinds = Counter(c.chart_id.removeprefix("report-").split("-")[-1] for c in every_chart)
    assert len(every_chart) >= 80 and {"districts", "trend", "sparkline", "spine", "ward"} <= set(kinds)
    problems = [p for c in every_chart for p in chart_problems(c)]
    assert problems == []
    map_labels = [label for c in every_chart if "-map-" in c.chart_id for label in legend_labels(c.svg)]
    assert any(" to " in label for label in map_labels) and SUPPRESSED_LABEL in map_labels


def test_suppressed_figures_are_checked_where_there_are_some(every_chart: list[RenderedChart]) -> None:
    """The suppression rule is not vacuous: bars, maps and trends with suppressed figures are checked."""
    with_suppressed = {
        c.chart_id for c in every_chart if any(r.get("suppressed") for r in c.chart.table.rows)
    }
    assert any("-map-" in c for c in with_suppressed)
    assert any(c.endswith(("-sectors", "-districts")) for c in with_suppressed)
    assert any(c.endswith("-trend") for c in with_suppressed)


def _bad_chart() -> RenderedChart:
    """A districts chart with a suppressed district drawn as zero and field names for titles."""
    rows = [
        {"label": "Leeds", "value": 12.0, "lower": 10.0, "upper": 14.0, "category": "Similar"},
        {
            "label": "Bradford",
            "value": 0.0,
            "lower": 0.0,
            "upper": 0.0,
            "category": "Similar",
            "suppressed": True,
        },
    ]
    for row in rows:
        row.update(value_text=str(row["value"]), interval_text="", count=None, denominator=None)
    spec = bar_with_intervals(
        rows,
        x_title="cla_rate",
        category_title="Compared",
        categories=["Similar"],
        colours=["#999999"],
        benchmark=None,
    )
    table = DataTable(FIGURE_COLUMNS, rows)
    return render_chart(Chart("bad-districts", "Rates by area_source", "", spec, table))


def test_the_rules_find_a_broken_chart() -> None:
    bad = _bad_chart()
    assert ("axis", "cla_rate") in drawn_titles(bad.svg)
    assert legend_labels(bad.svg) == ["Similar"]
    problems = "\n".join(chart_problems(bad))
    for expected in (
        "bad-districts: no description",
        "title has an identifier: ['area_source']",
        "axis title 'cla_rate' is not plain words",
        "suppressed row 'Bradford' has a value 0.0",
        "suppressed 'Bradford' drawn at 0.0",
        "1 suppressed figures but 0 '[c]' drawn",
    ):
        assert expected in problems, problems


def test_a_benchmark_label_never_widens_the_chart() -> None:
    """A benchmark near the longest bar has its label on the left of its line: the chart is as
    wide as with a benchmark near zero (a wider chart shrinks on a 390 px phone)."""

    def width(benchmark: float) -> float:
        rows = [
            {"label": name, "value": v, "lower": v - 0.3, "upper": v + 0.3, "category": "Similar"}
            for name, v in (("Leeds", 1.5), ("Bradford", 2.0), ("Wakefield", 3.4))
        ]
        for row in rows:
            row.update(value_text=f"{row['value']}", interval_text="", count=None, denominator=None)
        spec = bar_with_intervals(
            rows,
            x_title="Points (0 to 4)",
            category_title="Compared",
            categories=["Similar"],
            colours=["#999999"],
            benchmark=("West Yorkshire", benchmark),
        )
        chart = Chart("bench", "Maturity by area", "Bar chart", spec, DataTable(FIGURE_COLUMNS, rows))
        match = re.search(r'viewBox="0 0 ([\d.]+) ', render_chart(chart).svg)
        assert match
        return float(match.group(1))

    assert width(3.5) == width(0.2)
