"""The balance verdict and the measures' words, computed from the published rows (issue 18)."""

from __future__ import annotations

from atr.publish.evaluation_data import ProgrammeSummary
from atr.publish.figures_evaluation import balance_chart, balance_verdict, measure_words
from atr.publish.site_evaluation import report_evaluation


def programme(balance: list[tuple[str, float | None, float | None]]) -> ProgrammeSummary:
    return ProgrammeSummary("NAVIG", "ATR Navigators", "", "10 to 17", "individual", [], 150, balance=balance)


def test_measures_read_as_words() -> None:
    names = {"E08000035": "Leeds"}.get
    assert measure_words("age") == "Age"
    assert measure_words("suspension__pre12") == "Suspension, year before"
    assert measure_words("district=E08000035", names) == "District: Leeds"
    assert measure_words("sex=F") == "Sex: female" and measure_words("sex=(missing)") == "Sex: not recorded"
    assert measure_words("school_type=academy") == "School type: academy"  # a covariate added later


def test_a_measure_above_the_threshold_is_named_not_hidden() -> None:
    summary = programme(
        [
            ("age", 0.3, 0.02),
            ("csc_rereferral__pre12", 0.5, -0.14),
            ("imd_decile", 0.2, 0.1),
            ("sex=U", 0.0, None),
        ]
    )
    verdict = balance_verdict(summary)
    assert verdict.above == [("Social care re-referral, year before", 0.14)]
    sentence = verdict.sentence()
    assert sentence.startswith("Not every measure is within the 0.1 threshold after matching: 1 of the 3")
    assert "1 more could not be compared" in sentence
    chart = balance_chart(summary)
    assert chart is not None and "Not every measure" in chart.description
    assert [r["within"] for r in chart.table.rows] == ["No", "Yes", "Yes", ""]  # worst before first
    chapter = report_evaluation([summary])
    assert "Not every measure is within the 0.1 threshold" in chapter[0]["balance"]


def test_every_measure_within_is_said_only_when_true() -> None:
    assert balance_verdict(programme([("age", 0.3, 0.1)])).sentence() == (
        "The one measure compared is within the 0.1 threshold after matching."
    )
    assert balance_verdict(programme([])).sentence() == "" and balance_chart(programme([])) is None
