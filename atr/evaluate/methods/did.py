"""Effects on 0/1 outcomes: matched difference-in-differences and the naive comparison.

**Matched DiD.** ``(post - pre)`` for participants minus the same for their matched comparisons,
estimated as weighted least squares on stacked person-period rows,
``y = a + b·participant + c·post + d·participant·post``, with the matching weights; ``d`` is the
effect, a difference in risk (0.05 = 5 percentage points). Its standard error is cluster-robust
(statsmodels, ``cov_type="cluster"``, small-sample corrected, t with G-1 degrees of freedom),
clustered by person (a person's two periods, and a comparison reused for several participants,
are one cluster) or, for a school-level programme, by school (a person with no school is a
cluster of their own).

**Naive.** Participants against every non-participant, unmatched and unweighted: the simple
difference in the post-start risk (no pre-period adjustment), what a reader comparing the two
groups' rates would see. Its interval is clustered the same way. It is shown beside the matched
estimate so readers see why matching matters; it is not an estimate of the effect.

A row whose pre or post outcome is missing (a window not yet complete) leaves that one estimate;
``n_participants`` and ``n_comparison`` count the people each estimate used.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atr.evaluate.methods.evalue import e_values_for_risk_difference

EFFECT_COLUMNS = (
    "programme_code",
    "outcome",
    "window_months",
    "method",
    "estimate",
    "lower_95",
    "upper_95",
    "n_participants",
    "n_comparison",
)
"""The ``evaluation_effect`` table (docs/tables.md)."""
SENSITIVITY_COLUMNS = ("e_value", "e_value_ci")
"""Beside each effect row: E-values of the estimate and of its interval bound nearest the null."""
MATCHED_DID = "matched_did"
NAIVE = "naive"
PRE_WINDOW = 12
POST_WINDOWS = (6, 12, 24)


@dataclass(frozen=True)
class Effect:
    """One estimate on the risk-difference scale with its 95% interval and who it used."""

    estimate: float
    lower_95: float
    upper_95: float
    std_error: float
    n_participants: int
    n_comparison: int
    participant_risk: float
    """The participants' observed post-start risk; minus ``estimate``, the risk they would have
    had without the programme (the reference risk for the E-value)."""

    @property
    def counterfactual_risk(self) -> float:
        return self.participant_risk - self.estimate


def outcome_column(outcome: str, window: str) -> str:
    """``attendance__post12``: the person frame's name for an outcome in a window."""
    return f"{outcome}__{window}"


def cluster_labels(frame: pd.DataFrame, cluster: str, person: str) -> pd.Series:
    """Cluster of each row: ``cluster``'s value, or the person's own key where it is missing."""
    labels = frame[cluster].astype("string")
    if cluster != person:
        labels = labels.fillna("person:" + frame[person].astype("string"))
    if labels.isna().any():
        raise ValueError(f"column {cluster!r} has missing values: every row needs a cluster")
    return labels


def difference_in_differences(
    frame: pd.DataFrame,
    *,
    pre: str,
    post: str,
    weights: pd.Series,
    treatment: str = "participant",
    clusters: pd.Series,
) -> Effect:
    """The weighted DiD of ``post - pre`` (see the module); rows of weight 0 take no part."""
    used = (weights > 0) & frame[pre].notna() & frame[post].notna()
    rows = frame.loc[used]
    treated = rows[treatment].astype(bool).to_numpy()
    n = len(rows)
    period = np.repeat([0.0, 1.0], n)
    group = np.tile(treated.astype("float64"), 2)
    design = np.column_stack([np.ones(2 * n), group, period, group * period])
    outcome = np.concatenate([rows[pre].to_numpy("float64"), rows[post].to_numpy("float64")])
    weight = np.tile(weights[used].to_numpy("float64"), 2)
    groups = np.tile(pd.factorize(clusters[used])[0], 2)
    estimate, se, lower, upper = _fit(outcome, design, weight, groups, term=3)
    return Effect(
        estimate,
        lower,
        upper,
        se,
        int(treated.sum()),
        int((~treated).sum()),
        float(rows.loc[treated, post].mean()) if treated.any() else float("nan"),
    )


def post_difference(
    frame: pd.DataFrame, *, post: str, treatment: str = "participant", clusters: pd.Series
) -> Effect:
    """The naive comparison: participants' post-start risk minus everyone else's (see the module)."""
    used = frame[post].notna()
    rows = frame.loc[used]
    treated = rows[treatment].astype(bool).to_numpy()
    design = np.column_stack([np.ones(len(rows)), treated.astype("float64")])
    outcome = rows[post].to_numpy("float64")
    groups = pd.factorize(clusters[used])[0]
    estimate, se, lower, upper = _fit(outcome, design, np.ones(len(rows)), groups, term=1)
    return Effect(
        estimate,
        lower,
        upper,
        se,
        int(treated.sum()),
        int((~treated).sum()),
        float(outcome[treated].mean()) if treated.any() else float("nan"),
    )


def effect_rows(
    frame: pd.DataFrame,
    weights: pd.Series,
    *,
    programme_code: str,
    outcomes: Sequence[str],
    windows: Sequence[int] = POST_WINDOWS,
    pre_window: int = PRE_WINDOW,
    treatment: str = "participant",
    person: str = "person_key",
    cluster: str | None = None,
) -> pd.DataFrame:
    """The ``evaluation_effect`` rows of one programme (both methods, every outcome and window),
    with the E-values beside them (``SENSITIVITY_COLUMNS``).

    ``frame`` holds the programme's participants and its candidate comparisons, one row per
    person, with ``<outcome>__pre<pre_window>`` and ``<outcome>__post<window>`` columns;
    ``weights`` are the matching weights (a MatchResult's); ``cluster`` is the clustering column
    (default ``person``; ``school_urn`` for a school-level programme).
    """
    clusters = cluster_labels(frame, cluster or person, person)
    rows: list[tuple[object, ...]] = []
    for outcome in outcomes:
        pre = outcome_column(outcome, f"pre{pre_window}")
        for window in windows:
            post = outcome_column(outcome, f"post{window}")
            matched = difference_in_differences(
                frame, pre=pre, post=post, weights=weights, treatment=treatment, clusters=clusters
            )
            naive = post_difference(frame, post=post, treatment=treatment, clusters=clusters)
            for method, effect in ((MATCHED_DID, matched), (NAIVE, naive)):
                evalues = e_values_for_risk_difference(
                    effect.estimate, effect.lower_95, effect.upper_95, effect.counterfactual_risk
                )
                rows.append(
                    (
                        programme_code,
                        outcome,
                        window,
                        method,
                        effect.estimate,
                        effect.lower_95,
                        effect.upper_95,
                        effect.n_participants,
                        effect.n_comparison,
                        evalues.estimate,
                        evalues.interval,
                    )
                )
    return pd.DataFrame(rows, columns=[*EFFECT_COLUMNS, *SENSITIVITY_COLUMNS])


def _fit(
    outcome: np.ndarray, design: np.ndarray, weight: np.ndarray, groups: np.ndarray, *, term: int
) -> tuple[float, float, float, float]:
    """Estimate, cluster-robust SE and 95% limits of one coefficient (NaN when not estimable)."""
    import statsmodels.api as sm

    treated_rows, other_rows = design[:, 1] == 1, design[:, 1] == 0
    if not treated_rows.any() or not other_rows.any() or len(np.unique(groups)) < 2:
        nan = float("nan")
        return nan, nan, nan, nan
    fitted = sm.WLS(outcome, design, weights=weight).fit(
        cov_type="cluster", cov_kwds={"groups": groups}, use_t=True
    )
    lower, upper = fitted.conf_int(alpha=0.05)[term]
    return float(fitted.params[term]), float(fitted.bse[term]), float(lower), float(upper)
