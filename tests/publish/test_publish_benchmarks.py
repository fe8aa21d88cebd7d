"""England's and Yorkshire and The Humber's figures on each indicator page (#19): compared where the
definitions and year match, else labelled with the reason; a known gap says why."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

from atr.indicators.benchmarks import NOT_YET_IN_TABLE
from atr.publish import formatting as fmt
from atr.publish.assessment import NOT_COMPARABLE
from atr.publish.benchmark_table import benchmark_rows
from atr.publish.dataset import PublishedData
from atr.publish.figures_indicator import district_bars
from atr.publish.model import Value

ENGLAND, YORKSHIRE = "E92000001", "E12000003"


def _as(published_data: PublishedData, indicator_id: str, extra: list[Value]) -> PublishedData:
    """The fixture's looked-after figures renamed to a catalogue indicator, plus ``extra`` rows."""
    ours = [
        dataclasses.replace(v, indicator_id=indicator_id)
        for v in published_data.values
        if v.indicator_id == "cla_rate" and v.area_type != "country"
    ]
    meta = dataclasses.replace(published_data.indicator("cla_rate"), indicator_id=indicator_id)
    return dataclasses.replace(published_data, values=[*ours, *extra], indicators=[meta])


def _published(indicator_id: str, period: str, code: str, value: float, *, comparable: bool) -> Value:
    area_type = "country" if code == ENGLAND else "english_region"
    note = None if comparable else "Not comparable: DfE, Children looked after. Denominators differ."
    return Value(
        indicator_id,
        period,
        code,
        area_type,
        "all",
        "all",
        None,
        None,
        value,
        None,
        None,
        None,
        None,
        "not compared" if comparable else NOT_COMPARABLE,
        None,
        False,
        note,
    )


def test_england_is_compared_by_fingertips_rule_and_the_region_shows_its_reason(
    published_data: PublishedData,
) -> None:
    data = _as(
        published_data,
        "looked_after_rate",
        [
            _published("looked_after_rate", "2024/25", ENGLAND, 1.0, comparable=True),
            _published("looked_after_rate", "2024/25", YORKSHIRE, 77.0, comparable=False),
        ],
    )
    meta = data.indicator("looked_after_rate")
    ours = data.at("looked_after_rate", "2024/25", data.region.code)
    assert ours is not None and ours.lower_95 is not None and ours.lower_95 > 1.0
    england, region = benchmark_rows(data, meta, "2024/25")
    assert (england.area, england.period) == ("England", "2024/25")
    assert england.value == fmt.with_unit(1.0, meta)
    assert england.comparison == "Significantly higher than England."  # England below our interval
    assert (region.area, region.value) == ("Yorkshire and The Humber", fmt.with_unit(77.0, meta))
    assert region.comparison == "Not comparable: DfE, Children looked after. Denominators differ."
    # the districts' table lists both published figures beside West Yorkshire's, with the reason
    chart = district_bars(data, meta, "2024/25")
    assert chart is not None
    labels = {r["label"]: r for r in chart.table.rows}
    assert labels["England"]["category"] == "" and labels["Yorkshire and The Humber"]["category"].startswith(
        "Not comparable: "
    )


def test_an_earlier_year_is_shown_but_not_compared_and_a_gap_says_why(published_data: PublishedData) -> None:
    data = _as(
        published_data,
        "looked_after_rate",
        [_published("looked_after_rate", "2022/23", ENGLAND, 70.0, comparable=True)],
    )
    england, region = benchmark_rows(data, data.indicator("looked_after_rate"), "2024/25")
    assert england.period == "2022/23"
    assert england.comparison == (
        "Not compared: England's latest figure in the reference table is for 2022/23, not 2024/25."
    )
    assert region.value == "[x]" and region.comparison.startswith(
        "No published figure in the reference table"
    )
    # a later figure is never set beside an earlier year
    assert benchmark_rows(data, data.indicator("looked_after_rate"), "2021/22")[0].value == "[x]"
    gap = _as(published_data, "care_entry_rate", [])
    rows = benchmark_rows(gap, gap.indicator("care_entry_rate"), "2024/25")
    assert [r.area for r in rows] == ["England", "Yorkshire and The Humber"]
    assert NOT_YET_IN_TABLE["care_entry_rate"] in rows[0].comparison
    # an indicator no department publishes has no such table
    other = _as(published_data, "toxic_trio_recorded_any2", [])
    assert benchmark_rows(other, other.indicator("toxic_trio_recorded_any2"), "2024/25") == []


def test_the_indicator_page_shows_englands_figure(published_data: PublishedData, site_dir: Path) -> None:
    meta = published_data.indicator("cla_rate")
    period = published_data.latest_period("cla_rate")
    assert period is not None
    england = published_data.england("cla_rate", period)
    assert england is not None
    page = html.unescape((site_dir / "indicators" / f"{meta.slug}.html").read_text(encoding="utf-8"))
    section = page[page.index("England and Yorkshire and The Humber") :]
    row = re.search(r'<th scope="row"[^>]*>England</th>(.*?)</tr>', section, re.S)
    assert row is not None
    assert period in row.group(1) and fmt.with_unit(england.value, meta) in row.group(1)
    assert "than England" in row.group(1) or "similar to England" in row.group(1).lower()
