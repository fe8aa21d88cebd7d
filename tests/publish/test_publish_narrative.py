"""Sentences generated from the numbers say what the numbers say."""

from __future__ import annotations

import dataclasses

from atr.indicators.benchmarks import NOT_COMPARABLE as STAGE_NOT_COMPARABLE
from atr.publish import narrative
from atr.publish.assessment import NOT_COMPARABLE, compare, read_trend, target_progress
from atr.publish.dataset import PublishedData
from atr.publish.model import Direction, Polarity, Value


def _value(value: float | None, lower: float | None, upper: float | None, **kw: object) -> Value:
    base = Value(
        "i",
        "2024/25",
        "X",
        "district",
        "all",
        "",
        100.0,
        1000.0,
        value,
        lower,
        upper,
        None,
        None,
        None,
        None,
        False,
        None,
    )
    return dataclasses.replace(base, **kw)  # type: ignore[arg-type]


def test_comparison_uses_the_benchmark_value_against_the_interval(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")  # low is good
    bench = _value(50.0, 48.0, 52.0)
    assert compare(_value(60.0, 55.0, 65.0), bench, meta, "West Yorkshire").direction is Direction.HIGHER
    assert compare(_value(60.0, 55.0, 65.0), bench, meta, "West Yorkshire").judgement == "worse"
    assert compare(_value(40.0, 35.0, 45.0), bench, meta, "West Yorkshire").judgement == "better"
    assert compare(_value(52.0, 49.0, 55.0), bench, meta, "West Yorkshire").direction is Direction.SIMILAR
    suppressed = _value(None, None, None, suppressed=True, count=None)
    assert compare(suppressed, bench, meta, "West Yorkshire").direction is Direction.NOT_COMPARED
    higher = compare(_value(60.0, 55.0, 65.0), bench, meta, "West Yorkshire")
    assert higher.phrase == "significantly higher than West Yorkshire"


def test_england_is_compared_only_where_definitions_match(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    area = _value(60.0, 55.0, 65.0)
    comparable = _value(50.0, None, None, area_type="country", comparison="not compared")
    assert compare(area, comparable, meta, "England").direction is Direction.HIGHER
    assert NOT_COMPARABLE == STAGE_NOT_COMPARABLE  # the word the indicators stage writes
    differs = dataclasses.replace(comparable, comparison=NOT_COMPARABLE, note="Not comparable: spine")
    result = compare(area, differs, meta, "England")
    assert result.direction is Direction.NOT_COMPARED and result.reason == "Not comparable: spine"
    assert result.phrase == "not comparable with England (definitions differ)"


def test_headline_reads_the_published_figures(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    for area in published_data.districts:
        v = published_data.at("cla_rate", "2024/25", area.code)
        wy = published_data.at("cla_rate", "2024/25", published_data.region.code)
        assert v is not None and wy is not None
        sentence = narrative.headline(published_data, meta, area)
        assert sentence.startswith(f"In 2024/25, the figure for children looked after in {area.name} was ")
        expected = compare(v, wy, meta, "West Yorkshire").phrase
        assert expected in sentence
        assert f"{v.value:,.0f}" in sentence or f"{v.value:,.1f}" in sentence


def test_suppressed_figures_are_explained_not_shown(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    wards = [v for v in published_data.by_area_type("cla_rate", "2024/25", "ward") if v.suppressed]
    assert wards, "the fixture suppresses small ward counts"
    area = published_data.areas[wards[0].area_code]
    sentence = narrative.headline(published_data, meta, area)
    assert "suppressed" in sentence and "fewer than 8" in sentence


def test_trend_words_follow_polarity(published_data: PublishedData) -> None:
    cla = published_data.indicator("cla_rate")  # low is good
    stable = published_data.indicator("protective_school_stability")  # high is good
    rising = _value(1.0, 0.5, 1.5, trend="Increasing")
    assert read_trend(rising, cla).label == "Increasing and getting worse"
    assert read_trend(rising, stable).label == "Increasing and getting better"
    no_judgement = dataclasses.replace(cla, polarity=Polarity.NO_JUDGEMENT)
    assert read_trend(rising, no_judgement).label == "Increasing"
    assert read_trend(_value(1.0, 0.5, 1.5, trend=None), cla).arrow == "–"


def test_summary_counts_add_up(published_data: PublishedData) -> None:
    leeds = published_data.place("Leeds")
    sentence, groups = narrative.summary_counts(published_data, leeds)
    assert sum(len(v) for v in groups.values()) == len(published_data.indicators)
    assert sentence.startswith(f"Of the {len(published_data.indicators)} indicators compared for Leeds")
    region = published_data.place("west-yorkshire")
    sentence, groups = narrative.summary_counts(published_data, region)
    assert "England" in sentence  # only indicators with England figures are compared
    assert sum(len(v) for v in groups.values()) == 3


def test_target_progress_uses_the_latest_count(published_data: PublishedData) -> None:
    meta = published_data.indicator("outcomes_improved")
    progress = target_progress(published_data, meta)
    latest = published_data.at("outcomes_improved", "2024/25", published_data.region.code)
    assert progress is not None and latest is not None and latest.count is not None
    assert progress.achieved == latest.count and progress.target == 6000
    assert progress.percent is not None and abs(progress.percent - 100 * latest.count / 6000) < 1e-9
    assert "of 6,000 by 2030" in progress.text
    assert target_progress(published_data, published_data.indicator("cla_rate")) is None


def test_gradient_sentence_reports_the_sii(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    sentence = narrative.gradient_sentence(published_data, meta, published_data.region)
    assert sentence is not None
    assert "most deprived tenth" in sentence and "slope index of inequality" in sentence
    assert "a significant gradient" in sentence  # the fixture's SII interval excludes zero
