"""Every piece of evidence in the extracts as the generator wrote them, for the recorded truth.

Reads each dataset's tables before noise and pseudonymisation (true person numbers) and lists,
per person, what derive's mapping rules make of each record: the category, its dates (a spell's
start and end, a point's day) and whose evidence it is. The rules' code lists come from the
mapping-rules file (``atr.mapping_rules``), as derive reads them; ``truth_recorded`` then applies
dating, households and ages to these rows.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.mapping_rules import CP_FIELD, FACTOR_FIELD, NEED_FIELD, SUPPORT_FIELD, load_mapping_rules
from atr.synthetic.demography import END
from atr.synthetic.partners import PartnerExtract

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

    def add(
        self,
        dataset: str,
        whose: str,
        person: object,
        start: IntArray,
        end: IntArray,
        category: object,
        other: object = -1,
        related: object = False,
    ) -> None:
        frame = pd.DataFrame(
            {
                "person": np.asarray(person, dtype=np.int64),
                "start": start,
                "end": end,
                "category": category,
                "dataset": dataset,
                "whose": whose,
                "other": other,
                "related": related,
            }
        )
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
        ev.add(
            "csc",
            "child",
            plans["person_id"],
            _day(plans["start_date"]),
            _end(plans["end_date"]),
            code.map(_codes(CP_FIELD)),
        )
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
    ev.add(
        "police",
        "violence",
        pairs["person_id"],
        day,
        day,
        "physical_abuse",
        pairs["person_id_suspect"].to_numpy(np.int64),
        related.to_numpy(),
    )


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
        "mental_health": (
            "referral",
            "referral_received_date",
            "discharge_date",
            "household_mental_ill_health",
            "mental_health",
        ),
        "substance": (
            "episode",
            "referral_date",
            "discharge_date",
            "household_substance_misuse",
            "substance_misuse",
        ),
        "probation": ("custody", "start_date", "release_date", "household_custody", "offending"),
    }[dataset]
    x = t[table]
    ev.add(dataset, "household", x["person_id"], _day(x[start]), _end(x[end]), household)
    ev.add(dataset, "adult", x["person_id"], _day(x[start]), _end(x[end]), adult)


def record_evidence(extracts: list[PartnerExtract]) -> pd.DataFrame:
    """Every piece of evidence in one dataset's extracts (true person numbers: run before ``finalize``)."""
    ev = _Evidence()
    for e in extracts:
        people = e.refs["person"].to_numpy(np.int64)
        ev.add(
            e.dataset,
            "known",
            np.unique(people),
            np.zeros(np.unique(people).size, np.int64),
            np.zeros(np.unique(people).size, np.int64),
            "known",
        )
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
