"""Programme participation with realistic selection and a known true effect (issue 18).

Who takes part: children with more of what the records show — a social-care episode or plan, a
period in care, persistent absence, a suspension — and in more deprived places are more likely
to be referred (selection on the year before the start). Selection is on what records can see,
so a matched comparison can in principle remove it; a real programme may also select on what no
record shows, which is what the evaluation's sensitivity analysis is for.

What changes: for 24 months from the start, each participant's post-start suspensions,
exclusions, youth-justice outcomes and mental-health referrals are kept only with probability
``1 - reduction``, and their absent sessions are thinned by the same share, per programme and
outcome (``PROGRAMMES``; MENTR changes nothing). Care entry and re-referral to social care are
never changed: their true effect is zero for every programme.

The true effect is then measured, not assumed: for each programme, outcome and window, the mean
over participants of (outcome as it happened − outcome had the programme not run), with the
outcome and window definitions of ``atr.outcome_windows`` that the evaluation uses. As the
pre-start window is untouched, that is the quantity a difference in differences estimates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.outcome_windows import TERM_MIDDLES, WINDOWS
from atr.synthetic.demography import END, FY_START, START, YEARS, day
from atr.synthetic.partners import CHARITY, LA_CODES, MH_TRUSTS
from atr.synthetic.sampling import weighted_sample
from atr.synthetic.schooling import AY_START

if TYPE_CHECKING:
    from atr.synthetic.world import World

LAST_START = day(date(2024, 9, 30))
FOLLOW_UP_DAYS = max(hi for _lo, hi in WINDOWS.values())
YEAR_GROWTH = (0.0, 0.6, 0.8, 1.0, 1.3, 1.6)  # no starts in 2019/20: the pre-start year must be seen
EXIT_REASONS = np.array(["completed", "disengaged", "moved_away", "transferred", "other"])


@dataclass(frozen=True)
class SyntheticProgramme:
    """One programme of the synthetic world: who it serves, how many and what it changes."""

    code: str
    ages: tuple[int, int]
    people_full_scale: int
    partner: str  # la | mh_trust | charity
    unit: str = "individual"
    reduction: dict[str, float] = field(default_factory=dict)


PROGRAMMES: tuple[SyntheticProgramme, ...] = (
    SyntheticProgramme(
        "NAVIG",
        (10, 17),
        15_000,
        "la",
        reduction={"suspension": 0.35, "exclusion": 0.35, "yj_first_entry": 0.4, "persistent_absence": 0.2},
    ),
    SyntheticProgramme(
        "THERA", (5, 17), 12_000, "mh_trust", reduction={"mh_referral": 0.4, "persistent_absence": 0.1}
    ),
    SyntheticProgramme("MENTR", (11, 17), 8_000, "charity"),
    SyntheticProgramme(
        "TISCH",
        (5, 16),
        25_000,
        "la",
        unit="school",
        reduction={"suspension": 0.3, "exclusion": 0.25, "persistent_absence": 0.15},
    ),
)
"""The codes match the package's default programme list (``atr/evaluate/data/programmes.yaml``)."""


def _selection_weight(world: World, rows: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """How much more likely a child is referred, from the person-year before the start."""
    py = world.py
    score = (
        0.9 * py["cin_open"].to_numpy()[rows]
        + 0.9 * py["cp_open"].to_numpy()[rows]
        + 1.0 * py["in_care"].to_numpy()[rows]
        + 0.8 * py["persistent_absence"].to_numpy()[rows].astype(bool)
        + 0.7 * (py["suspensions"].to_numpy()[rows] > 0)
        + 0.3 * py["depz"].to_numpy()[rows]
    )
    weight: npt.NDArray[np.float64] = np.exp(score.astype(np.float64))
    return weight


def _individual(world: World, prog: SyntheticProgramme, taken: npt.NDArray[np.bool_]) -> pd.DataFrame:
    rng = world.rng(f"programme:{prog.code}")
    py = world.py
    person, year, age = py["person"].to_numpy(), py["year"].to_numpy(), py["age"].to_numpy()
    previous = pd.Series(np.arange(len(py)), index=person.astype(np.int64) * YEARS + year)
    prior = previous.reindex(person.astype(np.int64) * YEARS + year - 1).to_numpy()
    ok = (year >= 1) & (age >= prog.ages[0]) & (age <= prog.ages[1]) & ~np.isnan(prior) & ~taken[person]
    rows = np.flatnonzero(ok)
    weight = _selection_weight(world, prior[rows].astype(np.int64)) * np.array(YEAR_GROWTH)[year[rows]]
    k = round(prog.people_full_scale * world.scale)
    chosen = rng.permutation(rows[weighted_sample(rng, weight, 2 * k)])  # drawn order, not row order
    chosen = chosen[~pd.Series(person[chosen]).duplicated().to_numpy()][:k]
    y = year[chosen]
    start = np.minimum(FY_START[y] + rng.integers(0, 365, chosen.size), LAST_START)
    district = py["district"].to_numpy()[chosen]
    partner = {
        "la": np.array(LA_CODES)[district],
        "mh_trust": np.array(MH_TRUSTS)[district],
        "charity": np.full(chosen.size, CHARITY),
    }[prog.partner]
    return pd.DataFrame(
        {
            "person": person[chosen],
            "start": start,
            "district": district,
            "partner": partner,
            "provider": partner,
        }
    )


def _schools(world: World, taken: npt.NDArray[np.bool_], prog: SyntheticProgramme) -> pd.DataFrame:
    """Whole schools: those with more suspensions are likelier to take part; all their pupils do."""
    rng = world.rng(f"programme:{prog.code}")
    enrol, excl = world.school["enrolment"], world.school["exclusion"]
    schools = enrol.groupby("urn").agg(pupils=("person", "size"), district=("district", "first"))
    suspensions = excl[excl["category"] == "SUSP"].groupby("urn").size().reindex(schools.index, fill_value=0)
    rate = (suspensions / schools["pupils"]).to_numpy()
    weight = np.exp(3.0 * rate / max(float(rate.mean()), 1e-9) / 10)
    target = prog.people_full_scale * world.scale
    pupils_each = float(schools["pupils"].mean()) / YEARS
    chosen = schools.iloc[weighted_sample(rng, weight, round(target / max(pupils_each, 1.0)))]
    ay = rng.integers(1, 5, len(chosen))
    school_start = pd.DataFrame(
        {"urn": chosen.index, "ay": ay, "start": AY_START[ay] + rng.integers(0, 30, len(chosen))}
    )
    pupils = enrol.merge(school_start, on=["urn", "ay"])
    pupils = pupils[
        (pupils["census_age"] >= prog.ages[0])
        & (pupils["census_age"] <= prog.ages[1])
        & ~taken[pupils["person"].to_numpy()]
    ].drop_duplicates("person")
    return pd.DataFrame(
        {
            "person": pupils["person"].to_numpy(),
            "start": pupils["start"].to_numpy(),
            "district": pupils["district"].to_numpy(),
            "partner": np.array(LA_CODES)[pupils["district"].to_numpy()],
            "provider": pupils["urn"].to_numpy().astype(str),
        }
    )


def _participation_details(world: World, part: pd.DataFrame) -> pd.DataFrame:
    """Referral and end dates, sessions and exit reasons around each start."""
    rng = world.rng("programme:details")
    n = len(part)
    part["referral"] = np.maximum(part["start"].to_numpy() - rng.integers(7, 90, n), START)
    end = part["start"].to_numpy() + rng.integers(60, 420, n)
    part["end"] = np.where(end > END, -1, end)
    part["offered"] = rng.integers(6, 25, n)
    part["attended"] = rng.binomial(part["offered"].to_numpy(), 0.75)
    part["exit_reason"] = np.where(
        part["end"].to_numpy() < 0, "", EXIT_REASONS[rng.choice(5, n, p=[0.65, 0.2, 0.07, 0.04, 0.04])]
    )
    return part


def assign_participation(world: World) -> pd.DataFrame:
    """Choose every programme's participants (one programme per person at most)."""
    taken = np.zeros(len(world.pop.people), bool)
    frames = []
    for prog in PROGRAMMES:
        part = _schools(world, taken, prog) if prog.unit == "school" else _individual(world, prog, taken)
        taken[part["person"].to_numpy()] = True
        frames.append(part.assign(programme=prog.code))
    return _participation_details(world, pd.concat(frames, ignore_index=True))


def _followed(
    frame: pd.DataFrame, day_column: str, part: pd.DataFrame
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Rows of ``frame`` inside a participant's follow-up, and that participant's reduction."""
    start = part.set_index("person")["start"]
    reduction = part.set_index("person")["share"]
    s = start.reindex(frame["person"].to_numpy()).to_numpy()
    d = frame[day_column].to_numpy()
    inside = ~np.isnan(s) & (d >= s) & (d < s + FOLLOW_UP_DAYS)
    rows = np.flatnonzero(inside)
    return rows, reduction.reindex(frame["person"].to_numpy()[rows]).to_numpy()


def term_middles(attendance: pd.DataFrame) -> npt.NDArray[np.int64]:
    """Each attendance row's term middle day (``atr.outcome_windows.TERM_MIDDLES``)."""
    ay = attendance["ay"].to_numpy().astype(np.int64)
    term = attendance["term"].to_numpy().astype(str)
    middle = np.zeros(ay.size, dtype=np.int64)
    for name, (offset, month, dd) in TERM_MIDDLES.items():
        for year in np.unique(ay[term == name]).tolist():  # academic year 0 is 2019/20 (AY_START)
            middle[(term == name) & (ay == year)] = day(date(2019 + int(year) + offset, month, dd))
    return middle


def apply_effects(world: World, part: pd.DataFrame) -> None:
    """Thin each participant's post-start events by their programme's reductions, in place."""
    rng = world.rng("programme:effects")
    shares = {p.code: p.reduction for p in PROGRAMMES}

    def with_share(outcome: str) -> pd.DataFrame:
        share = part["programme"].map(lambda c: shares[c].get(outcome, 0.0)).astype(float)
        return part.assign(share=share.to_numpy())[share.to_numpy() > 0]

    excl = world.school["exclusion"]
    drop = np.zeros(len(excl), bool)
    for outcome, category in (("suspension", "SUSP"), ("exclusion", "PERM")):
        rows, share = _followed(excl, "start", with_share(outcome))
        rows_share = (excl["category"].to_numpy()[rows] == category) & (rng.random(rows.size) < share)
        drop[rows[rows_share]] = True
    world.school["exclusion"] = excl[~drop].reset_index(drop=True)
    mh = world.mental_health
    rows, share = _followed(mh, "received", with_share("mh_referral"))
    world.mental_health = mh.drop(index=mh.index[rows[rng.random(rows.size) < share]]).reset_index(drop=True)
    yj = world.youth_justice
    rows, share = _followed(yj, "outcome", with_share("yj_first_entry"))
    had_first = set(yj.loc[yj["first_time"], "person"].tolist())
    yj = yj.drop(index=yj.index[rows[rng.random(rows.size) < share]]).reset_index(drop=True)
    first_left = ~yj["person"].duplicated().to_numpy()
    yj["first_time"] = first_left & yj["person"].isin(had_first).to_numpy()
    world.youth_justice = yj
    att = world.school["attendance"].copy()
    att["middle"] = term_middles(att)
    rows, share = _followed(att, "middle", with_share("persistent_absence"))
    for column in ("authorised", "unauthorised"):
        values = att[column].to_numpy().copy()
        values[rows] = rng.binomial(values[rows], 1.0 - share)
        att[column] = values
    world.school["attendance"] = att.drop(columns="middle")
