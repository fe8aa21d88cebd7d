"""Covariate balance: standardised mean differences before and after matching.

``SMD = (mean_participants - mean_comparison) / sqrt((var_participants + var_comparison) / 2)``.
Before matching the means are over every participant and every non-participant; after, over
the matched participants and the comparisons weighted by their matching weights. Both use the
**before-matching** variances as the denominator (Stuart 2010), so a change in the SMD is a
change in the means, not in the yardstick. A categorical covariate is shown as one row per level
(``district=Leeds``: the share in that level). The usual threshold is an absolute SMD of 0.1
(Austin 2009).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

BALANCE_COLUMNS = ("programme_code", "covariate", "smd_before", "smd_after")
"""The ``evaluation_balance`` table (docs/tables.md)."""
SMD_THRESHOLD = 0.1


def balance_columns(frame: pd.DataFrame, numeric: Sequence[str], categorical: Sequence[str]) -> pd.DataFrame:
    """The covariates as balance sees them: numeric as they are (missing left missing), each
    categorical level as a 0/1 share column named ``name=level``."""
    parts = [pd.DataFrame({name: numeric_column(frame, name) for name in numeric}, index=frame.index)]
    for name in categorical:
        levels = frame[name].astype("string").fillna("(missing)")
        parts.append(pd.get_dummies(levels, prefix=name, prefix_sep="=", dtype="float64"))
    return pd.concat(parts, axis=1)


def standardised_mean_difference(
    values: pd.Series, treated: pd.Series, weights: pd.Series | None = None, *, scale: float | None = None
) -> float:
    """One covariate's SMD; ``weights`` (default 1 each) weight both groups' means, ``scale``
    (default: the pooled SD of these values, unweighted) is the denominator."""
    treated = treated.astype(bool)
    weights = pd.Series(1.0, index=values.index) if weights is None else weights.astype("float64")
    present = values.notna() & (weights > 0)
    mean_t = _weighted_mean(values[present & treated], weights[present & treated])
    mean_c = _weighted_mean(values[present & ~treated], weights[present & ~treated])
    if scale is None:
        scale = pooled_sd(values, treated)
    difference = mean_t - mean_c
    if scale == 0 or np.isnan(scale):
        return 0.0 if difference == 0 else float("nan")
    return float(difference / scale)


def balance_table(
    frame: pd.DataFrame,
    weights: pd.Series,
    *,
    programme_code: str,
    treatment: str = "participant",
    numeric: Sequence[str],
    categorical: Sequence[str] = (),
) -> pd.DataFrame:
    """The ``evaluation_balance`` rows for one programme: each covariate (each level of a
    categorical one) with its SMD before matching and after (``weights``: a MatchResult's)."""
    treated = frame[treatment].astype(bool)
    columns = balance_columns(frame, numeric, categorical)
    # Every covariate at once (numpy), as standardised_mean_difference computes each one: a
    # quarter of a million comparisons and a dozen specifications make a per-column loop slow.
    is_treated = treated.to_numpy()
    values = columns.to_numpy(dtype="float64")
    var_t, var_c = columns[is_treated].var(ddof=1), columns[~is_treated].var(ddof=1)
    scale = np.sqrt((np.nan_to_num(var_t.to_numpy("float64")) + np.nan_to_num(var_c.to_numpy("float64"))) / 2)
    before = _smd(values, is_treated, np.ones(len(values)), scale)
    after = _smd(values, is_treated, weights.reindex(frame.index, fill_value=0.0).to_numpy("float64"), scale)
    return pd.DataFrame(
        {
            "programme_code": programme_code,
            "covariate": list(columns.columns),
            "smd_before": before,
            "smd_after": after,
        },
        columns=list(BALANCE_COLUMNS),
    )


def _smd(values: np.ndarray, treated: np.ndarray, weights: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Each column's SMD with both groups' means weighted (missing values and zero weights left
    out); 0 where the scale is 0 and the means agree, NaN where a mean or the scale is missing."""
    present = ~np.isnan(values) & (weights > 0)[:, None]
    weighted = np.where(present, values, 0.0) * weights[:, None]
    mass = present * weights[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_t = weighted[treated].sum(axis=0) / mass[treated].sum(axis=0)
        mean_c = weighted[~treated].sum(axis=0) / mass[~treated].sum(axis=0)
        difference = mean_t - mean_c
        smd = difference / scale
    degenerate = (scale == 0) | np.isnan(scale)
    return np.where(degenerate, np.where(difference == 0, 0.0, np.nan), smd)


def worst_imbalance(balance: pd.DataFrame, column: str = "smd_after") -> float:
    """The largest absolute SMD in a balance table (NaN-free; 0 for an empty table)."""
    values = balance[column].abs().dropna()
    return float(values.max()) if len(values) else 0.0


def numeric_column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A covariate as floats, or an error naming the column and the first value that is not a number."""
    values = pd.to_numeric(frame[name], errors="coerce").astype("float64")
    bad = values.isna() & frame[name].notna()
    if bad.any():
        row = bad.idxmax()
        raise ValueError(f"column {name!r} must be numeric: row {row!r} holds {frame.at[row, name]!r}")
    return values


def _weighted_mean(values: pd.Series, weights: pd.Series) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else float("nan")


def pooled_sd(values: pd.Series, treated: pd.Series) -> float:
    """``sqrt((var_treated + var_others) / 2)`` with sample variances (Austin's pooled SD)."""
    first, second = values[treated].var(ddof=1), values[~treated].var(ddof=1)
    return float(np.sqrt((np.nan_to_num(first) + np.nan_to_num(second)) / 2))
