"""Police, mental health, substance misuse, probation, housing, youth justice and GP extracts.

Each turns the truth tables of the simulation into one partner's contract tables. Locations of
police occurrences are the household's address on the day (UPRN geocoded for 85%, postcode
missing for 3%); probation's person table also lists people supervised in the community
(85% of adult offending-years) who have no custody row.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from atr.synthetic.demography import END, FY_START, START
from atr.synthetic.partners import PartnerExtract, partner_codes, record_ids
from atr.synthetic.timeline import IntervalIndex
from atr.synthetic.world import World


def _split(dataset: str, tables: dict[str, pd.DataFrame], refs: pd.DataFrame) -> list[PartnerExtract]:
    """One PartnerExtract per partner code found in the ``partner`` columns."""
    out = []
    for code in sorted(set(refs["partner"])):
        part = {
            name: t[t["partner"] == code].drop(columns="partner").reset_index(drop=True)
            for name, t in tables.items()
        }
        for name, t in part.items():
            if "record_id" not in t.columns:
                t.insert(0, "record_id", record_ids(name[:2].upper(), len(t)))
        r = refs.loc[refs["partner"] == code, ["person", "day"]]
        out.append(
            PartnerExtract(dataset, code, r.assign(day=np.clip(r["day"].to_numpy(), START, END)), part)
        )
    return out


def build_police(world: World) -> list[PartnerExtract]:
    rng = world.rng("extract_police")
    occ, inv = world.police["occurrence"], world.police["involvement"]
    address = IntervalIndex.from_frame(world.history, "household", "address").lookup(
        occ["household"].to_numpy(), occ["day"].to_numpy()
    )
    a = world.source.addresses
    safe = np.maximum(address, 0)
    postcode = np.where(
        (address >= 0) & (rng.random(len(occ)) >= 0.03), a["postcode"].to_numpy().astype(str)[safe], ""
    )
    uprn = np.where(
        (address >= 0) & (rng.random(len(occ)) < 0.85), a["uprn"].to_numpy().astype(str)[safe], ""
    )
    occ_ids = record_ids("OC", len(occ))
    occurrence = pd.DataFrame(
        {
            "record_id": occ_ids,
            "occurrence_date": occ["day"].to_numpy(),
            "da_flag": occ["da_flag"].to_numpy(),
            "is_notifiable_crime": occ["crime"].to_numpy(),
            "ho_offence_code": occ["ho_code"].to_numpy(),
            "dash_risk_level": occ["dash"].to_numpy(),
            "location_postcode": postcode,
            "location_uprn": uprn,
            "partner": "13",
        }
    )
    involvement = pd.DataFrame(
        {
            "occurrence_id": occ_ids[inv["occurrence"].to_numpy()],
            "person_id": inv["person"].to_numpy(),
            "role": inv["role"].to_numpy(),
            "relationship_to_suspect": inv["relationship"].to_numpy(),
            "partner": "13",
        }
    )
    involvement.insert(0, "record_id", record_ids("IN", len(involvement)))
    refs = pd.DataFrame(
        {
            "person": inv["person"].to_numpy(),
            "day": occ["day"].to_numpy()[inv["occurrence"].to_numpy()],
            "partner": "13",
        }
    )
    return _split("police", {"occurrence": occurrence, "involvement": involvement}, refs)


def build_mental_health(world: World) -> list[PartnerExtract]:
    r = world.mental_health
    partner = partner_codes("mental_health", r["district"].to_numpy())
    referral = pd.DataFrame(
        {
            "person_id": r["person"].to_numpy(),
            "referral_received_date": r["received"].to_numpy(),
            "source_of_referral": r["source"].to_numpy(),
            "primary_reason": r["reason"].to_numpy(),
            "team_type": r["team"].to_numpy(),
            "discharge_date": r["discharge"].to_numpy(),
            "partner": partner,
        }
    )
    refs = pd.DataFrame(
        {"person": r["person"].to_numpy(), "day": r["received"].to_numpy(), "partner": partner}
    )
    return _split("mental_health", {"referral": referral}, refs)


def build_substance(world: World) -> list[PartnerExtract]:
    e = world.substance
    partner = partner_codes("substance", e["district"].to_numpy())
    episode = pd.DataFrame(
        {
            "person_id": e["person"].to_numpy(),
            "referral_date": e["referral"].to_numpy(),
            "triage_date": e["triage"].to_numpy(),
            "discharge_date": e["discharge"].to_numpy(),
            "drug_1": e["drug_1"].to_numpy(),
            "drug_2": e["drug_2"].to_numpy(),
            "parental_status": e["parental_status"].to_numpy(),
            "children_living_with_client": e["children_living"].to_numpy(),
            "partner": partner,
        }
    )
    refs = pd.DataFrame(
        {"person": e["person"].to_numpy(), "day": e["referral"].to_numpy(), "partner": partner}
    )
    return _split("substance", {"episode": episode}, refs)


def build_probation(world: World) -> list[PartnerExtract]:
    rng = world.rng("extract_probation")
    c = world.custody
    custody = pd.DataFrame(
        {
            "person_id": c["person"].to_numpy(),
            "start_date": c["start"].to_numpy(),
            "release_date": np.where(c["end"].to_numpy() > END, -1, c["end"].to_numpy()),
            "sentence_type": c["sentence_type"].to_numpy(),
            "partner": "YHP",
        }
    )
    offending = world.py[world.py["offending"].to_numpy()]
    supervised = offending[rng.random(len(offending)) < 0.85]
    refs = pd.concat(
        [
            pd.DataFrame({"person": c["person"].to_numpy(), "day": c["start"].to_numpy()}),
            pd.DataFrame(
                {
                    "person": supervised["person"].to_numpy(),
                    "day": FY_START[supervised["year"].to_numpy()] + 182,
                }
            ),
        ]
    ).assign(partner="YHP")
    return _split("probation", {"custody": custody}, refs)


def build_housing(world: World) -> list[PartnerExtract]:
    h = world.housing
    case = h["case"]
    partner = partner_codes("housing", case["district"].to_numpy())
    case_ids = record_ids("HC", len(case))
    cases = pd.DataFrame(
        {
            "record_id": case_ids,
            "approach_date": case["approach"].to_numpy(),
            "assessment_outcome": case["outcome"].to_numpy(),
            "reason_loss_settled_home": case["reason"].to_numpy(),
            "household_type": case["household_type"].to_numpy(),
            "partner": partner,
        }
    )
    m, need = h["member"], h["need"]
    members = pd.DataFrame(
        {
            "record_id": record_ids("HM", len(m)),
            "case_id": case_ids[m["case"].to_numpy()],
            "person_id": m["person"].to_numpy(),
            "relationship_to_applicant": m["relationship"].to_numpy(),
            "partner": partner[m["case"].to_numpy()],
        }
    )
    needs = pd.DataFrame(
        {
            "record_id": record_ids("HN", len(need)),
            "case_id": case_ids[need["case"].to_numpy()],
            "person_id": need["person"].to_numpy(),
            "need": need["need"].to_numpy(),
            "partner": partner[need["case"].to_numpy()],
        }
    )
    refs = pd.DataFrame(
        {
            "person": m["person"].to_numpy(),
            "day": case["approach"].to_numpy()[m["case"].to_numpy()],
            "partner": partner[m["case"].to_numpy()],
        }
    )
    return _split("housing", {"case": cases, "case_member": members, "support_need": needs}, refs)


def build_youth_justice(world: World) -> list[PartnerExtract]:
    y = world.youth_justice
    partner = partner_codes("youth_justice", y["district"].to_numpy())
    outcome = pd.DataFrame(
        {
            "person_id": y["person"].to_numpy(),
            "offence_date": y["offence"].to_numpy(),
            "outcome_date": y["outcome"].to_numpy(),
            "outcome_type": y["outcome_type"].to_numpy(),
            "gravity_score": y["gravity"].to_numpy(),
            "is_first_time_entrant": y["first_time"].to_numpy(),
            "partner": partner,
        }
    )
    refs = pd.DataFrame(
        {"person": y["person"].to_numpy(), "day": y["outcome"].to_numpy(), "partner": partner}
    )
    return _split("youth_justice", {"outcome": outcome}, refs)


def build_gp(world: World) -> list[PartnerExtract]:
    g = world.gp
    registration = pd.DataFrame(
        {
            "person_id": g["person"].to_numpy(),
            "practice_code": g["practice"].to_numpy(),
            "start_date": g["start"].to_numpy(),
            "end_date": g["end"].to_numpy(),
            "partner": "QWO",
        }
    )
    refs = pd.DataFrame(
        {
            "person": g["person"].to_numpy(),
            "day": np.where(g["end"].to_numpy() < 0, END, g["end"].to_numpy() - 1),
            "partner": "QWO",
        }
    )
    return _split("gp_registration", {"registration": registration}, refs)


def build_programme(world: World) -> list[PartnerExtract]:
    """Participation sent by whoever delivers each programme (council, NHS trust, charity)."""
    p = world.participation
    participation = pd.DataFrame(
        {
            "person_id": p["person"].to_numpy(),
            "programme_code": p["programme"].to_numpy(),
            "provider_code": p["provider"].to_numpy(),
            "referral_date": p["referral"].to_numpy(),
            "start_date": p["start"].to_numpy(),
            "end_date": p["end"].to_numpy(),
            "sessions_offered": p["offered"].to_numpy(),
            "sessions_attended": p["attended"].to_numpy(),
            "exit_reason": p["exit_reason"].to_numpy(),
            "partner": p["partner"].to_numpy(),
        }
    )
    refs = pd.DataFrame(
        {"person": p["person"].to_numpy(), "day": p["start"].to_numpy(), "partner": p["partner"].to_numpy()}
    )
    return _split("programme", {"participation": participation}, refs)
