"""Children's social care involvement: who is a child in need, on a plan, or looked after, when.

Counts come from the published 31 March rates (``targets``): the number open on 1 April 2019 is
``rate × children`` and the number starting each year is ``rate × children / mean duration``
(steady state), per district. *Who* follows the truth: plans and care go to maltreated children,
weighted by the household's toxic trio and by deprivation (a multiplier on IMD decile 1 set so
the decile-1 share of plans is 1.75 × the district's share of children there, which is Leeds'
57.6%; care weighted so the most deprived decile has about ten times the rate of the least);
other children in need are drawn with weights from maltreatment, the trio and deprivation.
Durations are exponential (memoryless, so the opening stock needs no burn-in).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import END, FY_START, OPEN, START, YEARS
from atr.synthetic.sampling import stochastic_round, weighted_sample
from atr.synthetic.targets import CIN_PER_10K, CLA_PER_10K, CPP_PER_10K, LEEDS_CPP_DECILE1_SHARE, MEAN_YEARS

IntArray = npt.NDArray[np.int64]
CONCENTRATION = LEEDS_CPP_DECILE1_SHARE.value / 33.0  # Leeds: 57.6% of plans, 33% of children in decile 1
LEEDS = 3  # district index of Leeds
LEEDS_SHARE = LEEDS_CPP_DECILE1_SHARE.value / 100
CLA_GRADIENT = 0.15  # log weight from least to most deprived decile, tuned for the ~10x ratio
SHORT_CIN_SHARE = 0.3  # episodes ending at referral or assessment
SHORT_CIN_DAYS = (2, 60)
OVERLAP_ALLOWANCE = 1.06  # starts lost to overlaps with open plans or care


def _exp_days(rng: np.random.Generator, mean_years: float, n: int) -> IntArray:
    return np.maximum(1, rng.exponential(mean_years * 365.25, n)).astype(np.int64)


def _select(
    rng: np.random.Generator, py: pd.DataFrame, rows: IntArray, weights: npt.NDArray[np.float64], count: float
) -> IntArray:
    return rows[weighted_sample(rng, weights, stochastic_round(rng, count))]


def _cp_multiplier(
    rows: IntArray, weights: npt.NDArray[np.float64], decile: IntArray, children: IntArray, leeds: bool
) -> npt.NDArray[np.float64]:
    """Weight multiplier for decile-1 children: Leeds' published share, elsewhere its ratio."""
    child_share = float(np.mean(decile[children] == 1))
    target = LEEDS_SHARE if leeds else min(0.9, CONCENTRATION * child_share)
    in_d1 = decile[rows] == 1
    s1, s0 = weights[in_d1].sum(), weights[~in_d1].sum()
    if s1 == 0 or s0 == 0 or target <= 0:
        return np.ones(rows.size)
    return np.where(in_d1, target / (1 - target) * s0 / s1, 1.0)


def simulate_social_care(
    py: pd.DataFrame, dob: IntArray, decile_of_lsoa: IntArray, rng: np.random.Generator
) -> dict[str, pd.DataFrame]:
    """CLA periods, CP plans and CIN episodes as truth tables (person, dates as day numbers)."""
    age = py["age"].to_numpy()
    person = py["person"].to_numpy().astype(np.int64)
    year = py["year"].to_numpy()
    district = py["district"].to_numpy()
    decile = decile_of_lsoa[py["lsoa"].to_numpy()]
    trio = py["hh_da"].to_numpy().astype(int) + py["hh_mh"].to_numpy() + py["hh_sm"].to_numpy()
    maltreated = py["maltreated"].to_numpy()
    child = age < 18
    n_people = int(dob.size)
    eighteen = dob + int(18 * 365.25)
    care_until = np.full(n_people, -1, np.int64)
    plan_until = np.full(n_people, -1, np.int64)
    cla: list[pd.DataFrame] = []
    cp: list[pd.DataFrame] = []
    for y in range(YEARS):
        for d in range(5):
            children = np.flatnonzero(child & (year == y) & (district == d))
            n = children.size
            for kind in ("cla", "cp"):
                rate = (CLA_PER_10K if kind == "cla" else CPP_PER_10K).value / 10_000
                busy = care_until if kind == "cla" else np.maximum(care_until, plan_until)
                rows = children[maltreated[children] & (busy[person[children]] < FY_START[y])]
                if kind == "cla":
                    weights = np.exp(0.5 * trio[rows] + CLA_GRADIENT * (10 - decile[rows]) / 9)
                else:
                    weights = np.exp(0.4 * trio[rows])
                    weights = weights * _cp_multiplier(rows, weights, decile, children, d == LEEDS)
                count = (rate * n / MEAN_YEARS[kind]) * OVERLAP_ALLOWANCE * (1.04 if kind == "cla" else 1.0)
                starts = _select(rng, py, rows, weights, count)
                # a child who turns 18 during the year can only start before the birthday
                start = np.clip(
                    FY_START[y] + rng.integers(0, 365, starts.size),
                    dob[person[starts]],
                    eighteen[person[starts]] - 1,
                )
                if y == 0:  # the stock open on 1 April 2019, started earlier
                    free = ~np.isin(rows, starts)
                    stock = _select(rng, py, rows[free], weights[free], rate * n)
                    stock_start = np.maximum(
                        START - _exp_days(rng, MEAN_YEARS[kind], stock.size), dob[person[stock]] + 1
                    )
                    starts, start = np.concatenate([starts, stock]), np.concatenate([start, stock_start])
                end = np.minimum(
                    np.maximum(start, START) + _exp_days(rng, MEAN_YEARS[kind], starts.size),
                    eighteen[person[starts]],
                )
                who = person[starts]
                (care_until if kind == "cla" else plan_until)[who] = np.maximum(
                    (care_until if kind == "cla" else plan_until)[who], end
                )
                (cla if kind == "cla" else cp).append(
                    pd.DataFrame({"person": who, "row": starts, "start": start, "end": end})
                )
    cla_df = pd.concat(cla, ignore_index=True)
    cp_df = _trim_plans(pd.concat(cp, ignore_index=True), cla_df)
    cin_df = _general_cin(py, rng, child, person, year, district, trio, maltreated, dob)
    return {"cla": cla_df, "cp": cp_df, "cin": _merge_cin(cin_df, cp_df, cla_df, rng)}


def _trim_plans(cp: pd.DataFrame, cla: pd.DataFrame) -> pd.DataFrame:
    """A plan ends when the child comes into care; a plan starting in care is dropped."""
    merged = cp.reset_index().merge(
        cla[["person", "start", "end"]], on="person", how="left", suffixes=("", "_cla")
    )
    inside = (merged["start"] >= merged["start_cla"]) & (merged["start"] < merged["end_cla"])
    drop = set(merged.loc[inside, "index"])
    cut = merged[(merged["start_cla"] > merged["start"]) & (merged["start_cla"] < merged["end"])]
    cp = cp.copy()
    cp.loc[cut["index"].to_numpy(), "end"] = cut["start_cla"].to_numpy()
    return (
        cp.drop(index=list(drop))
        .sort_values(["person", "start"])
        .drop_duplicates(["person", "start"])
        .reset_index(drop=True)
    )


def _general_cin(
    py: pd.DataFrame,
    rng: np.random.Generator,
    child: npt.NDArray[np.bool_],
    person: IntArray,
    year: npt.NDArray[np.int8],
    district: npt.NDArray[np.int8],
    trio: IntArray,
    maltreated: npt.NDArray[np.bool_],
    dob: IntArray,
) -> pd.DataFrame:
    """Children in need without a plan or care: sized so all CIN reach the 31 March rate."""
    # CIN linked to plans and care add about: CP rate × (1 + 0.4 extra years / mean) + CLA rate
    other_rate = (
        CIN_PER_10K.value - CPP_PER_10K.value * (1 + 0.3 / MEAN_YEARS["cp"]) - CLA_PER_10K.value
    ) / 10_000
    long_mean = MEAN_YEARS["cin"]
    mean_years = (1 - SHORT_CIN_SHARE) * long_mean + SHORT_CIN_SHARE * float(np.mean(SHORT_CIN_DAYS)) / 365.25
    depz_weight = np.exp(2.2 * maltreated + 0.7 * trio + 0.3 * (py["age"].to_numpy() < 1))
    parts = []
    for y in range(YEARS):
        for d in range(5):
            rows = np.flatnonzero(child & (year == y) & (district == d))
            count = other_rate * rows.size / mean_years * 1.12
            chosen = _select(rng, py, rows, depz_weight[rows], count)
            start = FY_START[y] + rng.integers(0, 365, chosen.size)
            n_stock = 0
            if y == 0:
                stock = _select(rng, py, rows, depz_weight[rows], other_rate * rows.size * 1.05)
                n_stock = stock.size
                chosen = np.concatenate([chosen, stock])
                start = np.concatenate([start, START - _exp_days(rng, long_mean, n_stock)])
            short = rng.random(chosen.size) < SHORT_CIN_SHARE
            short[chosen.size - n_stock :] = False
            length = np.where(
                short, rng.integers(*SHORT_CIN_DAYS, chosen.size), _exp_days(rng, long_mean, chosen.size)
            )
            start = np.maximum(start, dob[person[chosen]])
            end = start + length
            if n_stock:
                end[-n_stock:] = np.maximum(START, start[-n_stock:]) + _exp_days(rng, long_mean, n_stock)
            parts.append(
                pd.DataFrame(
                    {"person": person[chosen], "row": chosen, "start": start, "end": end, "short": short}
                )
            )
    return pd.concat(parts, ignore_index=True)


def _merge_cin(
    general: pd.DataFrame, cp: pd.DataFrame, cla: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """One CIN episode around each plan and period of care, plus non-overlapping others."""
    around_cp = pd.DataFrame(
        {
            "person": cp["person"],
            "row": cp["row"],
            "start": cp["start"] - rng.integers(10, 60, len(cp)),
            "end": cp["end"] + rng.integers(20, 120, len(cp)),
            "short": False,
            "kind": "cp",
        }
    )
    around_cla = pd.DataFrame(
        {
            "person": cla["person"],
            "row": cla["row"],
            "start": cla["start"] - rng.integers(0, 90, len(cla)),
            "end": cla["end"],
            "short": False,
            "kind": "cla",
        }
    )
    general = general.assign(kind="cin")
    episodes = pd.concat([around_cla, around_cp, general], ignore_index=True)
    episodes["priority"] = episodes["kind"].map({"cla": 0, "cp": 1, "cin": 2})
    episodes = episodes.sort_values(["person", "start", "priority"], kind="stable").reset_index(drop=True)
    # merge overlapping episodes of a child: keep the first, extend its end, note the strongest kind
    person = episodes["person"].to_numpy()
    start = episodes["start"].to_numpy()
    new_group = np.ones(len(episodes), bool)
    running_end = episodes.groupby("person")["end"].cummax().to_numpy()
    new_group[1:] = (person[1:] != person[:-1]) | (start[1:] > running_end[:-1])
    group = np.cumsum(new_group) - 1
    merged = episodes.groupby(group).agg(
        person=("person", "first"),
        row=("row", "first"),
        start=("start", "min"),
        end=("end", "max"),
        short=("short", "all"),
        priority=("priority", "min"),
    )
    merged["kind"] = np.array(["cla", "cp", "cin"])[merged["priority"].to_numpy()]
    merged = merged[merged["end"] >= START - 365].reset_index(drop=True)
    merged["end"] = np.where(merged["end"] > END, OPEN, merged["end"])
    return merged.drop(columns="priority")


def care_outcomes(cla: pd.DataFrame, dob: IntArray, rng: np.random.Generator) -> pd.DataFrame:
    """How each period of care ended (SSDA903 REC code, empty if still open) and whether the
    child went home; adopted children and those under special guardianship leave for good."""
    end = cla["end"].to_numpy()
    age = (end - dob[cla["person"].to_numpy()]) / 365.25
    u = rng.random(len(cla))
    adult = np.select([u < 0.3, u < 0.6, u < 0.8], ["E17", "E5", "E6"], "E8")
    young = np.select(
        [u < 0.3, u < 0.45, u < 0.55, u < 0.6, u < 0.9], ["E11", "E12", "E45", "E47", "E4A"], "E8"
    )
    older = np.select(
        [u < 0.45, u < 0.55, u < 0.65, u < 0.7, u < 0.8, u < 0.85, u < 0.9],
        ["E4A", "E4B", "E13", "E41", "E47", "E48", "E3"],
        "E8",
    )
    reason = np.where(age >= 17.99, adult, np.where(age < 5, young, older))
    reason = np.where(end > END, "", reason)
    return pd.DataFrame({"reason": reason, "returns_home": np.isin(reason, ["E4A", "E4B", "E13"])})
