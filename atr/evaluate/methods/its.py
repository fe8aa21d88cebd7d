"""Comparative interrupted time series, for programmes that work with whole schools.

Each school has a series (monthly or termly attendance, exclusions per 100 pupils, …) around its
start; the comparison schools (matched on their pre-start series within local authority and
start term: :mod:`atr.evaluate.school_its`) are given the start of the school they were matched
to. With ``t`` the period relative to the start and
``post = (t ≥ 0)``, the segmented regression (Wagner et al. 2002; Linden 2015 for the
comparative form) is

``y = b0 + b1·t + b2·post + b3·post·t + b4·T + b5·T·t + b6·T·post + b7·T·post·t``

(optionally with a fixed effect per season: month or term of the year). :func:`matched_panel`
puts the programme schools' and their matched comparisons' series together. ``b6`` is the change in
level at the start for programme schools beyond the comparison schools' change, ``b7`` the
change in slope per period beyond theirs, and ``b6 + k·b7`` the effect ``k`` periods after the
start. Weighted least squares with the schools' matching weights (default 1), standard errors
clustered by school (statsmodels, small-sample corrected, t with G-1 degrees of freedom).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

LEVEL, SLOPE = 6, 7
"""Positions of the level and slope changes among the regression's coefficients."""


@dataclass(frozen=True)
class ITSResult:
    """A comparative ITS fit: the level and slope changes with 95% intervals, and how many."""

    level_change: tuple[float, float, float]
    slope_change: tuple[float, float, float]
    n_treated_units: int
    n_comparison_units: int
    n_periods: int
    params: NDArray[np.float64]
    covariance: NDArray[np.float64]
    t_quantile: float

    def effect_after(self, periods: float) -> tuple[float, float, float]:
        """The effect ``periods`` after the start (``b6 + periods·b7``) with its 95% interval."""
        contrast = np.zeros(len(self.params))
        contrast[LEVEL], contrast[SLOPE] = 1.0, periods
        estimate = float(contrast @ self.params)
        se = float(np.sqrt(contrast @ self.covariance @ contrast))
        return estimate, estimate - self.t_quantile * se, estimate + self.t_quantile * se


def matched_panel(
    panel: pd.DataFrame,
    pairs: pd.DataFrame,
    *,
    unit: str = "school_urn",
    treated: str = "participant",
    start: str = "start_period",
) -> pd.DataFrame:
    """The series of the programme schools and of their matched comparisons, ready for
    :func:`comparative_its`: each comparison's series once per programme school it was matched
    to, given that school's start and a weight of ``1 / (that school's number of comparisons)``
    (programme schools weigh 1). ``pairs`` holds ``participant`` and ``comparison`` unit ids (a
    MatchResult's pairs on a school-level frame indexed by the unit id)."""
    programme = panel[panel[treated].astype(bool)].assign(weight=1.0)
    starts = programme.groupby(unit)[start].first()
    uses = pairs.assign(weight=1.0 / pairs.groupby("participant")["comparison"].transform("size"))
    uses = uses.assign(**{start: starts.reindex(uses["participant"]).to_numpy()})
    comparison = panel.drop(columns=[start]).merge(
        uses[["comparison", start, "weight"]], left_on=unit, right_on="comparison"
    )
    comparison = comparison.drop(columns=["comparison"]).assign(**{treated: False})
    return pd.concat([programme, comparison[programme.columns]], ignore_index=True)


def comparative_its(
    panel: pd.DataFrame,
    *,
    unit: str = "school_urn",
    period: str = "period",
    outcome: str,
    treated: str = "participant",
    start: str = "start_period",
    weight: str | None = None,
    season: str | None = None,
) -> ITSResult:
    """Fit the comparative segmented regression above to a long panel (one row per unit and
    period; ``start`` is the unit's own start, or its matched programme school's)."""
    import statsmodels.api as sm
    from scipy import stats

    columns = [unit, period, outcome, treated, start, *(c for c in (weight, season) if c)]
    missing = [c for c in columns if c not in panel.columns]
    if missing:
        raise KeyError(f"the panel has no column(s) {', '.join(map(repr, missing))}")
    rows = panel.dropna(subset=[outcome])
    time = (rows[period] - rows[start]).to_numpy("float64")
    post = (time >= 0).astype("float64")
    group = rows[treated].astype(bool).to_numpy().astype("float64")
    design = np.column_stack(
        [np.ones(len(rows)), time, post, post * time, group, group * time, group * post, group * post * time]
    )
    if season:
        seasons = pd.get_dummies(rows[season].astype("string"), drop_first=True, dtype="float64")
        design = np.column_stack([design, seasons.to_numpy()])
    units = pd.factorize(rows[unit])[0]
    n_units = len(np.unique(units))
    if n_units < 3 or group.all() or not group.any():
        raise ValueError("a comparative ITS needs programme and comparison units (three or more in all)")
    weights = rows[weight].to_numpy("float64") if weight else np.ones(len(rows))
    fitted = sm.WLS(rows[outcome].to_numpy("float64"), design, weights=weights).fit(
        cov_type="cluster", cov_kwds={"groups": units}, use_t=True
    )
    limits = fitted.conf_int(alpha=0.05)
    treated_units = rows.loc[group == 1, unit].nunique()
    return ITSResult(
        level_change=(float(fitted.params[LEVEL]), float(limits[LEVEL][0]), float(limits[LEVEL][1])),
        slope_change=(float(fitted.params[SLOPE]), float(limits[SLOPE][0]), float(limits[SLOPE][1])),
        n_treated_units=int(treated_units),
        n_comparison_units=int(n_units - treated_units),
        n_periods=int(rows[period].nunique()),
        params=np.asarray(fitted.params, dtype="float64"),
        covariance=np.asarray(fitted.cov_params(), dtype="float64"),
        t_quantile=float(stats.t.ppf(0.975, n_units - 1)),
    )
