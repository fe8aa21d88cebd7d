"""Reading the published figures: comparison with a benchmark, trend, target progress.

Comparisons with West Yorkshire (and West Yorkshire's with England, when England's figures are
published) are made here, from the published 95% intervals, by the rule Fingertips calls
"confidence interval overlapping reference value": an area is significantly higher when the
benchmark's value lies below the area's lower limit, lower when above its upper limit, similar
otherwise. It is arithmetic on published numbers, done here so every page and sentence states
the same benchmark (the ``comparison`` column of ``indicator_value`` is still published in the
downloads, with the benchmark the indicators stage chose).
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.publish import formatting as fmt
from atr.publish.dataset import PublishedData
from atr.publish.model import (
    INEQUALITY_BREAKDOWN,
    SII_VALUES,
    Assessment,
    Direction,
    IndicatorMeta,
    Polarity,
    Trend,
    Value,
    judge,
)

NOT_COMPARABLE = "not comparable"
"""``comparison`` of a benchmark row whose definition differs from ours (see its ``note``)."""


@dataclass(frozen=True)
class Comparison:
    direction: Direction
    assessment: Assessment
    benchmark_name: str
    benchmark_value: float | None
    reason: str | None = None
    """Why no comparison is made although the benchmark has a value (definitions differ)."""

    @property
    def phrase(self) -> str:
        """``significantly higher than West Yorkshire`` (for use inside a sentence)."""
        if self.direction is Direction.HIGHER:
            return f"significantly higher than {self.benchmark_name}"
        if self.direction is Direction.LOWER:
            return f"significantly lower than {self.benchmark_name}"
        if self.direction is Direction.SIMILAR:
            return f"similar to {self.benchmark_name}"
        if self.reason:
            return f"not comparable with {self.benchmark_name} (definitions differ)"
        return f"not compared with {self.benchmark_name}"

    @property
    def label(self) -> str:
        text = self.phrase
        return text[:1].upper() + text[1:]

    @property
    def judgement(self) -> str:
        """``better``/``worse`` wording where the indicator has a polarity."""
        return {
            Assessment.BETTER: "better",
            Assessment.WORSE: "worse",
            Assessment.SIMILAR: "similar",
            Assessment.HIGHER: "higher",
            Assessment.LOWER: "lower",
            Assessment.NOT_COMPARED: "not compared",
        }[self.assessment]


def compare(v: Value | None, benchmark: Value | None, meta: IndicatorMeta, benchmark_name: str) -> Comparison:
    """Compare an area's figure with a benchmark's point value (see the module docstring)."""
    bench_value = benchmark.value if benchmark is not None and benchmark.has_value else None
    if benchmark is not None and benchmark.comparison == NOT_COMPARABLE:
        reason = benchmark.note or "the definitions differ"
        return Comparison(
            Direction.NOT_COMPARED, Assessment.NOT_COMPARED, benchmark_name, bench_value, reason
        )
    if v is None or not v.has_interval or bench_value is None:
        direction = Direction.NOT_COMPARED
    else:
        assert v.lower_95 is not None and v.upper_95 is not None
        if bench_value < v.lower_95:
            direction = Direction.HIGHER
        elif bench_value > v.upper_95:
            direction = Direction.LOWER
        else:
            direction = Direction.SIMILAR
    return Comparison(direction, judge(direction, meta.polarity), benchmark_name, bench_value)


@dataclass(frozen=True)
class TrendReading:
    trend: Trend
    label: str
    arrow: str
    assessment: Assessment


def read_trend(v: Value | None, meta: IndicatorMeta) -> TrendReading:
    """The recent-trend marker, worded by polarity as Fingertips does."""
    trend = Trend.read(v.trend if v is not None else None)
    if trend is Trend.NOT_CALCULATED:
        return TrendReading(trend, "Trend cannot be calculated", "–", Assessment.NOT_COMPARED)
    if trend is Trend.NO_CHANGE:
        return TrendReading(trend, "No significant change", "→", Assessment.SIMILAR)
    rising = trend is Trend.INCREASING
    word, arrow = ("Increasing", "↑") if rising else ("Decreasing", "↓")
    if meta.polarity is Polarity.NO_JUDGEMENT:
        return TrendReading(trend, word, arrow, Assessment.HIGHER if rising else Assessment.LOWER)
    getting_worse = rising == (meta.polarity is Polarity.LOW_IS_GOOD)
    assessment = Assessment.WORSE if getting_worse else Assessment.BETTER
    return TrendReading(trend, f"{word} and getting {assessment.value}", arrow, assessment)


@dataclass(frozen=True)
class TargetProgress:
    achieved: float | None
    target: float
    by: str | None
    label: str
    percent: float | None

    @property
    def text(self) -> str:
        by = f" by {self.by}" if self.by else ""
        if self.achieved is None:
            return f"Target: {fmt.count(self.target)}{by}. Progress is not available (figure suppressed or missing)."
        return (
            f"{fmt.count(self.achieved)} of {fmt.count(self.target)}{by} "
            f"({fmt.percent(self.percent, 0)} of the target)"
        )


def target_progress(data: PublishedData, meta: IndicatorMeta) -> TargetProgress | None:
    """Progress towards the indicator's target, from the latest West Yorkshire figure."""
    if meta.target is None:
        return None
    period = data.latest_period(meta.indicator_id)
    latest = data.at(meta.indicator_id, period, data.region.code) if period else None
    achieved = None
    if latest is not None and latest.has_value:
        achieved = latest.count if meta.target.measure == "count" else latest.value
    percent = 100.0 * achieved / meta.target.value if achieved is not None and meta.target.value else None
    label = meta.target.label or f"Target: {fmt.count(meta.target.value)}"
    return TargetProgress(achieved, meta.target.value, meta.target.by, label, percent)


def sii(data: PublishedData, indicator_id: str, period: str, area_code: str) -> Value | None:
    """The published slope index of inequality across deciles (else quintiles), if any."""
    rows = {
        v.breakdown_value: v for v in data.breakdown(indicator_id, period, area_code, INEQUALITY_BREAKDOWN)
    }
    return next((rows[k] for k in SII_VALUES if k in rows), None)


def latest_values(
    data: PublishedData, meta: IndicatorMeta, area_code: str
) -> tuple[Value | None, Value | None]:
    """(latest figure, West Yorkshire's figure for the same period) for one area."""
    period = data.latest_period(meta.indicator_id)
    if period is None:
        return None, None
    return data.at(meta.indicator_id, period, area_code), data.at(meta.indicator_id, period, data.region.code)
