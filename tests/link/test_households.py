"""Household links: each evidence source, its confidence, and the age and self-link rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from atr.link.entities import write_entity_tables
from atr.link.households import HouseholdSummary, write_household_links
from atr.link.settings import LinkSettings
from atr.warehouse import Warehouse, open_warehouse

from .records import identity_row, write_identity
from .test_deterministic import cluster

CHILD = {"forename": "ava", "date_of_birth": dt.date(2015, 3, 2), "sex": "F"}
MUM = {"forename": "sarah", "date_of_birth": dt.date(1988, 7, 9), "sex": "F"}
DAD = {
    "forename": "tom",
    "date_of_birth": dt.date(1985, 1, 4),
    "sex": "M",
    "postcode": "BD3 9XX",
    "uprn_hash": "u9",
}


def households(
    wh: Warehouse, content: dict[str, list[dict[str, Any]]], settings: LinkSettings | None = None
) -> tuple[list[dict[str, Any]], dict[str, str], HouseholdSummary]:
    settings = settings or LinkSettings()
    for table, rows in content.items():
        wh.write_arrow(table, pa.Table.from_pylist(rows))
    entities, _ = cluster(wh, settings)
    write_entity_tables(wh)
    summary = write_household_links(wh, settings)
    links = wh.rows("SELECT * FROM household_link ORDER BY link_type, child_entity_id, adult_entity_id")
    return links, entities, summary


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    return open_warehouse(tmp_path / "atr.duckdb")


def test_social_care_relationships_skip_siblings_and_weigh_living_apart(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("csc", "383", "c", **CHILD),
            identity_row("csc", "383", "m", **MUM),
            identity_row("csc", "383", "d", **DAD),
            identity_row("csc", "383", "s", forename="leo", date_of_birth=dt.date(2012, 1, 1)),
        ],
    )

    def rel(related: str, kind: str, lives: bool) -> dict[str, Any]:
        return {
            "dataset": "csc",
            "partner_code": "383",
            "record_id": related,
            "person_id": "c",
            "related_person_id": related,
            "relationship_type": kind,
            "parental_responsibility": True,
            "lives_with": lives,
            "start_date": dt.date(2020, 1, 1),
            "end_date": None,
        }

    links, e, summary = households(
        wh,
        {
            "csc_relationship": [
                rel("m", "mother", True),
                rel("d", "father", False),
                rel("s", "sibling", True),
            ]
        },
    )
    by_adult = {link["adult_entity_id"]: link for link in links if link["link_type"] == "csc_relationship"}
    assert set(by_adult) == {e["m"], e["d"]}
    assert by_adult[e["m"]]["confidence"] == pytest.approx(0.99)  # lives with, same address
    assert by_adult[e["d"]]["confidence"] == pytest.approx(0.15)  # lives apart, different address
    assert by_adult[e["m"]]["valid_from"] == dt.date(2020, 1, 1) and by_adult[e["m"]]["valid_to"] is None
    assert {link["link_type"] for link in links} == {"csc_relationship", "same_uprn_overlap"}
    assert summary.evidence_rows["csc_relationship"] == 2
    assert any("school_contact_pr" in note for note in summary.missing_sources)


def test_school_contacts_count_only_with_parental_responsibility(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("school", "383", "c", **CHILD),
            identity_row("school", "383", "m", **MUM),
            identity_row("school", "383", "d", **{**DAD, "postcode": None, "uprn_hash": None}),
        ],
    )

    def contact(adult: str, pr: bool) -> dict[str, Any]:
        return {
            "dataset": "school",
            "partner_code": "383",
            "record_id": adult,
            "person_id": "c",
            "contact_person_id": adult,
            "relationship": "carer",
            "parental_responsibility": pr,
        }

    links, e, _ = households(wh, {"school_contact": [contact("m", True), contact("d", False)]})
    school = [link for link in links if link["link_type"] == "school_contact_pr"]
    assert [(link["adult_entity_id"], link["confidence"]) for link in school] == [
        (e["m"], pytest.approx(0.99))
    ]
    assert school[0]["valid_from"] is None and school[0]["valid_to"] is None  # no dates in the source


def test_housing_cases_link_children_to_applicant_and_partner_not_to_each_other(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("housing", "380", "c", **CHILD),
            identity_row("housing", "380", "c2", forename="mia", date_of_birth=dt.date(2017, 1, 1)),
            identity_row("housing", "380", "m", **MUM),
        ],
    )
    member = [("c", "child"), ("c2", "child"), ("m", "main_applicant")]
    content: dict[str, list[dict[str, Any]]] = {
        "housing_case": [
            {
                "dataset": "housing",
                "partner_code": "380",
                "record_id": "h1",
                "approach_date": dt.date(2023, 5, 1),
            }
        ],
        "housing_case_member": [
            {
                "dataset": "housing",
                "partner_code": "380",
                "record_id": f"r{p}",
                "case_id": "h1",
                "person_id": p,
                "relationship_to_applicant": role,
            }
            for p, role in member
        ],
    }
    links, e, _ = households(wh, content)
    hclic = [link for link in links if link["link_type"] == "hclic_household"]
    assert sorted(link["child_entity_id"] for link in hclic) == sorted([e["c"], e["c2"]])
    assert {link["adult_entity_id"] for link in hclic} == {e["m"]}
    assert all(link["valid_from"] == link["valid_to"] == dt.date(2023, 5, 1) for link in hclic)


def test_police_occurrences_give_resident_and_present_links_by_role(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("police", "13", "c", **CHILD),
            identity_row(
                "police", "13", "k", forename="ben", date_of_birth=dt.date(2016, 1, 1), postcode=None
            ),
            identity_row("police", "13", "v", **MUM),
            identity_row("police", "13", "s", **{**DAD, "postcode": None, "uprn_hash": None}),
        ],
    )
    roles = [("c", "child_resident"), ("k", "child_present"), ("v", "victim"), ("s", "suspect")]
    content: dict[str, list[dict[str, Any]]] = {
        "police_occurrence": [
            {
                "dataset": "police",
                "partner_code": "13",
                "record_id": "o1",
                "occurrence_date": dt.date(2022, 2, 2),
            }
        ],
        "police_involvement": [
            {
                "dataset": "police",
                "partner_code": "13",
                "record_id": f"i{p}",
                "occurrence_id": "o1",
                "person_id": p,
                "role": role,
            }
            for p, role in roles
        ],
    }
    links, e, _ = households(wh, content)
    found = {
        (link["link_type"], link["child_entity_id"], link["adult_entity_id"]): link["confidence"]
        for link in links
        if link["link_type"].startswith("police")
    }
    assert found[("police_child_resident", e["c"], e["v"])] == pytest.approx(0.99)  # victim, same address
    assert found[("police_child_resident", e["c"], e["s"])] == pytest.approx(0.55)  # suspect, address unknown
    assert found[("police_child_present", e["k"], e["v"])] == pytest.approx(0.9)
    assert found[("police_child_present", e["k"], e["s"])] == pytest.approx(0.5)
    usable = [c for c in found.values() if c >= LinkSettings().household_confidence_threshold]
    assert len(usable) == 2


def test_same_address_links_children_and_adults_but_not_institutions_or_other_times(wh: Warehouse) -> None:
    rows = [
        identity_row("school", "383", "c", **CHILD, uprn_hash="u1"),
        identity_row("gp_registration", "QWO", "m", **MUM),
    ]
    # An adult at the child's postcode and first line, but on an extract two years earlier.
    rows.append(
        identity_row(
            "gp_registration",
            "QWO",
            "old",
            forename="ray",
            date_of_birth=dt.date(1950, 1, 1),
            sex="M",
            extract_date=dt.date(2023, 3, 31),
        )
    )
    # A hostel: twenty adults and a child at one UPRN.
    rows += [
        identity_row(
            "housing",
            "380",
            f"h{i}",
            forename=f"resident{i}",
            date_of_birth=dt.date(1980, 1, i + 1),
            uprn_hash="hostel",
            postcode="BD1 1AA",
            address_line_1="hostel",
        )
        for i in range(20)
    ]
    rows.append(
        identity_row(
            "housing", "380", "hc", **{**CHILD, "forename": "kai"}, uprn_hash="hostel", postcode="BD1 1AA"
        )
    )
    write_identity(wh, rows)
    links, e, _ = households(wh, {})
    same = [
        (link["child_entity_id"], link["adult_entity_id"])
        for link in links
        if link["link_type"] == "same_uprn_overlap"
    ]
    # The school record has a UPRN and the GP record none: they meet on postcode + first line.
    assert same == [(e["c"], e["m"])]


def test_age_rules_and_self_links(wh: Warehouse) -> None:
    write_identity(
        wh,
        [
            identity_row("csc", "383", "c", **CHILD, nhs_number_hash="n1", nhs_number_status="valid"),
            identity_row("csc", "383", "young", forename="tia", date_of_birth=dt.date(2014, 1, 1)),
            identity_row("csc", "383", "grown", forename="ann", date_of_birth=dt.date(1990, 1, 1)),
            identity_row("csc", "383", "m", **MUM),
            identity_row(
                "gp_registration", "QWO", "c-gp", **CHILD, nhs_number_hash="n1", nhs_number_status="valid"
            ),
        ],
    )

    def rel(child: str, related: str) -> dict[str, Any]:
        return {
            "dataset": "csc",
            "partner_code": "383",
            "record_id": child + related,
            "person_id": child,
            "related_person_id": related,
            "relationship_type": "other_household_member",
            "parental_responsibility": False,
            "lives_with": True,
            "start_date": dt.date(2021, 1, 1),
            "end_date": dt.date(2022, 1, 1),
        }

    # A 7-year-old is no adult; a 31-year-old is no child; the child's own second record is not a relative.
    links, e, _ = households(
        wh, {"csc_relationship": [rel("c", "young"), rel("grown", "m"), rel("c", "c-gp"), rel("c", "m")]}
    )
    csc = [
        (link["child_entity_id"], link["adult_entity_id"])
        for link in links
        if link["link_type"] == "csc_relationship"
    ]
    assert csc == [(e["c"], e["m"])]


def test_link_ids_are_stable_and_one_row_per_child_adult_and_type(wh: Warehouse) -> None:
    write_identity(wh, [identity_row("csc", "383", "c", **CHILD), identity_row("csc", "383", "m", **MUM)])
    rel = {
        "dataset": "csc",
        "partner_code": "383",
        "person_id": "c",
        "related_person_id": "m",
        "relationship_type": "mother",
        "parental_responsibility": True,
        "lives_with": True,
    }
    content = {
        "csc_relationship": [
            {**rel, "record_id": "r1", "start_date": dt.date(2019, 1, 1), "end_date": dt.date(2020, 1, 1)},
            {**rel, "record_id": "r2", "start_date": dt.date(2021, 1, 1), "end_date": dt.date(2022, 6, 1)},
        ]
    }
    first, _, _ = households(wh, content)
    again, _, _ = households(wh, content)
    csc = [link for link in first if link["link_type"] == "csc_relationship"]
    assert len(csc) == 1
    assert (csc[0]["valid_from"], csc[0]["valid_to"]) == (dt.date(2019, 1, 1), dt.date(2022, 6, 1))
    assert [link["link_id"] for link in first] == [link["link_id"] for link in again]
    assert csc[0]["link_id"].startswith("H") and len(csc[0]["link_id"]) == 16
