"""England's and Yorkshire and The Humber's published figures beside West Yorkshire's.

Each indicator page says, for England and for the English region, what was published and how
West Yorkshire compares: by Fingertips' rule where the definitions match and the years are the
same; ``Not comparable`` with the reason where the definitions differ (rates over the children
known to services against rates over all children); ``Not compared`` when the latest published
figure is for an earlier year (a 2022/23 figure is shown, labelled, but not set against
2024/25). An indicator with a national equivalent but no figure in the reference table says so,
with the reason, so a reader never mistakes a gap for "no national figure exists" (#19).
"""

from __future__ import annotations

from dataclasses import dataclass

from atr.indicators import NATIONAL_EQUIVALENTS, NOT_YET_IN_TABLE, YORKSHIRE_AND_THE_HUMBER
from atr.publish import formatting as fmt
from atr.publish.assessment import NOT_COMPARABLE, compare
from atr.publish.dataset import ENGLAND_CODE, PublishedData
from atr.publish.model import IndicatorMeta, Value, period_sort_key

BENCHMARK_AREAS = ((ENGLAND_CODE, "England"), (YORKSHIRE_AND_THE_HUMBER, "Yorkshire and The Humber"))


@dataclass(frozen=True)
class BenchmarkRow:
    """One line of the table: a published figure (or its absence) and what it means here."""

    area: str
    period: str
    value: str
    comparison: str


def _latest_by(series: list[Value], period: str) -> Value | None:
    """The figure for ``period``, else the latest published before it (never a later one)."""
    earlier = [v for v in series if period_sort_key(v.period) <= period_sort_key(period) and v.has_value]
    return earlier[-1] if earlier else None


def benchmark_rows(data: PublishedData, meta: IndicatorMeta, period: str) -> list[BenchmarkRow]:
    """Rows for the indicator page; empty for an indicator no department publishes."""
    has_equivalent = meta.indicator_id in NATIONAL_EQUIVALENTS
    ours = data.at(meta.indicator_id, period, data.region.code)
    rows = []
    for code, name in BENCHMARK_AREAS:
        published = _latest_by(data.series(meta.indicator_id, code), period)
        if published is None:
            if has_equivalent:
                reason = NOT_YET_IN_TABLE.get(
                    meta.indicator_id, f"no figure for {name} was found in the release"
                )
                rows.append(
                    BenchmarkRow(name, "–", "[x]", f"No published figure in the reference table: {reason}.")
                )
            continue
        if published.comparison == NOT_COMPARABLE:
            text = published.note or "Not comparable: the definitions differ."
        elif published.period != period:
            text = (
                f"Not compared: {name}'s latest figure in the reference table is for "
                f"{published.period}, not {period}."
            )
        else:
            text = compare(ours, published, meta, name).label + "."
        rows.append(BenchmarkRow(name, published.period, fmt.with_unit(published.value, meta), text))
    return rows


__all__ = ["BENCHMARK_AREAS", "BenchmarkRow", "benchmark_rows"]
