"""Looked-after children (SSDA903 shape) and school census extracts.

A period of care becomes 1-5 episodes: the first starts with ``S``; later ones change
placement (``P``), legal status (``L``, interim C1 becoming a full C2 order) or both (``B``);
every non-final episode ends ``X1``. The final reason (adoption, special guardianship, home,
18th birthday …) is the truth's. ``home_postcode`` is the home the child left (5% missing).
The LA's ``person_id`` is shared with its social-care extract (one case system).

School: one enrolment row per pupil per academic year, termly attendance, suspensions and
exclusions, SEN, FSM spells, and contacts (resident parents with parental responsibility,
step-parents as carers, 40% of non-resident fathers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atr.synthetic.demography import END, START
from atr.synthetic.identity import IdentitySource
from atr.synthetic.partners import PartnerExtract, partner_codes, record_ids
from atr.synthetic.schooling import AY_LABELS, AY_START
from atr.synthetic.timeline import IntervalIndex
from atr.synthetic.world import World

PLACEMENTS_YOUNG = (
    ("U4", 0.25),
    ("U6", 0.3),
    ("U1", 0.1),
    ("U3", 0.12),
    ("A4", 0.08),
    ("P1", 0.05),
    ("R3", 0.02),
    ("Z1", 0.08),
)
PLACEMENTS_TEEN = (
    ("U4", 0.2),
    ("U6", 0.22),
    ("U3", 0.08),
    ("K2", 0.25),
    ("H5", 0.08),
    ("P1", 0.05),
    ("K1", 0.02),
    ("R1", 0.03),
    ("Z1", 0.07),
)


def build_lac(world: World, source: IdentitySource) -> list[PartnerExtract]:
    rng = world.rng("extract_lac")
    cla = world.care["cla"].reset_index(drop=True)
    reason_final = world.care["cla_outcome"]["reason"].to_numpy()
    dob = world.pop.people["dob"].to_numpy()
    start = cla["start"].to_numpy()
    end = cla["end"].to_numpy()
    stop = np.minimum(end, END)
    years = (stop - start) / 365.25
    k = 1 + np.minimum(rng.poisson(0.5 * np.maximum(years, 0)), 4)
    period = np.repeat(np.arange(len(cla)), k)
    order = pd.Series(period).groupby(period).cumcount().to_numpy()
    cut = start[period] + (rng.random(period.size) * np.maximum(stop - start, 0)[period]).astype(np.int64)
    ep_start = np.where(order == 0, start[period], cut)
    frame = pd.DataFrame({"period": period, "start": ep_start}).sort_values(
        ["period", "start"], kind="stable"
    )
    frame["start"] = frame.groupby("period")["start"].cummax()
    frame = frame.drop_duplicates(["period", "start"]).reset_index(drop=True)
    period = frame["period"].to_numpy()
    ep_start = frame["start"].to_numpy()
    last = np.r_[period[1:] != period[:-1], True]
    ep_end = np.where(last, np.where(end[period] > END, -1, end[period]), np.r_[ep_start[1:], 0])
    first = np.r_[True, period[1:] != period[:-1]]
    n = period.size
    age = (ep_start - dob[cla["person"].to_numpy()[period]]) / 365.25
    rne = np.where(first, "S", np.array(["P", "P", "P", "L", "B", "T"])[rng.integers(0, 6, n)])
    initial = np.array(["C1", "C1", "V2", "V2", "C2", "L1", "E1"])[rng.integers(0, 7, n)]
    initial = np.where((age >= 12) & (rng.random(n) < 0.05), "J1", initial)
    legal = np.where(first, initial, np.where(rne == "L", "C2", ""))
    legal_series = pd.Series(legal, dtype=object)
    legal_series[legal == ""] = None
    legal = legal_series.groupby(period).ffill().fillna("C2").to_numpy()
    placement = np.empty(n, dtype=object)
    for teen, options in ((False, PLACEMENTS_YOUNG), (True, PLACEMENTS_TEEN)):
        at = np.flatnonzero((age >= 11) == teen)
        codes, p = zip(*options, strict=True)
        placement[at] = np.array(codes)[rng.choice(len(codes), at.size, p=np.array(p) / sum(p))]
    placement = np.where((placement == "H5") & (ep_start >= AY_START[5]), "K3", placement)
    ceased = np.where(last, reason_final[period], "X1")
    ceased = np.where(ep_end < 0, "", ceased)
    maltreated_need = np.where(
        rng.random(n) < 0.62, "N1", np.array(["N2", "N4", "N5", "N6", "N8"])[rng.integers(0, 5, n)]
    )
    need = pd.Series(maltreated_need).groupby(period).transform("first").to_numpy()
    home = source.address_on(cla["person"].to_numpy()[period], np.maximum(start[period] - 1, START))
    postcode = np.where(
        home >= 0, source.addresses["postcode"].to_numpy().astype(str)[np.maximum(home, 0)], ""
    )
    postcode = np.where(rng.random(n) < 0.05, "", postcode)
    district = world.py["district"].to_numpy()[cla["row"].to_numpy()[period]]
    episodes = pd.DataFrame(
        {
            "record_id": record_ids("L", n),
            "person_id": cla["person"].to_numpy()[period],
            "start_date": ep_start,
            "end_date": ep_end,
            "reason_new_episode": rne,
            "legal_status": legal,
            "category_of_need": need,
            "placement_type": placement.astype(str),
            "reason_episode_ceased": ceased,
            "home_postcode": postcode,
            "partner": partner_codes("lac", district),
        }
    )
    out = []
    for code in sorted(set(episodes["partner"])):
        table = episodes[episodes["partner"] == code].drop(columns="partner").reset_index(drop=True)
        refs = pd.DataFrame(
            {
                "person": table["person_id"].to_numpy(),
                "day": np.clip(table["start_date"].to_numpy(), START, END),
            }
        )
        out.append(PartnerExtract("lac", code, refs, {"episode": table}))
    return out


def build_school(world: World) -> list[PartnerExtract]:
    rng = world.rng("extract_school")
    s = world.school
    enrol = s["enrolment"]
    tables = {
        "enrolment": pd.DataFrame(
            {
                "person_id": enrol["person"],
                "urn": enrol["urn"].astype(str).astype("category"),
                "academic_year": pd.Categorical.from_codes(enrol["ay"], categories=list(AY_LABELS)),
                "entry_date": enrol["entry"],
                "leaving_date": enrol["leaving"],
                "enrol_status": "C",
                "district": enrol["district"],
            }
        ),
        "attendance": pd.DataFrame(
            {
                "person_id": s["attendance"]["person"],
                "academic_year": pd.Categorical.from_codes(s["attendance"]["ay"], categories=list(AY_LABELS)),
                "term": s["attendance"]["term"],
                "sessions_possible": s["attendance"]["possible"],
                "sessions_authorised_absence": s["attendance"]["authorised"],
                "sessions_unauthorised_absence": s["attendance"]["unauthorised"],
                "district": s["attendance"]["district"],
            }
        ),
        "exclusion": pd.DataFrame(
            {
                "person_id": s["exclusion"]["person"],
                "category": s["exclusion"]["category"],
                "start_date": s["exclusion"]["start"],
                "sessions": s["exclusion"]["sessions"],
                "reason_1": s["exclusion"]["reason"],
                "district": s["exclusion"]["district"],
            }
        ),
        "sen": pd.DataFrame(
            {
                "person_id": s["sen"]["person"],
                "academic_year": pd.Categorical.from_codes(s["sen"]["ay"], categories=list(AY_LABELS)),
                "sen_provision": s["sen"]["sen"],
                "sen_type": s["sen"]["sen_type"],
                "district": s["sen"]["district"],
            }
        ),
        "fsm": pd.DataFrame(
            {
                "person_id": s["fsm"]["person"],
                "start_date": s["fsm"]["start"],
                "end_date": s["fsm"]["end"],
                "district": s["fsm"]["district"],
            }
        ),
    }
    last = enrol.sort_values("ay").drop_duplicates(["district", "person"], keep="last")
    pupils = pd.DataFrame(
        {
            "person": last["person"].to_numpy(),
            "day": np.minimum(AY_START[last["ay"].to_numpy()] + 60, END),
            "district": last["district"].to_numpy(),
        }
    )
    tables["contact"] = _contacts(world, pupils, rng)
    out = []
    for d in sorted(set(enrol["district"])):
        code = str(partner_codes("school", np.array([d]))[0])
        part = {
            name: frame[frame["district"] == d].drop(columns="district").reset_index(drop=True)
            for name, frame in tables.items()
        }
        for name, frame in part.items():
            frame.insert(0, "record_id", record_ids(name[:2].upper(), len(frame)))
        contact = part["contact"]
        refs = pd.concat(
            [
                pupils.loc[pupils["district"] == d, ["person", "day"]],
                pd.DataFrame(
                    {"person": contact["contact_person_id"].to_numpy(), "day": contact["day"].to_numpy()}
                ),
            ]
        )
        part["contact"] = contact.drop(columns="day")
        out.append(PartnerExtract("school", code, refs, part))
    return out


def _contacts(world: World, pupils: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    links = world.pop.parents.drop_duplicates(["child", "parent"])
    m = pupils.merge(links, left_on="person", right_on="child")
    spells = IntervalIndex.from_frame(world.pop.members, "person", "household")
    together = spells.lookup(m["parent"].to_numpy(), m["day"].to_numpy()) == spells.lookup(
        m["child"].to_numpy(), m["day"].to_numpy()
    )
    relation = m["relation"].to_numpy().astype(str)
    keep = together | ((relation == "father") & (rng.random(len(m)) < 0.4))
    m, together, relation = m[keep], together[keep], relation[keep]
    contact_relation = np.where(relation == "step_parent", "carer", relation)
    pr = (contact_relation != "carer") & (together | (rng.random(len(m)) < 0.7))
    return pd.DataFrame(
        {
            "person_id": m["child"].to_numpy(),
            "contact_person_id": m["parent"].to_numpy(),
            "relationship": contact_relation,
            "parental_responsibility": pr,
            "district": m["district"].to_numpy(),
            "day": m["day"].to_numpy(),
        }
    )
