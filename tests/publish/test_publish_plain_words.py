"""Derive's summary tables read in plain words on the pages: no codes, shares as percentages,
and the capture-recapture table complete with both interval limits."""

from __future__ import annotations

import re

from atr.publish.dataset import PublishedData
from atr.publish.plain_words import name_indicators
from atr.publish.quality import DISPLAY_COLUMNS, SummaryTable, present

SNAKE = re.compile(r"\b[a-z]+(_[a-z0-9]+)+\b")


def _table(name: str, rows: list[dict[str, object]]) -> SummaryTable:
    columns = list(rows[0])
    return SummaryTable(
        name, name, columns, rows, ["observed", "recorded"], list(DISPLAY_COLUMNS[name]), "period"
    )


def test_capture_recapture_shows_both_limits_and_names_its_methods() -> None:
    rows = [
        {
            "area_code": "E47000003",
            "period": "2024/25",
            "population": "multiple_disadvantage",
            "estimator": estimator,
            "observed": 410,
            "estimate": estimate,
            "lower": lower,
            "upper": upper,
        }
        for estimator, estimate, lower, upper in (
            ("coverage_adjusted", 531.0, 375.0, 811.0),
            ("loglinear", 7533.0, 1094.0, 4.1e11),
        )
    ]
    view = present(_table("capture_recapture", rows), lambda code: "West Yorkshire")
    assert view.headers == [
        "Area",
        "Who is counted",
        "Method",
        "People recorded",
        "Estimate",
        "Lower 95% limit",
        "Upper 95% limit",
    ]
    assert view.rows[0][:3] == [
        "West Yorkshire",
        "Adults with two or more domains",
        "Coverage-adjusted (headline)",
    ]
    assert view.rows[0][-1] == "811" and view.rows[1][2] == "Log-linear (for comparison)"
    assert not any(SNAKE.search(cell) for row in view.rows for cell in row)


def test_hidden_need_shows_shares_as_percentages_and_no_codes() -> None:
    rows = [
        {
            "area_code": "E08000035",
            "period": "2024/25",
            "measure": "any_broad",
            "evidence": "tier_ab",
            "recorded": 1200,
            "modelled_estimate": 1500.0,
            "modelled_lower": 1300.0,
            "modelled_upper": 1700.0,
            "recorded_share": 0.8,
        }
    ]
    view = present(_table("hidden_need", rows), lambda code: "Leeds")
    row = view.rows[0]
    assert (
        row[1] == "Any of the toxic trio (broad definition)"
        and row[2] == "Direct evidence only (tiers A and B)"
    )
    assert row[-1] == "80%"
    assert not any(SNAKE.search(cell) for cell in [*view.headers, *row])


def test_indicator_ids_in_text_become_titles(published_data: PublishedData) -> None:
    titles = {
        "toxic_trio_recorded_any2": "Toxic trio (two or more)",
        "toxic_trio_recorded_any2_ab": "Direct only",
    }
    text = "As toxic_trio_recorded_any2_ab, and see toxic_trio_recorded_any2; not toxic_trio_recorded_any2x."
    assert name_indicators(text, titles) == (
        "As “Direct only”, and see “Toxic trio (two or more)”; not toxic_trio_recorded_any2x."
    )
    # the sample's caveats name cla_rate by its id, as the real catalogue's do: pages show its title
    cpp = published_data.indicator("cpp_rate")
    assert "Counted as “Children looked after” is." in cpp.caveat_list
    assert not [m.caveats for m in published_data.indicators if "cla_rate" in m.caveats + m.definition]
