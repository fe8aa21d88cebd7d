"""What the records show: every adverse experience the extracts evidence, by derive's documented rules.

The truth has two sides. ``adversity`` says what truly happened; this module says what the
partners' records show of it, child by child and year by year, applying the mapping rules of
``docs/derive.md`` (from ``national-returns-reference.md`` §5) to the extracts as the generator
wrote them, before any noise or pseudonymisation. With perfect linkage derive must find exactly
these rows (``tests/derive/test_truth_exact.py``); the gap between them and ``adversity`` is the
hidden part of adversity, which is what the programme wants to see.

The rules' code lists are read from the mapping-rules file (``atr.mapping_rules``), as derive
reads them (one file, not two; ``tests/rules/`` pins its codes to the reference by hand), by
``truth_evidence``, which lists the evidence in the extracts; everything else — dating, the spells, the age limits, the household — is worked out here
independently with pandas on the simulation's own people and households:

- evidence about the child (plans, assessment factors, need codes, care entry, free school meals,
  police occurrences naming the child, the child's homelessness case) is dated as derive dates
  it, spells giving one event per financial year they overlap, dated from the later of the spell
  start and 1 April;
- evidence about an adult (treatment, a mental-health referral, custody, a domestic-abuse
  occurrence, a homelessness support need) reaches a child while the two are members of one true
  household, the adult 18 or over and the child under 18 — what a perfect ``household_link``
  shows;
- ages use year and month of birth with the birthday on the first of the month, as derive must
  (the pseudonymised zone has no day of birth); evidence before that day is "unborn" and not
  counted; only people with at least one record (an entity derive can see) count.

Adults' recorded domains follow ``adult_year``: a member of a homelessness case approaching in the
year, custody, treatment or a mental-health referral overlapping the year, for people 18 by
31 March.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import END, FY_END, FY_START, OPEN, YEARS
from atr.synthetic.truth_evidence import COLUMNS, record_evidence
from atr.synthetic.world import World

IntArray = npt.NDArray[np.int64]
__all__ = ["COLUMNS", "TRUTH_CATEGORY", "birthdays", "record_evidence", "recorded_adversity", "summarise"]


TRUTH_CATEGORY = {
    "household_domestic_abuse": "domestic_abuse",
    "household_imprisonment": "household_custody",
    "mental_ill_health": "mental_health",
    "substance_dependency": "substance_misuse",
}
"""The truth's name for an adversity → the name derive gives what records show of it (others agree)."""
_OPEN_FROM = END + 3650  # the truth files write later membership ends as open


def birthdays(world: World) -> tuple[IntArray, IntArray]:
    """Per person: first day of the birth month, and of the month of the 18th birthday."""
    month = (
        world.pop.people["dob"].to_numpy().astype(np.int64).astype("datetime64[D]").astype("datetime64[M]")
    )
    born = month.astype("datetime64[D]").astype(np.int64)
    adult = (month + np.timedelta64(216, "M")).astype("datetime64[D]").astype(np.int64)
    return born, adult


def _by_year(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per financial year the [start, end] span overlaps, dated from the later of start and 1 April."""
    parts = []
    start, end = frame["start"].to_numpy(), frame["end"].to_numpy()
    for y in range(YEARS):
        hit = (start <= FY_END[y]) & (end >= FY_START[y])
        parts.append(frame[hit].assign(year=y, event_date=np.maximum(start[hit], FY_START[y])))
    return pd.concat(parts, ignore_index=True)


def household_links(world: World, known: IntArray, adults: IntArray) -> pd.DataFrame:
    """(child, adult, valid_from, valid_to): a perfect ``household_link`` for the given adults."""
    _, adult_day = birthdays(world)
    m = world.pop.members[["person", "household", "start", "end"]]
    m = m[np.isin(m["person"].to_numpy(), known)]
    end = m["end"].to_numpy().astype(np.int64)
    m = m.assign(last=np.where((end >= OPEN) | (end > _OPEN_FROM), np.int64(2**40), end - 1))
    a = m[np.isin(m["person"].to_numpy(), adults)]
    pairs = a.merge(m, on="household", suffixes=("_a", "_c"))
    pairs = pairs[pairs["person_a"] != pairs["person_c"]]
    child, adult = pairs["person_c"].to_numpy(np.int64), pairs["person_a"].to_numpy(np.int64)
    valid_from = np.maximum.reduce(
        [pairs["start_c"].to_numpy(), pairs["start_a"].to_numpy(), adult_day[adult]]
    )
    valid_to = np.minimum.reduce(
        [pairs["last_c"].to_numpy(), pairs["last_a"].to_numpy(), adult_day[child] - 1]
    )
    keep = valid_from <= valid_to
    return pd.DataFrame(
        {
            "child": child[keep],
            "adult": adult[keep],
            "valid_from": valid_from[keep],
            "valid_to": valid_to[keep],
        }
    )


def recorded_adversity(world: World, evidence: pd.DataFrame) -> pd.DataFrame:
    """(person, year, subject, category, dataset, about_adult) for every adversity the records show."""
    born, adult_day = birthdays(world)
    known = np.unique(evidence.loc[evidence["whose"] == "known", "person"].to_numpy(np.int64))
    ev = evidence[(evidence["whose"] != "known") & np.isin(evidence["person"].to_numpy(np.int64), known)]
    ev = ev.astype({"person": np.int64, "start": np.int64, "end": np.int64, "other": np.int64})
    linkable = np.unique(
        np.concatenate(
            [
                ev.loc[ev["whose"] == "household", "person"].to_numpy(np.int64),
                ev.loc[ev["whose"] == "violence", "other"].to_numpy(np.int64),
            ]
        )
    )
    links = household_links(world, known, linkable)
    out = []
    own = _by_year(ev[ev["whose"].isin(["child", "violence"])])
    p = own["person"].to_numpy(np.int64)
    own = own[(own["event_date"] >= born[p]) & (own["event_date"] < adult_day[p])]
    violence = own[own["whose"] == "violence"].merge(
        links, left_on=["person", "other"], right_on=["child", "adult"], how="left"
    )
    linked = (violence["valid_from"] <= violence["event_date"]) & (
        violence["valid_to"] >= violence["event_date"]
    )
    violence = violence[violence["related"].astype(bool) | linked]
    own = pd.concat([own[own["whose"] == "child"], violence[own.columns]], ignore_index=True)
    out.append(own.assign(subject="child", about_adult=False))
    hh = ev[ev["whose"] == "household"].merge(links, left_on="person", right_on="adult")
    c = hh["child"].to_numpy(np.int64)
    start = np.maximum.reduce([hh["start"].to_numpy(), hh["valid_from"].to_numpy(), born[c]])
    end = np.minimum.reduce([hh["end"].to_numpy(), hh["valid_to"].to_numpy(), adult_day[c] - 1])
    hh = hh.assign(person=c, start=start, end=end)[start <= end]
    out.append(_by_year(hh).assign(subject="child", about_adult=True))
    adults = _by_year(ev[ev["whose"] == "adult"])
    adults = adults[adult_day[adults["person"].to_numpy(np.int64)] <= FY_END[adults["year"].to_numpy()]]
    out.append(adults.assign(subject="adult", about_adult=False))
    rows = pd.concat(out, ignore_index=True)[
        ["person", "year", "subject", "category", "dataset", "about_adult"]
    ]
    return rows.drop_duplicates().reset_index(drop=True)


def summarise(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (person, year, subject, category): ``recorded_in`` and ``recorded_about_adult_in``."""

    def joined(frame: pd.DataFrame) -> pd.Series:
        return frame.groupby(["person", "year", "subject", "category"])["dataset"].agg(
            lambda d: "|".join(sorted(set(d)))
        )

    own = joined(rows[~rows["about_adult"].to_numpy(bool)]).rename("recorded_in")
    via = joined(rows[rows["about_adult"].to_numpy(bool)]).rename("recorded_about_adult_in")
    return pd.concat([own, via], axis=1).fillna("").reset_index()
