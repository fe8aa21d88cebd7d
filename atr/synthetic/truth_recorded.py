"""What the records show: every adverse experience the extracts evidence, by derive's documented rules.

The truth has two sides. ``adversity`` says what truly happened; this module says what the
partners' records show of it, child by child and year by year, applying the mapping rules of
``docs/derive.md`` (from ``national-returns-reference.md`` §5) to the extracts as the generator
wrote them, before any noise or pseudonymisation. With perfect linkage derive must find exactly
these rows (``tests/derive/test_truth_exact.py``); the gap between them and ``adversity`` is the
hidden part of adversity, which is what the programme wants to see.

The rules' code lists are read from the mapping-rules file (``atr.mapping_rules``), as derive
reads them (one file, not two; ``tests/rules/`` pins its codes to the reference by hand);
everything else — dating, the spells, the age limits, the household — is worked out here
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

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.mapping_rules import CP_FIELD, FACTOR_FIELD, NEED_FIELD, SUPPORT_FIELD, load_mapping_rules
from atr.synthetic.demography import END, FY_END, FY_START, OPEN, YEARS
from atr.synthetic.partners import PartnerExtract
from atr.synthetic.world import World

IntArray = npt.NDArray[np.int64]
COLUMNS = ("person", "start", "end", "category", "dataset", "whose", "other", "related")
"""``whose``: ``child`` (the child's own record), ``household`` (an adult's, reaching children by
household), ``violence`` (a crime against the child; ``other`` the suspect, ``related`` whether
the record names the suspect as a parent or household member), ``adult`` (an adult domain) or
``known`` (the person has a record)."""


_MAPPING = load_mapping_rules()
_POLICE, _HOUSING = _MAPPING.police, _MAPPING.housing
_SHORT_BREAKS = _MAPPING.looked_after.short_break_legal_statuses


def _codes(field: str) -> dict[str, str]:
    return _MAPPING.categories_of(field)


def _day(values: Iterable[object]) -> IntArray:
    """Record dates as written: negative or after the window's end means missing (-1)."""
    days = np.asarray(pd.to_numeric(pd.Series(values), errors="coerce").fillna(-1), dtype=np.int64)
    return np.where((days < 0) | (days > END), -1, days)


def _end(values: Iterable[object]) -> IntArray:
    """Spell ends: missing means still open, which derive runs to the end of the last year."""
    days = _day(values)
    return np.where(days < 0, END, days)


class _Evidence:
    def __init__(self) -> None:
        self.parts: list[pd.DataFrame] = []

    def add(self, dataset: str, whose: str, person: object, start: IntArray, end: IntArray,
            category: object, other: object = -1, related: object = False) -> None:  # fmt: skip
        frame = pd.DataFrame({"person": np.asarray(person, dtype=np.int64), "start": start, "end": end,
                              "category": category, "dataset": dataset, "whose": whose, "other": other,
                              "related": related})  # fmt: skip
        ok = (frame["start"] >= 0) & frame["category"].notna() & (frame["category"] != "")
        self.parts.append(frame[ok])


def _csc(t: dict[str, pd.DataFrame], ev: _Evidence) -> None:
    a = t["assessment"].set_index("record_id")
    f = t["assessment_factor"]
    auth = _day(a["authorisation_date"].reindex(f["assessment_id"]).to_numpy())
    day = np.where(auth >= 0, auth, _day(a["start_date"].reindex(f["assessment_id"]).to_numpy()))
    ev.add(
        "csc",
        "child",
        f["person_id"],
        day,
        day,
        f["factor"].str.strip().str.upper().map(_codes(FACTOR_FIELD)),
    )
    plans = t["cp_plan"]
    for column in ("initial_category_of_abuse", "latest_category_of_abuse"):
        code = plans[column].fillna("").astype(str).str.strip().str.upper()
        if column.startswith("latest"):
            initial = plans["initial_category_of_abuse"].fillna("").astype(str).str.strip().str.upper()
            code = code.where(code != initial, "")
        ev.add("csc", "child", plans["person_id"], _day(plans["start_date"]), _end(plans["end_date"]),
               code.map(_codes(CP_FIELD)))  # fmt: skip
    e = t["episode"]
    e = e[~e["referral_nfa"].fillna(False).astype(bool)]
    day = _day(e["referral_date"])
    ev.add(
        "csc",
        "child",
        e["person_id"],
        day,
        day,
        e["primary_need_code"].str.strip().str.upper().map(_codes(NEED_FIELD)),
    )


def _lac(t: dict[str, pd.DataFrame], ev: _Evidence) -> None:
    e = t["episode"]
    legal = e["legal_status"].fillna("").astype(str).str.strip().str.upper()
    e = e[(e["reason_new_episode"].astype(str).str.strip().str.upper() == "S") & ~legal.isin(_SHORT_BREAKS)]
    day = _day(e["start_date"])
    ev.add(
        "lac",
        "child",
        e["person_id"],
        day,
        day,
        e["category_of_need"].str.strip().str.upper().map(_codes(NEED_FIELD)),
    )
    ev.add("lac", "child", e["person_id"], day, day, "separation")  # care entry (tier A or D: one category)


def _police(t: dict[str, pd.DataFrame], ev: _Evidence) -> None:
    occ = t["occurrence"].set_index("record_id")
    inv = t["involvement"]
    day = _day(occ["occurrence_date"].reindex(inv["occurrence_id"]).to_numpy())
    da = occ["da_flag"].reindex(inv["occurrence_id"]).fillna(False).to_numpy(bool)
    role = inv["role"].astype(str).str.lower()
    child_role = role.isin(_POLICE.child_present_roles + _POLICE.child_resident_roles).to_numpy()
    ev.add("police", "child", inv["person_id"], day, day, np.where(da & child_role, "domestic_abuse", ""))
    adult_role = role.isin(_POLICE.adult_roles).to_numpy()
    ev.add("police", "household", inv["person_id"], day, day, np.where(da & adult_role, "domestic_abuse", ""))
    ev.add(
        "police",
        "adult",
        inv["person_id"],
        day,
        day,
        np.where(da & (role == "victim").to_numpy(), "domestic_abuse_victim", ""),
    )
    # violence against a child by a parent or household member: victim x suspect of one crime
    crime = occ["is_notifiable_crime"].fillna(False).astype(bool) & occ["ho_offence_code"].fillna("").astype(
        str
    ).str.strip().isin(_POLICE.violence_offence_codes)
    victims = inv[
        (role == "victim").to_numpy() & crime.reindex(inv["occurrence_id"]).fillna(False).to_numpy(bool)
    ]
    suspects = inv[role.isin(("suspect", "offender")).to_numpy()][["occurrence_id", "person_id"]]
    pairs = victims.merge(suspects, on="occurrence_id", suffixes=("", "_suspect"))
    pairs = pairs[pairs["person_id"] != pairs["person_id_suspect"]]
    day = _day(occ["occurrence_date"].reindex(pairs["occurrence_id"]).to_numpy())
    related = (
        pairs["relationship_to_suspect"]
        .fillna("")
        .astype(str)
        .str.strip()
        .str.lower()
        .isin(_POLICE.parent_relationships)
    )
    ev.add("police", "violence", pairs["person_id"], day, day, "physical_abuse", pairs["person_id_suspect"].to_numpy(np.int64), related.to_numpy())  # fmt: skip


def _housing(t: dict[str, pd.DataFrame], ev: _Evidence) -> None:
    case = t["case"].set_index("record_id")
    m = t["case_member"]
    day = _day(case["approach_date"].reindex(m["case_id"]).to_numpy())
    outcome = case["assessment_outcome"].fillna("").astype(str).str.lower().reindex(m["case_id"]).to_numpy()
    reason = case["reason_loss_settled_home"].fillna("").astype(str).str.lower().reindex(m["case_id"])
    ev.add(
        "housing",
        "child",
        m["person_id"],
        day,
        day,
        np.where(np.isin(outcome, _HOUSING.duty_outcomes), "homelessness", ""),
    )
    ev.add(
        "housing",
        "child",
        m["person_id"],
        day,
        day,
        np.where(
            reason.str.contains(_HOUSING.reason_domestic_abuse_contains).to_numpy(), "domestic_abuse", ""
        ),
    )
    ev.add(
        "housing",
        "child",
        m["person_id"],
        day,
        day,
        np.where(reason.str.contains(_HOUSING.reason_prison_contains).to_numpy(), "household_custody", ""),
    )
    ev.add("housing", "adult", m["person_id"], day, day, "homelessness")
    n = t["support_need"]
    day = _day(case["approach_date"].reindex(n["case_id"]).to_numpy())
    need = n["need"].astype(str).str.strip().str.upper()
    ev.add("housing", "household", n["person_id"], day, day, need.map(_codes(SUPPORT_FIELD)))
    ev.add(
        "housing",
        "adult",
        n["person_id"],
        day,
        day,
        np.where(need == "DOMESTIC_ABUSE", "domestic_abuse_victim", ""),
    )


def _spells(t: dict[str, pd.DataFrame], dataset: str, ev: _Evidence) -> None:
    table, start, end, household, adult = {
        "mental_health": ("referral", "referral_received_date", "discharge_date", "household_mental_ill_health", "mental_health"),
        "substance": ("episode", "referral_date", "discharge_date", "household_substance_misuse", "substance_misuse"),
        "probation": ("custody", "start_date", "release_date", "household_custody", "offending"),
    }[dataset]  # fmt: skip
    x = t[table]
    ev.add(dataset, "household", x["person_id"], _day(x[start]), _end(x[end]), household)
    ev.add(dataset, "adult", x["person_id"], _day(x[start]), _end(x[end]), adult)


def record_evidence(extracts: list[PartnerExtract]) -> pd.DataFrame:
    """Every piece of evidence in one dataset's extracts (true person numbers: run before ``finalize``)."""
    ev = _Evidence()
    for e in extracts:
        people = e.refs["person"].to_numpy(np.int64)
        ev.add(e.dataset, "known", np.unique(people), np.zeros(np.unique(people).size, np.int64),
               np.zeros(np.unique(people).size, np.int64), "known")  # fmt: skip
        t = e.tables
        if e.dataset == "csc":
            _csc(t, ev)
        elif e.dataset == "lac":
            _lac(t, ev)
        elif e.dataset == "school":
            fsm = t["fsm"]
            ev.add(
                "school", "child", fsm["person_id"], _day(fsm["start_date"]), _end(fsm["end_date"]), "poverty"
            )
        elif e.dataset == "police":
            _police(t, ev)
        elif e.dataset == "housing":
            _housing(t, ev)
        elif e.dataset in ("mental_health", "substance", "probation"):
            _spells(t, e.dataset, ev)
    if not ev.parts:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in COLUMNS})
    return pd.concat(ev.parts, ignore_index=True).drop_duplicates()


TRUTH_CATEGORY = {"household_domestic_abuse": "domestic_abuse", "household_imprisonment": "household_custody",
                  "mental_ill_health": "mental_health", "substance_dependency": "substance_misuse"}  # fmt: skip
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
    linkable = np.unique(np.concatenate([ev.loc[ev["whose"] == "household", "person"].to_numpy(np.int64),
                                         ev.loc[ev["whose"] == "violence", "other"].to_numpy(np.int64)]))  # fmt: skip
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
