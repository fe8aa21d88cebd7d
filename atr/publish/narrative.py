"""Plain-English sentences generated from the published numbers.

Every sentence is built from the same figures and comparisons as the charts beside it, so the
words can never disagree with the numbers. The wording follows GOV.UK style (short sentences,
"significantly" only for a statistical comparison at 95%) and never claims a cause.
"""

from __future__ import annotations

from collections import Counter

from atr.publish import formatting as fmt
from atr.publish.assessment import Comparison, compare, read_trend, sii, target_progress
from atr.publish.dataset import PublishedData
from atr.publish.model import DEPRIVATION_BREAKDOWNS, Area, Assessment, IndicatorMeta, Trend


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym (IMD, ACE)."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def benchmark_for(data: PublishedData, meta: IndicatorMeta, area: Area, period: str) -> Comparison | None:
    """A district is compared with West Yorkshire; West Yorkshire with England when published."""
    v = data.at(meta.indicator_id, period, area.code)
    if area.code == data.region.code:
        england = data.england(meta.indicator_id, period)
        return compare(v, england, meta, "England") if england is not None else None
    return compare(v, data.at(meta.indicator_id, period, data.region.code), meta, data.region.name)


def headline(data: PublishedData, meta: IndicatorMeta, area: Area) -> str:
    period = data.latest_period(meta.indicator_id)
    if period is None:
        return f"No figures for {lower_first(meta.title)} have been published yet."
    v = data.at(meta.indicator_id, period, area.code)
    subject = f"{lower_first(meta.title)} in {area.name}"
    if v is None:
        return f"No figure for {subject} has been published for {period}."
    if v.suppressed:
        return (
            f"In {period}, the figure for {subject} is suppressed because it rests on fewer than "
            f"{data.disclosure.suppress_below} people."
        )
    if not v.has_value:
        return f"No figure for {subject} could be calculated for {period}."
    sentence = f"In {period}, the figure for {subject} was {fmt.with_unit(v.value, meta)}"
    if v.has_interval:
        sentence += f" (95% confidence interval {fmt.interval(v, meta)})"
    comparison = benchmark_for(data, meta, area, period)
    if comparison is not None and comparison.benchmark_value is not None:
        sentence += f", {comparison.phrase} ({fmt.number(comparison.benchmark_value, meta)})"
    return sentence + "."


def trend_sentence(data: PublishedData, meta: IndicatorMeta, area: Area) -> str:
    period = data.latest_period(meta.indicator_id)
    v = data.at(meta.indicator_id, period, area.code) if period else None
    reading = read_trend(v, meta)
    if reading.trend is Trend.NOT_CALCULATED:
        return "The recent trend cannot be calculated (it needs five years of unsuppressed figures)."
    if reading.trend is Trend.NO_CHANGE:
        return f"Over the last five years there has been no significant change in {area.name}."
    return f"Over the last five years the figure for {area.name} has been {lower_first(reading.label)}."


def gradient_sentence(data: PublishedData, meta: IndicatorMeta, area: Area) -> str | None:
    period = data.latest_period(meta.indicator_id)
    if period is None:
        return None
    for breakdown in DEPRIVATION_BREAKDOWNS:
        groups = {
            v.breakdown_value: v for v in data.breakdown(meta.indicator_id, period, area.code, breakdown)
        }
        if groups:
            break
    else:
        return None
    last = "10" if breakdown == "imd_decile" else "5"
    share = "tenth" if breakdown == "imd_decile" else "fifth"
    most, least = groups.get("1"), groups.get(last)
    parts = []
    if most is not None and least is not None and most.has_value and least.has_value:
        assert most.value is not None and least.value is not None
        parts.append(
            f"In {area.name} in {period}, the figure in the most deprived {share} of neighbourhoods was "
            f"{fmt.number(most.value, meta)}, against {fmt.number(least.value, meta)} in the least deprived"
            + (f" ({most.value / least.value:.1f} times as high)." if least.value > 0 else ".")
        )
    index = sii(data, meta.indicator_id, period, area.code)
    if index is not None and index.has_value and index.value is not None:
        text = f"The slope index of inequality is {fmt.number(index.value, meta)}"
        if index.has_interval:
            assert index.lower_95 is not None and index.upper_95 is not None
            significant = index.lower_95 > 0 or index.upper_95 < 0
            text += f" (95% confidence interval {fmt.interval(index, meta)})"
            text += (
                ": a significant gradient by deprivation."
                if significant
                else ": no clear gradient by deprivation."
            )
        else:
            text += "."
        parts.append(text)
    return " ".join(parts) or None


def target_sentence(data: PublishedData, meta: IndicatorMeta) -> str | None:
    progress = target_progress(data, meta)
    if progress is None:
        return None
    return f"{progress.label}: {progress.text}."


def summary_counts(data: PublishedData, area: Area) -> tuple[str, dict[Assessment, list[str]]]:
    """One sentence counting how an area compares on every indicator, and the titles by group."""
    groups: dict[Assessment, list[str]] = {}
    for meta in data.indicators:
        period = data.latest_period(meta.indicator_id)
        if period is None:
            continue
        comparison = benchmark_for(data, meta, area, period)
        if comparison is None:
            continue
        groups.setdefault(comparison.assessment, []).append(meta.title)
    counts = Counter({k: len(v) for k, v in groups.items()})
    total = sum(counts.values())
    if not total:
        return f"No indicator for {area.name} could be compared with a benchmark.", groups
    benchmark = "England" if area.code == data.region.code else data.region.name
    words = [
        (Assessment.WORSE, "significantly worse than"),
        (Assessment.SIMILAR, "similar to"),
        (Assessment.BETTER, "significantly better than"),
        (Assessment.HIGHER, "significantly higher than (no better or worse direction)"),
        (Assessment.LOWER, "significantly lower than (no better or worse direction)"),
        (Assessment.NOT_COMPARED, "could not be compared with"),
    ]
    parts = [f"{counts[a]} {w} {benchmark}" for a, w in words if counts[a]]
    sentence = f"Of the {total} indicators compared for {area.name} in the latest year, " + _join(parts) + "."
    return sentence, groups


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
