"""``evaluation_its``: the comparative interrupted time series of each whole-school programme.

For each programme that works with whole schools (``unit: school``), its schools' termly series
(``evaluate__school_term``, :mod:`atr.evaluate.school_panel`) are compared with those of matched
schools it did not work in, with :func:`~atr.evaluate.methods.its.comparative_its`.

The rule, stated once (docs/evaluation.md):

* a programme school's start is its first pupil's start, and its **start term** the first term
  whose middle day is on or after that date (the term the programme can first change);
* the series is the ``PRE_TERMS`` terms before the start term and the ``POST_TERMS`` from it
  (two years each side: the individual evaluation's longest window);
* comparisons are matched within the same start term and local authority (``partner_code``):
  the ``COMPARISONS`` nearest schools on the Mahalanobis distance (pooled within-group
  covariance, :func:`~atr.evaluate.methods.nearest.whiten`) of four measures over the same
  calendar terms before the start: absence rate, its trend (least-squares slope per term),
  suspensions per 100 pupils and the log of the pupils on roll. Deterministic, no random draw:
  ties go to the lower URN. With replacement (a school may serve several programme schools; its
  weight in the fit counts the uses, its clustering holds the reuse); a school the programme
  worked in is never a comparison. A programme school with fewer than ``MIN_PRE_TERMS`` terms
  before its start, or no comparison in its stratum, is left out and counted;
* outcomes (per term): ``absence_rate`` (% of possible sessions missed: attendance, always),
  and, among those the programme aims to change, ``persistent_absence`` (% of pupils missing
  10%+ of the term's sessions), ``suspension`` and ``exclusion`` (per 100 pupils on roll);
* with fewer than ``MIN_SCHOOLS`` matched programme schools or comparison schools, nothing is
  estimated (the table keeps its columns) and the run says so.

Rows: ``term`` is ``level_change`` (b6, the change in level at the start beyond the comparison
schools') or ``slope_change`` (b7, per term), with the 95% interval clustered by school.
Aggregates of schools only: no school is named, no pupil counted.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from atr.evaluate.programmes import Programme
from atr.evaluate.school_panel import TERM_ORDER, build_school_panel, build_school_starts
from atr.outcome_windows import term_middle
from atr.warehouse import Warehouse

if TYPE_CHECKING:
    import pandas as pd

ITS_COLUMNS = (
    "programme_code VARCHAR, outcome VARCHAR, term VARCHAR, estimate DOUBLE, lower_95 DOUBLE, "
    "upper_95 DOUBLE, n_schools BIGINT, n_comparison_schools BIGINT, n_terms BIGINT"
)
PRE_TERMS, POST_TERMS = 6, 6
MIN_PRE_TERMS = 2
COMPARISONS = 3
MIN_SCHOOLS = 5
SCHOOL_OUTCOMES = ("persistent_absence", "suspension", "exclusion")
"""The programme outcomes that have a school-level series (``absence_rate`` always comes too)."""
MATCH_ON = ("pre_absence_rate", "pre_absence_trend", "pre_suspension", "log_pupils")


@dataclass
class SchoolITS:
    """What the whole-school comparison did: rows written, schools left out and why not."""

    rows: int = 0
    unmatched: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def start_period(start: date) -> int:
    """The running term number (``evaluate__school_term.period``) of the first term whose middle
    day is on or after ``start``."""
    for first_year in (start.year - 1, start.year):
        label = f"{first_year}/{(first_year + 1) % 100:02d}"
        for term, position in TERM_ORDER.items():
            if term_middle(label, term) >= start:
                return first_year * 3 + position
    return (start.year + 1) * 3  # not reached: the autumn middle of the year starting then is later


def outcome_series(panel: pd.DataFrame) -> pd.DataFrame:
    """The outcome columns of a school-term panel, as published (percentages and per 100)."""
    pupils = panel["pupils"].astype("float64")
    return panel.assign(
        absence_rate=100 * panel["absent"].astype("float64") / panel["possible"].astype("float64"),
        persistent_absence=100 * panel["persistent"].astype("float64") / pupils,
        suspension=100 * panel["suspensions"].astype("float64") / pupils,
        exclusion=100 * panel["exclusions"].astype("float64") / pupils,
    )


def pre_period_measures(panel: pd.DataFrame, start: int) -> pd.DataFrame:
    """Each school's matching measures over the ``PRE_TERMS`` terms before ``start`` (a school
    with fewer than ``MIN_PRE_TERMS`` of them has none)."""
    import numpy as np
    import pandas as pd

    window = panel[(panel["period"] >= start - PRE_TERMS) & (panel["period"] < start)]
    rows = []
    for urn, school in window.groupby("urn", sort=True):
        if len(school) < MIN_PRE_TERMS:
            continue
        rate = 100 * school["absent"].sum() / school["possible"].sum()
        trend = float(np.polyfit(school["period"].astype("float64"), school["absence_rate"], 1)[0])
        rows.append(
            {
                "urn": urn,
                "partner_code": school["partner_code"].iloc[0],
                "pre_absence_rate": float(rate),
                "pre_absence_trend": trend,
                "pre_suspension": float(100 * school["suspensions"].sum() / school["pupils"].sum()),
                "log_pupils": float(np.log(school["pupils"].mean())),
            }
        )
    return pd.DataFrame(rows, columns=["urn", "partner_code", *MATCH_ON])


def match_schools(panel: pd.DataFrame, starts: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Pairs (``participant`` and ``comparison`` URNs) by the rule above, and how many programme
    schools found none."""
    import numpy as np
    import pandas as pd

    from atr.evaluate.methods.nearest import whiten

    programme_urns = set(starts["urn"])
    pairs, unmatched = [], 0
    for start, cohort in starts.groupby("start_period", sort=True):
        measures = pre_period_measures(panel, int(start))
        treated = measures["urn"].isin(cohort["urn"]).to_numpy()
        unmatched += int(cohort["urn"].nunique() - treated.sum())
        pool = ~measures["urn"].isin(programme_urns).to_numpy()
        if not treated.any() or not pool.any():
            unmatched += int(treated.sum())
            continue
        points = whiten(measures[list(MATCH_ON)].to_numpy("float64"), treated)
        for i in np.flatnonzero(treated):
            same = np.flatnonzero(
                pool & (measures["partner_code"] == measures["partner_code"].iloc[i]).to_numpy()
            )
            if not same.size:
                unmatched += 1
                continue
            distance = np.sqrt(((points[same] - points[i]) ** 2).sum(axis=1))
            nearest = same[np.argsort(distance, kind="stable")[:COMPARISONS]]  # URN-sorted: ties to the lower
            pairs += [(measures["urn"].iloc[i], measures["urn"].iloc[j]) for j in nearest]
    return pd.DataFrame(pairs, columns=["participant", "comparison"]), unmatched


def its_rows(panel: pd.DataFrame, starts: pd.DataFrame, programme: Programme) -> tuple[pd.DataFrame, int]:
    """One programme's ``evaluation_its`` rows from a school-term panel (``outcome_series``
    applied) and its schools' start terms (``urn``, ``start_period``); and the unmatched count."""
    import pandas as pd

    from atr.evaluate.methods.its import comparative_its, matched_panel

    columns = [c.split(" ")[0] for c in ITS_COLUMNS.split(", ")]
    pairs, unmatched = match_schools(panel, starts)
    if pairs["participant"].nunique() < MIN_SCHOOLS or pairs["comparison"].nunique() < MIN_SCHOOLS:
        return pd.DataFrame(columns=columns), unmatched
    series = panel.merge(starts[["urn", "start_period"]], on="urn", how="left")
    series = series[~series["urn"].isin(starts["urn"]) | series["urn"].isin(pairs["participant"])]
    series = series.assign(participant=series["start_period"].notna())
    both = matched_panel(series, pairs, unit="urn", start="start_period")
    relative = both["period"] - both["start_period"]
    both = both[(relative >= -PRE_TERMS) & (relative < POST_TERMS)]
    span = int((both["period"] - both["start_period"]).nunique())  # terms before and after the start
    rows = []
    outcomes = ["absence_rate", *(o for o in SCHOOL_OUTCOMES if o in programme.outcomes)]
    for outcome in outcomes:
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                fit = comparative_its(
                    both, unit="urn", outcome=outcome, start="start_period", weight="weight", season="term"
                )
        except ValueError:
            continue
        for term, (estimate, low, high) in (
            ("level_change", fit.level_change),
            ("slope_change", fit.slope_change),
        ):
            rows.append(
                {
                    "programme_code": programme.code,
                    "outcome": outcome,
                    "term": term,
                    "estimate": estimate,
                    "lower_95": low,
                    "upper_95": high,
                    "n_schools": fit.n_treated_units,
                    "n_comparison_schools": fit.n_comparison_units,
                    "n_terms": span,
                }
            )
    return pd.DataFrame(rows, columns=columns), unmatched


def estimate_school_its(wh: Warehouse, programmes: list[Programme]) -> SchoolITS:
    """Write ``evaluation_its`` (empty, with columns, when there is nothing to estimate)."""
    wh.execute(f"CREATE OR REPLACE TABLE evaluation_its ({ITS_COLUMNS})")
    out = SchoolITS()
    school = [p for p in programmes if p.unit == "school"]
    if not school:
        return out
    import pandas as pd
    import pyarrow as pa

    unplaced = build_school_panel(wh)
    build_school_starts(wh, school)
    out.notes += [
        f"{n:,} {what} rows in no school enrolment: left out of the school series"
        for what, n in unplaced.items()
        if n
    ]
    panel = outcome_series(wh.query("SELECT * FROM evaluate__school_term ORDER BY urn, period").to_pandas())
    all_starts = wh.query("SELECT programme_code, urn, start_date FROM evaluate__school_start").to_pandas()
    tables = []
    for prog in school:
        starts = all_starts[all_starts["programme_code"] == prog.code]
        starts = starts[starts["urn"].isin(panel["urn"])]
        missing = int((all_starts["programme_code"] == prog.code).sum() - len(starts))
        if missing:
            out.notes.append(
                f"{prog.code}: {missing:,} schools not in the school records, left out of its school series"
            )
        starts = starts.assign(start_period=[start_period(d) for d in starts["start_date"]])
        rows, out.unmatched[prog.code] = its_rows(panel, starts, prog)
        if rows.empty:
            out.notes.append(
                f"{prog.code}: fewer than {MIN_SCHOOLS} schools (or comparison schools) with a matched series: "
                "no whole-school comparison"
            )
            continue
        tables.append(rows)
    if tables:
        table = pd.concat(tables, ignore_index=True)
        wh.write_arrow("evaluate__its", pa.Table.from_pandas(table, preserve_index=False))
        names = ", ".join(
            f"CAST({c} AS {t}) AS {c}" for c, t in (x.split(" ") for x in ITS_COLUMNS.split(", "))
        )
        wh.execute(f"INSERT INTO evaluation_its SELECT {names} FROM evaluate__its")
        out.rows = len(table)
    return out
