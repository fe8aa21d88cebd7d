"""The evaluation pages' balance plot: how alike participants and their comparisons were.

The Love plot is the evaluate stage's own (``balance_plot_spec``), so a notebook and the page
draw the same picture; here it becomes a dashboard chart like every other: measures named in
plain words (short enough for a 390 px phone), a text alternative that says whether every
measure is within the 0.1 threshold after matching, and the plotted values as a data table and
CSV. The verdict is computed from the published ``evaluation_balance`` rows, never assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from atr.publish.chart_render import Chart
from atr.publish.datatable import Column, DataTable
from atr.publish.evaluation_data import ProgrammeSummary

BALANCE_TARGET = 0.1
"""The usual threshold of an absolute standardised mean difference (Austin 2009); the evaluate
stage's ``SMD_THRESHOLD``, restated so the face of publish stays free of the statistics."""
PLOT_WIDTH = 140
"""Plot width of the balance plot: the measures' names sit to its left, and label plus plot must
stay readable unscaled on a 390 px phone (docs/publish.md)."""
HISTORY_WORDS = {"__pre12": "year before", "__pre24": "two years before"}
"""How the evaluate stage names an outcome in the 12 and 24 months before the start, in words."""

MEASURE_WORDS = {
    "age": "Age",
    "imd_decile": "Deprivation decile",
    "prior_adversity_count": "Earlier adversity",
}
OUTCOME_SHORT = {
    "persistent_absence": "Persistent absence",
    "suspension": "Suspension",
    "exclusion": "Permanent exclusion",
    "yj_first_entry": "Youth justice entry",
    "care_entry": "Came into care",
    "mh_referral": "Mental-health referral",
    "csc_rereferral": "Social care re-referral",
}
"""Each outcome in a few words, for an axis label (the tables use the longer ``OUTCOME_WORDS``)."""
LEVEL_WORDS = {
    "sex": {"M": "male", "F": "female", "U": "not known", "X": "indeterminate"},
}
MISSING_LEVEL = "(missing)"


def measure_words(covariate: str, area_name: Any = None) -> str:
    """A balance row's covariate in words: ``suspension__pre12`` → "Suspension, year before",
    ``district=E08000035`` → "District: Leeds" (``area_name`` turns a code into a name)."""
    if covariate in MEASURE_WORDS:
        return MEASURE_WORDS[covariate]
    for suffix, when in HISTORY_WORDS.items():
        if covariate.endswith(suffix):
            outcome = covariate.removesuffix(suffix)
            return f"{OUTCOME_SHORT.get(outcome, _plain(outcome))}, {when}"
    name, sep, level = covariate.partition("=")
    if sep:
        if level == MISSING_LEVEL:
            words = "not recorded"
        elif name == "district" and area_name is not None:
            words = str(area_name(level))
        else:
            words = LEVEL_WORDS.get(name, {}).get(level, level)
        return f"{_plain(name)}: {words}"
    return _plain(covariate)


def _plain(identifier: str) -> str:
    text = identifier.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class BalanceVerdict:
    """What the balance rows say after matching, for a sentence and the chart's text alternative."""

    measures: int
    compared: int
    above: list[tuple[str, float]]
    worst: tuple[str, float] | None
    worst_before: tuple[str, float] | None

    def sentence(self) -> str:
        """Whether every measure is within the threshold after matching, in plain words."""
        if self.compared == 0:
            return ""
        target = f"{BALANCE_TARGET}"
        uncompared = self.measures - self.compared
        missing = f" {uncompared} more could not be compared after matching." if uncompared else ""
        if not self.above:
            every = f"Every one of the {self.compared} measures" if self.compared > 1 else "The one measure"
            return f"{every} compared is within the {target} threshold after matching.{missing}"
        names = "; ".join(f"{name} ({value:.2f})" for name, value in self.above)
        return (
            f"Not every measure is within the {target} threshold after matching: {len(self.above)} "
            f"of the {self.compared} compared {'is' if len(self.above) == 1 else 'are'} above it "
            f"({names}), so the estimates may still carry some of that difference.{missing}"
        )


def balance_verdict(programme: ProgrammeSummary, area_name: Any = None) -> BalanceVerdict:
    after = [(measure_words(c, area_name), abs(a)) for c, _b, a in programme.balance if a is not None]
    before = [(measure_words(c, area_name), abs(b)) for c, b, _a in programme.balance if b is not None]
    return BalanceVerdict(
        measures=len(programme.balance),
        compared=len(after),
        above=sorted(((n, v) for n, v in after if v > BALANCE_TARGET), key=lambda x: -x[1]),
        worst=max(after, key=lambda x: x[1]) if after else None,
        worst_before=max(before, key=lambda x: x[1]) if before else None,
    )


BALANCE_COLUMNS = [
    Column("measure", "Measure before the start"),
    Column("smd_before", "Before matching (absolute)", "number"),
    Column("smd_after", "After matching (absolute)", "number"),
    Column("within", f"Within {BALANCE_TARGET} after matching"),
]


def balance_chart(programme: ProgrammeSummary, area_name: Any = None, *, prefix: str = "") -> Chart | None:
    """The Love plot of one programme's balance rows; None when nothing was compared."""
    import pandas as pd

    from atr.evaluate import balance_plot_spec

    verdict = balance_verdict(programme, area_name)
    if verdict.compared == 0 or verdict.worst is None:
        return None
    rows = [
        {
            "measure": measure_words(c, area_name),
            "smd_before": None if b is None else round(abs(b), 3),
            "smd_after": None if a is None else round(abs(a), 3),
            "within": "" if a is None else ("Yes" if abs(a) <= BALANCE_TARGET else "No"),
        }
        for c, b, a in programme.balance
    ]
    frame = pd.DataFrame(
        {
            "covariate": [r["measure"] for r in rows],
            "smd_before": [float("nan") if b is None else b for _c, b, _a in programme.balance],
            "smd_after": [float("nan") if a is None else a for _c, _b, a in programme.balance],
        }
    )
    spec = balance_plot_spec(frame, width=PLOT_WIDTH)
    spec.pop("$schema", None)
    spec.pop("description", None)  # the chart's own, below, names the measures in words
    order = {name: i for i, name in enumerate(spec["layer"][1]["encoding"]["y"]["sort"])}
    rows.sort(key=lambda r: order[r["measure"]])
    name, worst = verdict.worst
    before = verdict.worst_before
    description = (
        f"Dot plot of the absolute standardised difference between participants and comparisons "
        f"on {verdict.measures} measures, before matching (open circles) and after (filled "
        f"diamonds), with a dashed line at the {BALANCE_TARGET} threshold. "
        + (f"Before matching the largest was {before[1]:.2f} ({before[0]}). " if before else "")
        + f"After matching the largest is {worst:.2f} ({name}). {verdict.sentence()}"
    )
    return Chart(
        chart_id=f"{prefix}evaluation-{programme.slug}-balance",
        title=f"Balance before and after matching: {programme.name}",
        description=description,
        spec=spec,
        table=DataTable(BALANCE_COLUMNS, rows),
    )
