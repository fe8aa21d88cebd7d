"""The true effect of each synthetic programme, measured on the world before and after it ran.

``outcome_events(world)`` takes a snapshot of every outcome's dated events (and the attendance
behind persistent absence); ``true_effects`` compares the snapshot taken before
``programme.apply_effects`` with the one after, participant by participant, in the windows of
``atr.outcome_windows``. Only windows the records wholly cover count, as in the evaluation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.outcome_windows import OUTCOMES, PERSISTENT_ABSENCE_SHARE, POST_WINDOW_MONTHS, WINDOWS
from atr.synthetic.demography import END
from atr.synthetic.programme import apply_effects, assign_participation, term_middles

if TYPE_CHECKING:
    from atr.synthetic.world import World

Snapshot = dict[str, pd.DataFrame]


def outcome_events(world: World) -> Snapshot:
    """Each outcome's events as (person, day); ``persistent_absence`` as term rows."""
    excl = world.school["exclusion"]
    yj = world.youth_justice
    cin = world.care["cin"].sort_values(["person", "start"])
    att = world.school["attendance"]

    def events(person: npt.NDArray[np.int64], days: npt.NDArray[np.int64]) -> pd.DataFrame:
        return pd.DataFrame({"person": np.asarray(person), "day": np.asarray(days)})

    suspension = excl["category"].to_numpy() == "SUSP"
    permanent = excl["category"].to_numpy() == "PERM"
    first_yj = yj.groupby("person")["outcome"].min()
    rereferral = cin["person"].duplicated().to_numpy()
    return {
        "suspension": events(excl["person"].to_numpy()[suspension], excl["start"].to_numpy()[suspension]),
        "exclusion": events(excl["person"].to_numpy()[permanent], excl["start"].to_numpy()[permanent]),
        "yj_first_entry": events(first_yj.index.to_numpy(), first_yj.to_numpy()),
        "care_entry": events(world.care["cla"]["person"].to_numpy(), world.care["cla"]["start"].to_numpy()),
        "mh_referral": events(
            world.mental_health["person"].to_numpy(), world.mental_health["received"].to_numpy()
        ),
        "csc_rereferral": events(cin["person"].to_numpy()[rereferral], cin["start"].to_numpy()[rereferral]),
        "persistent_absence": pd.DataFrame(
            {
                "person": att["person"].to_numpy(),
                "day": term_middles(att),
                "possible": att["possible"].to_numpy(),
                "absent": att["authorised"].to_numpy() + att["unauthorised"].to_numpy(),
            }
        ),
    }


def _in_window(
    frame: pd.DataFrame, part: pd.DataFrame, window: str
) -> tuple[pd.DataFrame, npt.NDArray[np.int64]]:
    """The rows of ``frame`` in each participant's window, with the participant's row number."""
    lo, hi = WINDOWS[window]
    index = pd.Series(np.arange(len(part)), index=part["person"].to_numpy())
    who = index.reindex(frame["person"].to_numpy()).to_numpy()
    known = ~np.isnan(who)
    rows = frame[known]
    who_known = who[known].astype(np.int64)
    start = part["start"].to_numpy()[who_known]
    inside = (rows["day"].to_numpy() >= start + lo) & (rows["day"].to_numpy() < start + hi)
    return rows[inside], who_known[inside]


def indicator(snapshot: Snapshot, outcome: str, part: pd.DataFrame, window: str) -> npt.NDArray[np.float64]:
    """Each participant's 0/1 outcome in the window (NaN for absence when no session was possible)."""
    rows, who = _in_window(snapshot[outcome], part, window)
    if outcome != "persistent_absence":
        return np.bincount(who, minlength=len(part)).astype(np.float64).clip(0, 1)
    possible = np.bincount(who, weights=rows["possible"].to_numpy(), minlength=len(part))
    absent = np.bincount(who, weights=rows["absent"].to_numpy(), minlength=len(part))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = absent / possible
    return np.where(possible > 0, (share >= PERSISTENT_ABSENCE_SHARE).astype(np.float64), np.nan)


def true_effects(before: Snapshot, after: Snapshot, part: pd.DataFrame) -> pd.DataFrame:
    """programme_code, outcome, window_months, true_effect, n_participants (windows covered)."""
    rows = []
    for code, group in part.groupby("programme", sort=True):
        group = group.reset_index(drop=True)
        for window, months in POST_WINDOW_MONTHS.items():
            covered = group["start"].to_numpy() + WINDOWS[window][1] <= END + 1
            for outcome in OUTCOMES:
                actual = indicator(after, outcome, group, window)[covered]
                counterfactual = indicator(before, outcome, group, window)[covered]
                both = ~np.isnan(actual) & ~np.isnan(counterfactual)
                effect = float(np.mean(actual[both] - counterfactual[both])) if both.any() else float("nan")
                rows.append(
                    {
                        "programme_code": str(code),
                        "outcome": outcome,
                        "window_months": months,
                        "true_effect": round(effect, 6),
                        "n_participants": int(both.sum()),
                    }
                )
    return pd.DataFrame(rows)


def run_programmes(world: World) -> None:
    """Programme participation, its effect on the participants' later events, and the truth.

    Run on every generated world, whatever datasets are written, so the other extracts hold the
    programmes' effects too.
    """
    world.participation = assign_participation(world)
    before = outcome_events(world)
    apply_effects(world, world.participation)
    after = outcome_events(world)
    world.programme_effects = true_effects(before, after, world.participation)
