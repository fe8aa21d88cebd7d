"""A small, seeded population of families seen by several partners, for the link tests.

Writing it into a warehouse and as ``atr synth``-style truth files is in ``records.py``.

Independent of ``atr.synthetic`` on purpose: the tests need a few hundred people whose truth is
obvious, with exactly the noise each test is about (nicknames, transposed dates of birth,
surname changes, missing identifiers), written straight into ``identity_person`` and the
content tables in the shapes docs/tables.md fixes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_NAMES = yaml.safe_load(
    (Path(__file__).parent / "data" / "population_names.yaml").read_text(encoding="utf-8")
)
FORENAMES_M: list[str] = _NAMES["forenames_male"]
FORENAMES_F: list[str] = _NAMES["forenames_female"]
NICKNAMES: dict[str, str] = _NAMES["nicknames"]
SURNAMES: list[str] = _NAMES["surnames"]
OUTWARDS = ["LS6", "LS9", "BD3", "BD8", "HX1", "HD1", "WF1", "LS11"]
EXTRACT_DATE = dt.date(2025, 3, 31)


@dataclass
class Person:
    true_id: str
    forename: str
    surname: str
    dob: dt.date
    sex: str
    nhs: str
    upn: str | None
    is_child: bool
    household: int
    uprn: str
    postcode: str
    former_surname: str | None = None


@dataclass
class Population:
    people: list[Person]
    households: dict[int, list[Person]]
    identity_rows: list[dict[str, Any]] = field(default_factory=list)
    truth: list[dict[str, str]] = field(default_factory=list)  # dataset, partner_code, person_id, true_id
    content: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _hash(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}|{value}".encode()).hexdigest()[:32]


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _postcode(rng: random.Random) -> str:
    return f"{rng.choice(OUTWARDS)} {rng.randrange(1, 9)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"


def make_people(families: int, seed: int = 7) -> Population:
    rng = random.Random(seed)
    people: list[Person] = []
    households: dict[int, list[Person]] = {}
    for h in range(families):
        surname = rng.choice(SURNAMES)
        postcode, uprn = _postcode(rng), f"{100000 + h}"
        members: list[Person] = []
        mother_dob = dt.date(rng.randrange(1975, 1995), rng.randrange(1, 13), rng.randrange(1, 29))
        members.append(
            Person(
                f"P{len(people) + len(members)}",
                rng.choice(FORENAMES_F),
                surname,
                mother_dob,
                "F",
                f"N{h}a",
                None,
                False,
                h,
                uprn,
                postcode,
                former_surname=rng.choice(SURNAMES) if rng.random() < 0.3 else None,
            )
        )
        if rng.random() < 0.7:
            dob = dt.date(mother_dob.year - rng.randrange(0, 6), rng.randrange(1, 13), rng.randrange(1, 29))
            members.append(
                Person(
                    f"P{len(people) + len(members)}",
                    rng.choice(FORENAMES_M),
                    surname,
                    dob,
                    "M",
                    f"N{h}b",
                    None,
                    False,
                    h,
                    uprn,
                    postcode,
                )
            )
        for c in range(rng.randrange(1, 4)):
            sex = rng.choice("MF")
            dob = dt.date(rng.randrange(2008, 2022), rng.randrange(1, 13), rng.randrange(1, 29))
            name = rng.choice(FORENAMES_M if sex == "M" else FORENAMES_F)
            members.append(
                Person(
                    f"P{len(people) + len(members)}",
                    name,
                    surname,
                    dob,
                    sex,
                    f"N{h}c{c}",
                    f"U{h}c{c}",
                    True,
                    h,
                    uprn,
                    postcode,
                )
            )
        people += members
        households[h] = members
    return Population(people, households)


def _row(dataset: str, partner: str, pid: str, p: Person, rng: random.Random, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "dataset": dataset,
        "partner_code": partner,
        "person_id": pid,
        "nhs_number_hash": None,
        "nhs_number_status": "missing",
        "upn_hash": None,
        "upn_status": "missing",
        "la_child_id_hash": None,
        "pnc_id_hash": None,
        "uprn_hash": _hash("uprn", p.uprn),
        "forename": p.forename,
        "middle_names": None,
        "surname": p.surname,
        "former_surname": p.former_surname,
        "date_of_birth": p.dob,
        "birth_year": p.dob.year,
        "birth_month": p.dob.month,
        "sex": p.sex,
        "ethnicity_code": "WBRI",
        "postcode": p.postcode,
        "postcode_outward": p.postcode.split()[0],
        "postcode_sector": p.postcode[:-2],
        "lsoa11_code": "E01011" + str(int(_hash("lsoa", p.postcode), 16) % 900 + 100),
        "address_line_1": f"{p.household % 97 + 1} high street",
        "town": "leeds",
        "extract_date": EXTRACT_DATE,
    }
    row.update(over)
    roll = rng.random()
    if roll < 0.08:
        row["forename"] = _typo(rng, row["forename"])
    elif roll < 0.16 and row["forename"] in NICKNAMES:
        row["forename"] = NICKNAMES[row["forename"]]
    if rng.random() < 0.05 and row["date_of_birth"] and row["date_of_birth"].day <= 12:
        d = row["date_of_birth"]
        row["date_of_birth"] = dt.date(d.year, d.day, d.month)
        row["birth_month"] = d.day
    if rng.random() < 0.05:
        row["surname"] = _typo(rng, row["surname"])
    return row


def record_everyone(pop: Population, seed: int = 11, *, police_nhs: bool = False) -> Population:
    """Make partner records of the population: health sees everyone, others see some."""
    rng = random.Random(seed)
    rows, truth = pop.identity_rows, pop.truth
    content: dict[str, list[dict[str, Any]]] = {
        "csc_relationship": [],
        "school_contact": [],
        "housing_case": [],
        "housing_case_member": [],
        "police_occurrence": [],
        "police_involvement": [],
    }
    pop.content = content

    def add(dataset: str, partner: str, pid: str, p: Person, **over: Any) -> None:
        rows.append(_row(dataset, partner, pid, p, rng, **over))
        truth.append({"dataset": dataset, "partner_code": partner, "person_id": pid, "true_id": p.true_id})

    for p in pop.people:
        status = "valid" if rng.random() < 0.97 else "invalid"
        add(
            "gp_registration",
            "QWO",
            f"gp{p.true_id}",
            p,
            nhs_number_hash=_hash("nhs", p.nhs) if status == "valid" else None,
            nhs_number_status=status,
        )
    for h, members in pop.households.items():
        adults = [m for m in members if not m.is_child]
        children = [m for m in members if m.is_child]
        partner = ["380", "383"][h % 2]
        if h % 3 == 0:  # children's social care: children with LA ids, parents related
            for c in children:
                add(
                    "csc",
                    partner,
                    f"c{c.true_id}",
                    c,
                    la_child_id_hash=_hash("la", f"{partner}|{c.true_id}"),
                    upn_hash=_hash("upn", c.upn or ""),
                    upn_status="valid",
                )
                if h % 6 == 0:  # a second, duplicate social-care record sharing the LA child id
                    add(
                        "csc",
                        partner,
                        f"c{c.true_id}dup",
                        c,
                        la_child_id_hash=_hash("la", f"{partner}|{c.true_id}"),
                    )
            for a in adults:
                add("csc", partner, f"c{a.true_id}", a)
            for c in children:
                for a in adults:
                    content["csc_relationship"].append(
                        {
                            "dataset": "csc",
                            "partner_code": partner,
                            "record_id": f"r{c.true_id}{a.true_id}",
                            "person_id": f"c{c.true_id}",
                            "related_person_id": f"c{a.true_id}",
                            "relationship_type": "mother" if a.sex == "F" else "father",
                            "parental_responsibility": True,
                            "lives_with": True,
                            "start_date": dt.date(2020, 1, 1),
                            "end_date": None,
                        }
                    )
        if h % 3 != 1:  # school: pupils with UPNs, parents as contacts
            for c in children:
                add(
                    "school",
                    partner,
                    f"s{c.true_id}",
                    c,
                    upn_hash=_hash("upn", c.upn or ""),
                    upn_status="valid",
                )
            for a in adults:
                add("school", partner, f"s{a.true_id}", a)
                for c in children:
                    content["school_contact"].append(
                        {
                            "dataset": "school",
                            "partner_code": partner,
                            "record_id": f"k{c.true_id}{a.true_id}",
                            "person_id": f"s{c.true_id}",
                            "contact_person_id": f"s{a.true_id}",
                            "relationship": "mother" if a.sex == "F" else "father",
                            "parental_responsibility": True,
                        }
                    )
        if h % 5 == 0 and adults:  # police: a domestic-abuse occurrence with the children present
            occ = f"o{h}"
            content["police_occurrence"].append(
                {
                    "dataset": "police",
                    "partner_code": "13",
                    "record_id": occ,
                    "occurrence_date": dt.date(2023, 6, 1),
                }
            )
            for a in adults:
                add(
                    "police",
                    "13",
                    f"p{a.true_id}",
                    a,
                    nhs_number_hash=_hash("nhs", a.nhs) if police_nhs else None,
                    nhs_number_status="valid" if police_nhs else "missing",
                )
                content["police_involvement"].append(
                    {
                        "dataset": "police",
                        "partner_code": "13",
                        "record_id": f"i{occ}{a.true_id}",
                        "occurrence_id": occ,
                        "person_id": f"p{a.true_id}",
                        "role": "victim" if a.sex == "F" else "suspect",
                    }
                )
            for c in children:
                add("police", "13", f"p{c.true_id}", c)
                content["police_involvement"].append(
                    {
                        "dataset": "police",
                        "partner_code": "13",
                        "record_id": f"i{occ}{c.true_id}",
                        "occurrence_id": occ,
                        "person_id": f"p{c.true_id}",
                        "role": "child_resident",
                    }
                )
        if h % 7 == 0 and adults:  # housing: a homelessness case with the family as members
            case = f"h{h}"
            content["housing_case"].append(
                {
                    "dataset": "housing",
                    "partner_code": partner,
                    "record_id": case,
                    "approach_date": dt.date(2022, 9, 1),
                }
            )
            for i, m in enumerate(members):
                add("housing", partner, f"h{m.true_id}", m)
                content["housing_case_member"].append(
                    {
                        "dataset": "housing",
                        "partner_code": partner,
                        "record_id": f"m{case}{m.true_id}",
                        "case_id": case,
                        "person_id": f"h{m.true_id}",
                        "relationship_to_applicant": "child"
                        if m.is_child
                        else ("main_applicant" if i == 0 else "partner"),
                    }
                )
    return pop
