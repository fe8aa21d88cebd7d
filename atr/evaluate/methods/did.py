"""Effects on 0/1 outcomes: matched difference-in-differences and the naive comparison.

**Matched DiD.** ``(post - pre)`` for participants minus the same for their matched comparisons,
estimated as weighted least squares on stacked person-period rows of the matched sets,
``y = a + b·participant + c·post + d·participant·post``; ``d`` is the effect, a difference in
risk (0.05 = 5 percentage points). A matched set is a participant and its comparisons; each set
weighs 1 (the participant 1, each comparison 1 / the set's comparisons), so ``d`` is the mean
over matched participants of their change minus their comparisons' mean change.

Its standard error is cluster-robust (statsmodels, ``cov_type="cluster"``, small-sample
corrected, t with G-1 degrees of freedom for the smaller dimension), **two-way clustered** by
matched set and by person (Cameron, Gelbach & Miller 2011), for the two correlations Austin &
Cafri (2020) describe after matching with replacement: within a matched set (comparisons were
chosen for their likeness to the participant, prior outcomes included) and from a comparison's
reuse across sets (the person dimension, which also holds a person's two periods). For a school-level programme
the second dimension is the school (a person with no school is a cluster of their own). On the
simulated truth this gave intervals whose spread matched the estimates' (the standardised errors'
SD 0.96, 95.4% of 240 intervals holding the truth); clustering by person alone ignored the
pairing and was conservative (SD 0.74).

**Naive.** Participants against every non-participant, unmatched and unweighted: the simple
difference in the post-start risk (no pre-period adjustment), what a reader comparing the two
groups' rates would see. Its interval is clustered the same way. It is shown beside the matched
estimate so readers see why matching matters; it is not an estimate of the effect.

A row whose pre or post outcome is missing (a window not yet complete) leaves that one estimate;
``n_participants`` and ``n_comparison`` count the people each estimate used.
"""

from __future__ import annotations

import warnings
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
    pairs: pd.DataFrame,
    *,
    pre: str,
    post: str,
    clusters: pd.Series,
) -> Effect:
    """The DiD over matched sets (a participant and its comparisons; ``pairs`` is a
    MatchResult's), with a standard error two-way clustered by matched set and by ``clusters``
    (person or school; see the module).

    Each set weighs 1: its participant 1, each of its comparisons 1 / (the set's comparisons
    whose windows are observed); a set whose participant, or every comparison, lacks the window
    leaves this estimate. A comparison reused in several sets appears once per set.
    """
    observed = (frame[pre].notna() & frame[post].notna()).to_numpy()
    case_at = frame.index.get_indexer(pairs["participant"])
    comparison_at = frame.index.get_indexer(pairs["comparison"])
    keep = observed[case_at] & observed[comparison_at]
    case_at, comparison_at = case_at[keep], comparison_at[keep]
    sets, set_of_pair = np.unique(case_at, return_inverse=True)
    per_set = np.bincount(set_of_pair, minlength=len(sets)).astype("float64")
    at = np.concatenate([sets, comparison_at])
    set_code = np.concatenate([np.arange(len(sets)), set_of_pair])
    treated = np.concatenate([np.ones(len(sets)), np.zeros(len(comparison_at))])
    weight = np.concatenate([np.ones(len(sets)), 1.0 / per_set[set_of_pair]])
    n = len(at)
    design = np.column_stack([np.ones(2 * n), np.tile(treated, 2), np.repeat([0.0, 1.0], n)])
    design = np.column_stack([design, design[:, 1] * design[:, 2]])
    outcome = np.concatenate([frame[pre].to_numpy("float64")[at], frame[post].to_numpy("float64")[at]])
    cluster_code = pd.factorize(clusters.to_numpy()[at])[0]
    groups = np.tile(np.column_stack([set_code, cluster_code]), (2, 1))
    estimate, se, lower, upper = _fit(outcome, design, np.tile(weight, 2), groups, term=3)
    risk = frame[post].to_numpy("float64")[sets]
    return Effect(
        estimate,
        lower,
        upper,
        se,
        len(sets),
        len(np.unique(comparison_at)),
        float(risk.mean()) if len(sets) else float("nan"),
    )


def post_difference(
    frame: pd.DataFrame, *, post: str, treatment: str = "participant", clusters: pd.Series | None
) -> Effect:
    """The naive comparison: participants' post-start risk minus everyone else's (see the module).

    ``clusters=None`` when every row is its own cluster (one row per person, clustered by
    person): the heteroskedasticity-robust HC1 covariance, which equals the cluster-robust one
    on single-row clusters and spares hashing a quarter of a million labels per estimate."""
    used = frame[post].notna()
    rows = frame.loc[used]
    treated = rows[treatment].astype(bool).to_numpy()
    design = np.column_stack([np.ones(len(rows)), treated.astype("float64")])
    outcome = rows[post].to_numpy("float64")
    groups = None if clusters is None else pd.factorize(clusters[used])[0]
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
    pairs: pd.DataFrame,
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
    ``pairs`` are the matched pairs (a MatchResult's); ``cluster`` is the clustering column
    (default ``person``; ``school_urn`` for a school-level programme).
    """
    labels = cluster_labels(frame, cluster or person, person)
    clusters = pd.Series(pd.factorize(labels)[0], index=frame.index)  # integers: factorised once
    singletons = bool(labels.is_unique)
    rows: list[tuple[object, ...]] = []
    for outcome in outcomes:
        pre = outcome_column(outcome, f"pre{pre_window}")
        for window in windows:
            post = outcome_column(outcome, f"post{window}")
            matched = difference_in_differences(frame, pairs, pre=pre, post=post, clusters=clusters)
            naive = post_difference(
                frame, post=post, treatment=treatment, clusters=None if singletons else clusters
            )
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
    outcome: np.ndarray, design: np.ndarray, weight: np.ndarray, groups: np.ndarray | None, *, term: int
) -> tuple[float, float, float, float]:
    """Estimate, cluster-robust SE and 95% limits of one coefficient.

    NaN throughout when there is no one to compare; the estimate without an interval when the
    outcome never varies among the people compared (no event at all, or everyone had one): a
    standard error of 0 would print as an interval of certainty the data do not give.
    """
    import statsmodels.api as sm

    nan = float("nan")
    treated_rows, other_rows = design[:, 1] == 1, design[:, 1] == 0
    if not treated_rows.any() or not other_rows.any():
        return nan, nan, nan, nan
    if groups is not None and len(np.unique(groups if groups.ndim == 1 else groups[:, 0])) < 2:
        return nan, nan, nan, nan
    covariance = (
        {"cov_type": "HC1"} if groups is None else {"cov_type": "cluster", "cov_kwds": {"groups": groups}}
    )
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # a zero variance, handled just below
        fitted = sm.WLS(outcome, design, weights=weight).fit(use_t=True, **covariance)
        estimate, se = float(fitted.params[term]), float(fitted.bse[term])
        lower, upper = fitted.conf_int(alpha=0.05)[term]
    if np.ptp(outcome) == 0 or not se > 0:
        return estimate, nan, nan, nan
    return estimate, se, float(lower), float(upper)
