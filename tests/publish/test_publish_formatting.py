"""No fractions of people and no shares as raw decimals in published text (#19)."""

from __future__ import annotations

import dataclasses

from atr.publish import formatting as fmt
from atr.publish.dataset import PublishedData
from atr.publish.narrative import headline


def test_counts_of_people_are_whole_and_shares_are_percentages() -> None:
    assert fmt.count(12133.8) == "12,134"
    assert fmt.count(12133.5) == "12,134" and fmt.count(12133.49) == "12,133"
    assert fmt.count(2.5) == "3"  # half rounds up, not to even
    assert fmt.count(None) == fmt.MISSING
    assert fmt.share(0.0146) == "1.5%" and fmt.share(0.8, 0) == "80%"
    assert fmt.share(None) == fmt.MISSING


def test_a_count_indicator_reads_in_whole_numbers(published_data: PublishedData) -> None:
    meta = published_data.indicator("cla_rate")
    period = published_data.latest_period(meta.indicator_id)
    assert period is not None
    counted = dataclasses.replace(meta, method="count", unit="people", decimals=None)
    values = [
        dataclasses.replace(v, value=42.6, lower_95=None, upper_95=None, suppressed=False)
        if (v.indicator_id, v.period, v.area_code, v.breakdown)
        == (meta.indicator_id, period, published_data.region.code, "all")
        else v
        for v in published_data.values
    ]
    indicators = [counted if m.indicator_id == meta.indicator_id else m for m in published_data.indicators]
    data = dataclasses.replace(published_data, indicators=indicators, values=values)
    text = headline(data, counted, data.region)
    assert "43 people" in text and "42.6" not in text
    assert fmt.number(42.6, meta) == "42.6"  # a rate keeps its decimal
