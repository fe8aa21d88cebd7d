"""The needs assessment's executive summary: key messages, every indicator in one table, and the
words a place writes for itself.

Analysts write the introduction, recommendations and local commentary as Markdown files in the
project folder (``narrative/<place>/introduction.md`` …); the tool keeps the numbers right
around them. Markdown is rendered with raw HTML switched off, so a narrative file cannot inject
markup into a published report.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt

from atr.publish import formatting as fmt
from atr.publish.assessment import read_trend
from atr.publish.dataset import PublishedData
from atr.publish.model import Area
from atr.publish.narrative import benchmark_for

NARRATIVE_PARTS = ("introduction", "recommendations", "commentary")
"""The Markdown files a place may write: ``narrative/<place slug>/<part>.md``."""


@dataclass(frozen=True)
class SummaryRow:
    title: str
    period: str
    value: str
    interval: str
    comparison: str
    trend: str


def summary_rows(data: PublishedData, area: Area) -> list[SummaryRow]:
    """Every population indicator's latest figure for ``area``, its comparison and its trend."""
    rows = []
    for meta in data.indicators:
        if meta.is_network:
            continue
        period = data.latest_period(meta.indicator_id)
        v = data.at(meta.indicator_id, period, area.code) if period else None
        if period is None:
            continue
        comparison = benchmark_for(data, meta, area, period)
        rows.append(
            SummaryRow(
                title=meta.title,
                period=period,
                value=fmt.value_text(v, meta)
                + ("" if fmt.is_percent(meta) or v is None else f" {meta.unit}"),
                interval=fmt.interval(v, meta),
                comparison=comparison.label if comparison is not None else "No comparator published",
                trend=read_trend(v, meta).label,
            )
        )
    return rows


def narrative_parts(narrative_dir: Path | None, area: Area) -> dict[str, str]:
    """The place's own words as HTML, by part (a part with no file is absent)."""
    if narrative_dir is None:
        return {}
    folder = narrative_dir / area.slug
    renderer = MarkdownIt("commonmark", {"html": False})
    found = {}
    for part in NARRATIVE_PARTS:
        path = folder / f"{part}.md"
        if path.is_file():
            found[part] = renderer.render(path.read_text(encoding="utf-8"))
    return found


GLOSSARY: tuple[tuple[str, str], ...] = (
    (
        "95% confidence interval",
        "The range the true value probably lies in, given chance variation in small numbers.",
    ),
    (
        "Significantly",
        "A difference larger than chance would explain: the comparator's value lies outside the area's 95% confidence interval.",
    ),
    (
        "Adverse childhood experiences (ACEs)",
        "Harmful experiences in childhood, such as abuse, neglect, or living with domestic abuse, parental substance misuse or mental ill health.",
    ),
    (
        "Toxic trio",
        "Domestic abuse, parental substance misuse and parental mental ill health in the same household.",
    ),
    (
        "Recorded (observable)",
        "Adversity that a partner service recorded and that linkage connected to a child. It undercounts adversity.",
    ),
    (
        "Hidden need",
        "Adversity that records cannot see, estimated from national surveys applied to the local population.",
    ),
    (
        "Capture–recapture",
        "Estimating how many people no service sees, from how often the same people appear on several services' lists.",
    ),
    (
        "Slope index of inequality",
        "The modelled gap in a figure between the most and the least deprived ends of the population.",
    ),
    (
        "Trend",
        "Whether a figure has risen or fallen over the last five years, by a test at 99.8% confidence.",
    ),
    ("[c]", "Suppressed: the figure rests on 1 to 7 people, or would let a suppressed figure be worked out."),
    ("[x]", "Not available: no figure could be calculated or none was published."),
)


__all__ = ["GLOSSARY", "NARRATIVE_PARTS", "SummaryRow", "narrative_parts", "summary_rows"]
