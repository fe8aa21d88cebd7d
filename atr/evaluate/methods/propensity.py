"""Propensity scores and nearest-neighbour matching within exact strata and a caliper.

The choices, stated once (docs/evaluation.md, "Methods"):

* the score is a logistic regression of taking part on pre-start covariates only (scikit-learn's
  ``LogisticRegression``, lbfgs, a mild L2 penalty on standardised columns so that a district
  or age band with every member taking part cannot push a coefficient to infinity), on the
  covariates as they are (``score_terms="linear"``) or with their squares and pairwise products
  too (``"quadratic"``: a richer score, when the linear one leaves a covariate unbalanced);
* missing numeric covariates are filled with the median and flagged by an indicator column,
  missing categories become their own level, so nobody is dropped for a missing covariate;
* matching is exact on the strata (by default district and age band); within a stratum each
  participant gets its ``neighbours`` nearest non-participants among those within the caliper on
  the logit of the score, nearest on the covariates' Mahalanobis distance (Rubin & Thomas 2000;
  ``distance="propensity"`` chooses on the score instead: see :mod:`.nearest` for why not by
  default), **with replacement** (a comparison may serve several participants; its weight
  counts the uses);
* the caliper is ``caliper_sd`` (default 0.2, Austin 2011) times the pooled standard deviation
  of the logit, ``sqrt((var_participants + var_others) / 2)``;
* a participant with no comparison in its stratum, or none within the caliper, stays in the
  result as unmatched, with the reason: counted, never silently dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from atr.evaluate.methods.balance import numeric_column, pooled_sd
from atr.evaluate.methods.nearest import FloatArray, nearest_within_caliper, whiten

DEFAULT_CALIPER_SD = 0.2
"""Caliper width in pooled standard deviations of the logit of the score (Austin 2011)."""
DEFAULT_EXACT = ("district", "age_band")
LINEAR, QUADRATIC = "linear", "quadratic"
"""The score's terms: the covariates; or they, their squares and their pairwise products."""
MAHALANOBIS, PROPENSITY = "mahalanobis", "propensity"
"""How the nearest comparison within the caliper is chosen: on the covariates or on the score."""
NO_STRATUM_MATCH = "no comparison in the same stratum"
OUTSIDE_CALIPER = "no comparison within the caliper"
REGULARISATION_C = 1.0
"""Inverse L2 strength on standardised columns: negligible at evaluation sizes (hundreds of
participants and more), enough to keep a fully separated level finite."""


@dataclass(frozen=True)
class MatchResult:
    """Who was matched to whom, the weights that follow, and who could not be matched.

    Everything is keyed by the labels of the frame's index. ``weights`` covers every row: 1 for
    a matched participant, 0 for an unmatched one, and for a comparison the sum over the
    participants it serves of ``1 / (their number of neighbours)`` (0 if never used), so the
    weighted comparison group stands in for the matched participants (an ATT weighting).
    """

    logit: pd.Series
    caliper: float
    caliper_sd: float
    neighbours: int
    score_terms: str
    pairs: pd.DataFrame  # participant, comparison, distance (on the score), covariate_distance
    weights: pd.Series
    unmatched: pd.DataFrame  # participant, reason, and the stratum columns

    @property
    def n_participants(self) -> int:
        """Participants with at least one comparison."""
        return int(self.pairs["participant"].nunique())

    @property
    def n_comparison(self) -> int:
        """Distinct comparisons used (a reused comparison counts once)."""
        return int(self.pairs["comparison"].nunique())

    @property
    def n_unmatched(self) -> int:
        return len(self.unmatched)

    def unmatched_counts(self) -> dict[str, int]:
        """Unmatched participants by reason (every reason, zero included)."""
        counts = self.unmatched["reason"].value_counts()
        return {reason: int(counts.get(reason, 0)) for reason in (NO_STRATUM_MATCH, OUTSIDE_CALIPER)}


def covariate_matrix(frame: pd.DataFrame, numeric: Sequence[str], categorical: Sequence[str]) -> pd.DataFrame:
    """The model's columns: numeric ones (median-filled, with a flag where any was missing) and
    one indicator per level of each categorical one but the first."""
    _require_columns(frame, [*numeric, *categorical])
    parts: list[pd.DataFrame] = []
    for name in numeric:
        values = numeric_column(frame, name)
        missing = values.isna()
        block = pd.DataFrame({name: values.fillna(values.median() if missing.sum() < len(values) else 0.0)})
        if missing.any():
            block[f"{name}__missing"] = missing.astype("float64")
        parts.append(block)
    for name in categorical:
        levels = frame[name].astype("string").fillna("(missing)")
        parts.append(pd.get_dummies(levels, prefix=name, prefix_sep="=", drop_first=True, dtype="float64"))
    matrix = pd.concat(parts, axis=1) if parts else pd.DataFrame(index=frame.index)
    return matrix.set_axis(frame.index, axis=0)


def score_matrix(
    frame: pd.DataFrame, numeric: Sequence[str], categorical: Sequence[str], score_terms: str = LINEAR
) -> pd.DataFrame:
    """The score's columns: the covariate matrix, and for ``"quadratic"`` also the square of each
    numeric covariate that takes more than two values and the product of every pair of numeric
    covariates (the second-order terms Rosenbaum & Rubin (1984) add when balance falls short)."""
    if score_terms not in (LINEAR, QUADRATIC):
        raise ValueError(f"score_terms must be {LINEAR!r} or {QUADRATIC!r}, not {score_terms!r}")
    matrix = covariate_matrix(frame, numeric, categorical)
    if score_terms == LINEAR:
        return matrix
    names = [n for n in matrix.columns if n in numeric]
    extra = {f"{n}^2": matrix[n] ** 2 for n in names if matrix[n].nunique() > 2}
    extra |= {f"{a}*{b}": matrix[a] * matrix[b] for i, a in enumerate(names) for b in names[i + 1 :]}
    return pd.concat([matrix, pd.DataFrame(extra, index=matrix.index)], axis=1)


def propensity_logit(
    frame: pd.DataFrame,
    *,
    treatment: str = "participant",
    numeric: Sequence[str],
    categorical: Sequence[str] = (),
    score_terms: str = LINEAR,
) -> pd.Series:
    """The logit of each row's estimated probability of taking part (scikit-learn)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    treated = _treatment(frame, treatment)
    if treated.all() or not treated.any():
        raise ValueError(f"column {treatment!r} needs both participants and non-participants")
    matrix = score_matrix(frame, numeric, categorical, score_terms).to_numpy(dtype="float64")
    scaled = StandardScaler().fit_transform(matrix) if matrix.shape[1] else np.zeros((len(frame), 1))
    model = LogisticRegression(C=REGULARISATION_C, max_iter=2000)
    model.fit(scaled, treated.to_numpy())
    return pd.Series(model.decision_function(scaled), index=frame.index, name="logit")


def match_on_propensity(
    frame: pd.DataFrame,
    *,
    treatment: str = "participant",
    numeric: Sequence[str],
    categorical: Sequence[str] = (),
    exact_on: Sequence[str] = DEFAULT_EXACT,
    caliper_sd: float = DEFAULT_CALIPER_SD,
    neighbours: int = 1,
    distance: str = MAHALANOBIS,
    score_terms: str = LINEAR,
    logit: pd.Series | None = None,
) -> MatchResult:
    """Score (or take ``logit``, a score already fitted on these covariates and terms, as an
    earlier specification of a sequence did), then match each participant to its ``neighbours`` nearest non-participants (see
    the module): within the caliper on the score, nearest on the covariates' Mahalanobis
    distance (``distance="mahalanobis"``, the default; always on the covariates themselves,
    whatever the score's terms) or on the score itself (``"propensity"``)."""
    if caliper_sd <= 0 or neighbours < 1:
        raise ValueError("caliper_sd must be positive and neighbours at least 1")
    if distance not in (MAHALANOBIS, PROPENSITY):
        raise ValueError(f"distance must be {MAHALANOBIS!r} or {PROPENSITY!r}, not {distance!r}")
    if not frame.index.is_unique:
        raise ValueError("the frame's index must label each row once (pairs are keyed by it)")
    _require_columns(frame, [treatment, *exact_on])
    if logit is None:
        logit = propensity_logit(
            frame, treatment=treatment, numeric=numeric, categorical=categorical, score_terms=score_terms
        )
    treated = _treatment(frame, treatment)
    caliper = caliper_sd * pooled_sd(logit, treated)
    points = None
    if distance == MAHALANOBIS:
        matrix = covariate_matrix(frame, numeric, categorical).to_numpy(dtype="float64")
        points = whiten(matrix, treated.to_numpy())
    pairs, unmatched = _match_in_strata(frame, logit, treated, list(exact_on), caliper, neighbours, points)
    weights = _weights(frame.index, pairs)
    return MatchResult(logit, caliper, caliper_sd, neighbours, score_terms, pairs, weights, unmatched)


def _match_in_strata(
    frame: pd.DataFrame,
    logit: pd.Series,
    treated: pd.Series,
    exact_on: list[str],
    caliper: float,
    neighbours: int,
    points: FloatArray | None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    keys = frame[exact_on].astype("string").fillna("(missing)") if exact_on else None
    strata = keys.groupby(exact_on, sort=True).indices if keys is not None else {(): np.arange(len(frame))}
    scores, is_treated, labels = logit.to_numpy("float64"), treated.to_numpy(), frame.index
    pair_parts: list[pd.DataFrame] = []
    lost: list[tuple[object, str]] = []
    for rows in strata.values():
        cases, pool = rows[is_treated[rows]], rows[~is_treated[rows]]
        if len(cases) == 0:
            continue
        if len(pool) == 0:
            lost.extend((labels[case], NO_STRATUM_MATCH) for case in cases)
            continue
        found = nearest_within_caliper(
            scores[cases],
            scores[pool],
            caliper=caliper,
            neighbours=neighbours,
            case_points=points[cases] if points is not None else None,
            pool_points=points[pool] if points is not None else None,
        )
        missed = np.setdiff1d(np.arange(len(cases)), found.case)
        lost.extend((labels[case], OUTSIDE_CALIPER) for case in cases[missed])
        pair_parts.append(
            pd.DataFrame(
                {
                    "participant": labels[cases[found.case]],
                    "comparison": labels[pool[found.comparison]],
                    "distance": found.score_distance,
                    "covariate_distance": found.distance if points is not None else np.nan,
                }
            )
        )
    columns = ["participant", "comparison", "distance", "covariate_distance"]
    pairs = pd.concat(pair_parts, ignore_index=True) if pair_parts else pd.DataFrame(columns=columns)
    unmatched = pd.DataFrame(lost, columns=["participant", "reason"])
    if exact_on:
        strata_columns = frame.loc[unmatched["participant"], exact_on].reset_index(drop=True)
        unmatched = pd.concat([unmatched, strata_columns], axis=1)
    return pairs, unmatched


def _weights(index: pd.Index, pairs: pd.DataFrame) -> pd.Series:
    weights = pd.Series(0.0, index=index, name="weight")
    if pairs.empty:
        return weights
    uses = pairs.groupby("participant")["comparison"].transform("size").astype("float64")
    comparison_weight = (1.0 / uses).groupby(pairs["comparison"]).sum()
    weights.loc[comparison_weight.index] = comparison_weight.to_numpy()
    weights.loc[pairs["participant"].unique()] = 1.0
    return weights


def _treatment(frame: pd.DataFrame, treatment: str) -> pd.Series:
    values = frame[treatment]
    if values.isna().any():
        raise ValueError(f"column {treatment!r} has missing values: say who took part for every row")
    return values.astype(bool)


def _require_columns(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise KeyError(f"the frame has no column(s) {', '.join(map(repr, missing))}")
