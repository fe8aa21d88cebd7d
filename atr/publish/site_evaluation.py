"""The evaluation pages: one per programme, and a list of them (issue 18).

Each programme's page shows its reach, the priority cohorts its participants came from, the
balance the matched comparison achieved, and the effects with their intervals, the naive
comparison beside the matched one, with the caveats in plain words. Only the aggregates
``atr evaluate`` published (:mod:`atr.publish.evaluation_data`).
"""

from __future__ import annotations

from typing import Any

from atr.publish.dataset import PublishedData
from atr.publish.evaluation_data import OUTCOME_WORDS, ProgrammeSummary, PublishedEffect
from atr.publish.figures_evaluation import BALANCE_TARGET, balance_chart, balance_verdict, measure_words
from atr.publish.site_pages import Page, Render

INDEX_PATH = "evaluation.html"
CAVEATS = (
    "The comparison group is young people who took part in no programme, matched on what the "
    "records show before the start: age, sex, district, deprivation, earlier adversity and each "
    "outcome in the year before. Matching cannot remove differences the records do not show: if "
    "workers referred the young people they were most worried about for reasons no record holds, "
    "the programme may look worse (or better) than it is.",
    "Outcomes are what services recorded. A young person who moved away, or whose school did "
    "not send its records, can look as if nothing happened to them.",
    "An interval that includes zero means the records cannot tell whether the programme changed "
    "the outcome, not that it made no difference. Small programmes give wide intervals.",
    "The naive comparison (participants against everyone else) is shown only so you can see why "
    "matching matters: young people referred to a programme differ from others before it starts.",
)


def programme_path(programme: ProgrammeSummary) -> str:
    return f"evaluation/{programme.slug}.html"


def points(value: float | None) -> str:
    """A risk difference in percentage points: ``-0.034`` → ``-3.4``."""
    return "not published" if value is None else f"{value * 100:+.1f}".replace("-", "−")


def _interval(effect: PublishedEffect | None) -> str:
    if effect is None or effect.estimate is None:
        return "not published (too few people)"
    if effect.lower_95 is None or effect.upper_95 is None:
        return f"{points(effect.estimate)} (no interval: the outcome never varied)"
    return f"{points(effect.estimate)} ({points(effect.lower_95)} to {points(effect.upper_95)})"


def _reading(effect: PublishedEffect | None) -> str:
    if effect is None or effect.estimate is None or effect.lower_95 is None or effect.upper_95 is None:
        return "Cannot be read."
    if effect.upper_95 < 0:
        return "Fewer than without the programme."
    if effect.lower_95 > 0:
        return "More than without the programme."
    return "Cannot tell apart from no change."


def effect_rows(programme: ProgrammeSummary) -> list[dict[str, str]]:
    found = {(e.outcome, e.window_months, e.method): e for e in programme.effects}
    rows = []
    for outcome, months in sorted({(e.outcome, e.window_months) for e in programme.effects}):
        matched = found.get((outcome, months, "matched_did"))
        naive = found.get((outcome, months, "naive"))
        people = "not published"
        if matched is not None and matched.n_participants is not None and matched.n_comparison is not None:
            people = f"{matched.n_participants:,} and {matched.n_comparison:,}"
        rows.append(
            {
                "outcome": OUTCOME_WORDS.get(outcome, outcome),
                "window": f"{months} months",
                "matched": _interval(matched),
                "reading": _reading(matched),
                "naive": _interval(naive),
                "people": people,
            }
        )
    return rows


def _balance_sentence(programme: ProgrammeSummary, area_name: Any = None) -> str:
    """The largest difference after matching and whether every measure is within the target,
    both read from the published balance rows."""
    worst = programme.worst_balance
    if worst is None:
        return "No comparison could be made, so there is no balance to show."
    verdict = "within" if worst <= BALANCE_TARGET else "above"
    return (
        f"After matching, the largest standardised difference between participants and their "
        f"comparisons is {worst:.2f}, {verdict} the usual target of {BALANCE_TARGET} (0 means the "
        f"groups look alike on that measure before the start). "
        f"{balance_verdict(programme, area_name).sentence()}"
    ).strip()


def programme_page(data: PublishedData, programme: ProgrammeSummary, render: Render) -> Page:
    page = Page(programme_path(programme), "programme.html", programme.name, "evaluation")
    page.breadcrumbs = [
        {"text": "Overview", "href": "../index.html"},
        {"text": "Evaluation", "href": f"../{INDEX_PATH}"},
    ]
    page.context = {
        "programme": programme,
        "aims": [OUTCOME_WORDS.get(o, o) for o in programme.outcomes],
        "effects": effect_rows(programme),
        "balance_chart": page.add(render, balance_chart(programme, data.area_name)),
        "balance": [
            {
                "covariate": measure_words(c, data.area_name),
                "before": "" if b is None else f"{b:+.2f}",
                "after": "" if a is None else f"{a:+.2f}",
            }
            for c, b, a in programme.balance
        ],
        "balance_sentence": _balance_sentence(programme, data.area_name),
        "balance_target": BALANCE_TARGET,
        "caveats": CAVEATS,
        "rule": data.disclosure.description,
    }
    return page


def evaluation_pages(data: PublishedData, render: Render) -> list[Page]:
    """The list page and one page per programme (none when ``atr evaluate`` has not run)."""
    if not data.evaluation:
        return []
    index = Page(INDEX_PATH, "evaluation.html", "Programme evaluation", "evaluation")
    programmes: list[dict[str, Any]] = [{"programme": p, "href": programme_path(p)} for p in data.evaluation]
    index.context = {"programmes": programmes, "caveats": CAVEATS, "rule": data.disclosure.description}
    return [index, *(programme_page(data, p, render) for p in data.evaluation)]


def report_evaluation(programmes: list[ProgrammeSummary], area_name: Any = None) -> list[dict[str, Any]]:
    """The needs assessment's evaluation chapter: each programme's reach and its 12-month effects
    (the matched estimate and what it says); empty when ``atr evaluate`` has not run."""
    chapter = []
    for programme in programmes:
        rows = [r for r in effect_rows(programme) if r["window"] == "12 months"]
        people = programme.people_supported
        chapter.append(
            {
                "name": programme.name,
                "unit": "whole schools" if programme.unit == "school" else "individual young people",
                "people": "[c]" if people is None else f"{people:,}",
                "rows": rows,
                "balance": _balance_sentence(programme, area_name),
            }
        )
    return chapter
