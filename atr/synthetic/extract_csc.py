"""Children's social care extracts (CIN census shape): episodes, assessments and their factors,
child protection plans, and relationships linking children to the adults and siblings around them.

Assessment factors carry the household's true toxic trio with a recording probability:
domestic abuse 80% (3B if the victim is the child's parent, 3C if another household member,
plus 3A for the child in 20%), mental ill-health 70% (4B parent / 4C other), dependency 65%
(1B/1C alcohol, 2B/2C drugs), maltreatment 85% (16A neglect, 17A emotional, 18C physical,
19C sexual); child factors (4A, 5A, 6A, 7A, 10A, 11A, 13A, 14A, 15A, 24A, 20) at low rates.
An authorised assessment with nothing found gets ``21`` alone (short episodes) or ``20``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from atr.synthetic.demography import END, FY_START, OPEN, START, YEARS
from atr.synthetic.partners import PartnerExtract, partner_codes, record_ids
from atr.synthetic.timeline import IntervalIndex
from atr.synthetic.world import World

IntArray = npt.NDArray[np.int64]
SOURCES = np.array(
    ["2A", "3A", "3B", "3E", "3F", "1A", "1C", "5D", "4", "5A", "8", "10", "9", "7", "2B", "6"]
)
SOURCE_P = np.array(
    [0.18, 0.05, 0.04, 0.03, 0.05, 0.07, 0.01, 0.06, 0.02, 0.03, 0.07, 0.02, 0.01, 0.03, 0.02, 0.31]
)
CHILD_FACTORS = (
    ("4A", 0.08, True),
    ("14A", 0.06, True),
    ("10A", 0.03, True),
    ("24A", 0.02, True),
    ("13A", 0.01, True),
    ("15A", 0.03, True),
    ("5A", 0.05, False),
    ("6A", 0.03, False),
    ("20", 0.06, False),
)


def py_rows(world: World, person: IntArray, year: IntArray) -> IntArray:
    """Row of ``world.py`` for each (person, financial year), -1 if absent."""
    index = pd.Series(
        np.arange(len(world.py)),
        index=world.py["person"].to_numpy().astype(np.int64) * YEARS + world.py["year"].to_numpy(),
    )
    rows: IntArray = index.reindex(person.astype(np.int64) * YEARS + year).fillna(-1).to_numpy(np.int64)
    return rows


def year_of(day: IntArray) -> IntArray:
    return np.clip(np.searchsorted(FY_START, day, side="right") - 1, 0, YEARS - 1)


def parent_pairs(world: World) -> npt.NDArray[np.int64]:
    """child × N + parent keys of every parent link (sorted, for ``np.isin``)."""
    p = world.pop.parents
    return np.unique(p["child"].to_numpy().astype(np.int64) * len(world.pop.people) + p["parent"].to_numpy())


def build_csc(world: World) -> list[PartnerExtract]:
    rng = world.rng("extract_csc")
    py = world.py
    cin = world.care["cin"]
    n = len(cin)
    district = py["district"].to_numpy()[cin["row"].to_numpy()]
    start = cin["start"].to_numpy()
    nfa = cin["short"].to_numpy() & (rng.random(n) < 0.3)
    end = np.where(nfa, start + rng.integers(0, 5, n), cin["end"].to_numpy())
    closure = np.where(end > END, -1, end)
    kind = cin["kind"].to_numpy()
    reason = np.where(
        cin["short"].to_numpy(),
        np.where(rng.random(n) < 0.7, "RC8", "RC9"),
        np.where(
            kind == "cla",
            np.where(rng.random(n) < 0.2, "RC1", "RC7"),
            np.where(rng.random(n) < 0.9, "RC7", "RC5"),
        ),
    )
    reason = np.where(closure < 0, "", reason)
    row = cin["row"].to_numpy()
    da, mh, sm = (py[c].to_numpy()[row] for c in ("hh_da", "hh_mh", "hh_sm"))
    maltreated = py["maltreated"].to_numpy()[row]
    source = np.where(
        da & (rng.random(n) < 0.55), "6", SOURCES[rng.choice(SOURCES.size, n, p=SOURCE_P / SOURCE_P.sum())]
    )
    other_need = np.array(["N2", "N4", "N5", "N6", "N7", "N8"])[
        rng.choice(6, n, p=[0.15, 0.3, 0.2, 0.2, 0.05, 0.1])
    ]
    need = np.where(
        maltreated,
        "N1",
        np.where(
            (mh | sm) & (rng.random(n) < 0.5),
            "N3",
            np.where(da, np.where(rng.random(n) < 0.5, "N4", "N5"), other_need),
        ),
    )
    episodes = pd.DataFrame(
        {
            "record_id": record_ids("E", n),
            "person_id": cin["person"].to_numpy(),
            "referral_date": start,
            "referral_source": source,
            "primary_need_code": need,
            "referral_nfa": nfa,
            "closure_date": closure,
            "closure_reason": reason,
            "partner": partner_codes("csc", district),
        }
    )

    # assessments: one per episode (not NFA), a second for episodes running over 400 days
    has = np.flatnonzero(~nfa)
    long = has[(np.where(end >= OPEN, END, end)[has] - start[has]) > 400]
    ep = np.concatenate([has, long])
    a_start = np.concatenate(
        [start[has] + rng.integers(1, 10, has.size), start[long] + 365 + rng.integers(0, 30, long.size)]
    )
    a_start = np.minimum(a_start, end[ep])
    keep = a_start <= END
    ep, a_start = ep[keep], a_start[keep]
    auth = np.minimum(a_start + rng.integers(10, 45, ep.size), end[ep])
    auth = np.where(auth > END, -1, auth)
    assessments = pd.DataFrame(
        {
            "record_id": record_ids("A", ep.size),
            "person_id": cin["person"].to_numpy()[ep],
            "episode_id": episodes["record_id"].to_numpy()[ep],
            "start_date": a_start,
            "authorisation_date": auth,
            "partner": episodes["partner"].to_numpy()[ep],
        }
    )
    factors = _factors(world, assessments, cin["short"].to_numpy()[ep], rng)
    plans = _plans(world, rng)
    relationships = _relationships(world, episodes, rng)
    out = []
    for code in sorted(set(episodes["partner"]) | set(plans["partner"])):
        tables = {
            name: frame[frame["partner"] == code].drop(columns="partner").reset_index(drop=True)
            for name, frame in (
                ("episode", episodes),
                ("assessment", assessments),
                ("assessment_factor", factors),
                ("cp_plan", plans),
                ("relationship", relationships),
            )
        }
        refs = pd.concat(
            [
                tables["episode"][["person_id", "referral_date"]].set_axis(["person", "day"], axis=1),
                tables["cp_plan"][["person_id", "start_date"]].set_axis(["person", "day"], axis=1),
                tables["relationship"][["related_person_id", "start_date"]].set_axis(
                    ["person", "day"], axis=1
                ),
            ]
        )
        refs["day"] = np.clip(refs["day"].to_numpy(), START, END)
        out.append(PartnerExtract("csc", code, refs, tables))
    return out


def _factors(
    world: World, a: pd.DataFrame, short: npt.NDArray[np.bool_], rng: np.random.Generator
) -> pd.DataFrame:
    authorised = np.flatnonzero(a["authorisation_date"].to_numpy() >= 0)
    person = a["person_id"].to_numpy()[authorised].astype(np.int64)
    year = year_of(a["start_date"].to_numpy()[authorised])
    row = py_rows(world, person, year)
    ok = row >= 0
    authorised, person, row, year = authorised[ok], person[ok], row[ok], year[ok]
    py, hy = world.py, world.hy
    hy_index = pd.Series(np.arange(len(hy)), index=hy["household"].to_numpy() * YEARS + hy["year"].to_numpy())
    h = (
        hy_index.reindex(py["household"].to_numpy()[row].astype(np.int64) * YEARS + year)
        .to_numpy()
        .astype(np.int64)
    )
    pairs = parent_pairs(world)
    n_people = len(world.pop.people)

    def is_parent(adult: IntArray) -> npt.NDArray[np.bool_]:
        return np.isin(person * n_people + adult, pairs)

    n = authorised.size
    u = rng.random((n, 8))
    age = py["age"].to_numpy()[row]
    rows: list[tuple[npt.NDArray[np.int64], npt.NDArray[np.str_]]] = []
    da = py["hh_da"].to_numpy()[row] & (u[:, 0] < 0.8)
    rows.append((np.flatnonzero(da), np.where(is_parent(hy["da_victim"].to_numpy()[h]), "3B", "3C")[da]))
    child_subject = da & (u[:, 1] < 0.2)
    rows.append((np.flatnonzero(child_subject), np.full(int(child_subject.sum()), "3A")))
    mh = py["hh_mh"].to_numpy()[row] & (u[:, 2] < 0.7)
    rows.append((np.flatnonzero(mh), np.where(is_parent(hy["mh_person"].to_numpy()[h]), "4B", "4C")[mh]))
    sm = py["hh_sm"].to_numpy()[row] & (u[:, 3] < 0.65)
    letter = np.where(is_parent(hy["sm_person"].to_numpy()[h]), "B", "C")
    rows.append(
        (np.flatnonzero(sm), np.char.add(np.where(hy["sm_alcohol"].to_numpy()[h], "1", "2"), letter)[sm])
    )
    mal = py["maltreatment"].to_numpy()[row]
    seen = (mal != "") & (u[:, 4] < 0.85)
    code = pd.Series(mal).map({"NEG": "16A", "EMO": "17A", "PHY": "18C", "SAB": "19C"}).fillna("").to_numpy()
    rows.append((np.flatnonzero(seen), code[seen]))
    carer_issue = (py["hh_mh"].to_numpy()[row] | py["hh_sm"].to_numpy()[row]) & (u[:, 5] < 0.08)
    rows.append((np.flatnonzero(carer_issue), np.full(int(carer_issue.sum()), "7A")))
    for factor, p, teen_only in CHILD_FACTORS:
        hit = (rng.random(n) < p) & ((age >= 10) | (not teen_only))
        rows.append((np.flatnonzero(hit), np.full(int(hit.sum()), factor)))
    which = np.concatenate([r[0] for r in rows])
    codes = np.concatenate([r[1].astype(str) for r in rows])
    none = np.setdiff1d(np.arange(n), which)
    which = np.concatenate([which, none])
    codes = np.concatenate([codes, np.where(short[authorised][none], "21", "20")])
    frame = (
        pd.DataFrame({"a": authorised[which], "factor": codes}).drop_duplicates().sort_values(["a", "factor"])
    )
    idx = frame["a"].to_numpy()
    return pd.DataFrame(
        {
            "record_id": record_ids("F", len(frame)),
            "person_id": a["person_id"].to_numpy()[idx],
            "assessment_id": a["record_id"].to_numpy()[idx],
            "factor": frame["factor"].to_numpy(),
            "partner": a["partner"].to_numpy()[idx],
        }
    )


def _plans(world: World, rng: np.random.Generator) -> pd.DataFrame:
    cp = world.care["cp"]
    n = len(cp)
    row = cp["row"].to_numpy()
    category = (
        pd.Series(world.py["maltreatment"].to_numpy()[row])
        .map({"NEG": "NEG", "EMO": "EMO", "PHY": "PHY", "SAB": "SAB"})
        .fillna("NEG")
        .to_numpy()
    )
    category = np.where(rng.random(n) < 0.05, "MUL", category)
    latest = np.where(
        rng.random(n) < 0.08, np.array(["NEG", "EMO", "PHY", "MUL"])[rng.integers(0, 4, n)], category
    )
    return pd.DataFrame(
        {
            "record_id": record_ids("P", n),
            "person_id": cp["person"].to_numpy(),
            "start_date": cp["start"].to_numpy(),
            "end_date": np.where(cp["end"].to_numpy() > END, -1, cp["end"].to_numpy()),
            "initial_category_of_abuse": category,
            "latest_category_of_abuse": latest,
            "partner": partner_codes("csc", world.py["district"].to_numpy()[row]),
        }
    )


def _relationships(world: World, episodes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Adults and siblings around each child, as the LA records them at the first referral."""
    first = episodes.sort_values("referral_date").drop_duplicates(["partner", "person_id"])
    child = first["person_id"].to_numpy().astype(np.int64)
    day = np.clip(first["referral_date"].to_numpy(), START, END)
    members = world.pop.members
    spells = IntervalIndex.from_frame(members, "person", "household")
    household = spells.lookup(child, day)
    year = year_of(day)
    a = pd.DataFrame(
        {
            "child": child,
            "day": day,
            "household": household,
            "year": year,
            "partner": first["partner"].to_numpy(),
        }
    )
    py = world.py[["person", "household", "year", "age"]].rename(columns={"person": "other"})
    co = a.merge(py, on=["household", "year"])
    co = co[co["other"] != co["child"]]
    links = world.pop.parents.rename(columns={"parent": "other"})[
        ["child", "other", "relation"]
    ].drop_duplicates(["child", "other"])
    co = co.merge(links, on=["child", "other"], how="left")
    sibling = co["relation"].isna() & ((co["age"] < 25) & (co["age"] >= 0))
    co["relation"] = np.where(
        co["relation"].isna(),
        np.where(
            sibling,
            "sibling",
            np.where(rng.random(len(co)) < 0.6, "parent_partner", "other_household_member"),
        ),
        co["relation"],
    )
    co["lives_with"] = True
    away = a.merge(links, on="child")
    away = away.merge(
        co[["child", "other", "partner"]].assign(present=True), on=["child", "other", "partner"], how="left"
    )
    away = away[away["present"].isna()].drop(columns="present")
    away["lives_with"] = False
    rel = pd.concat(
        [
            co[["child", "other", "relation", "lives_with", "day", "partner"]],
            away[["child", "other", "relation", "lives_with", "day", "partner"]],
        ],
        ignore_index=True,
    )
    left = spells.row(rel["other"].to_numpy().astype(np.int64), rel["day"].to_numpy())
    left_day = np.where(left >= 0, members["end"].to_numpy()[np.maximum(left, 0)], -1)
    end = np.where(
        rel["lives_with"].to_numpy() & (left_day <= END) & (left_day > rel["day"].to_numpy()), left_day, -1
    )
    relation = rel["relation"].to_numpy().astype(str)
    pr = np.isin(relation, ["mother", "father"]) & (
        rel["lives_with"].to_numpy() | (rng.random(len(rel)) < 0.7)
    )
    return pd.DataFrame(
        {
            "record_id": record_ids("R", len(rel)),
            "person_id": rel["child"].to_numpy(),
            "related_person_id": rel["other"].to_numpy(),
            "relationship_type": relation,
            "parental_responsibility": pr,
            "lives_with": rel["lives_with"].to_numpy(),
            "start_date": rel["day"].to_numpy(),
            "end_date": end,
            "partner": rel["partner"].to_numpy(),
        }
    )
