"""The contract tables, the report files and the figures against truth, on one linked fixture."""

from __future__ import annotations

import json
import re

from atr.warehouse import open_warehouse

from .conftest import Linked
from .population import Population

NAME_LIKE = {"forename", "surname", "date_of_birth", "postcode", "address_line_1", "nhs_number", "uprn"}


def test_every_identity_row_has_exactly_one_entity(linked: Linked) -> None:
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        identity = wh.count("identity_person")
        rows = wh.rows(
            "SELECT count(*) AS n, count(DISTINCT (dataset, partner_code, person_id)) AS keys, "
            "min(match_probability) AS low, max(match_probability) AS high FROM entity_membership"
        )[0]
        unmatched = wh.scalar(
            "SELECT count(*) FROM identity_person i ANTI JOIN entity_membership m USING (dataset, partner_code, person_id)"
        )
        ids = [r["entity_id"] for r in wh.rows("SELECT DISTINCT entity_id FROM entity_membership")]
    assert rows["n"] == rows["keys"] == identity
    assert unmatched == 0
    assert 0.9 <= rows["low"] <= rows["high"] <= 1.0
    assert all(re.fullmatch(r"E[0-9a-f]{15}", i) for i in ids)


def test_entity_tables_carry_no_identifiers_and_add_up(linked: Linked) -> None:
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        columns = {r["column_name"] for r in wh.rows("SELECT column_name FROM (DESCRIBE entity)")}
        assert {
            "entity_id",
            "birth_year",
            "birth_month",
            "sex",
            "ethnicity_code",
            "lsoa11_code",
            "lad19_code",
            "n_records",
            "datasets",
        } <= columns
        assert not columns & NAME_LIKE
        assert wh.scalar("SELECT sum(n_records) FROM entity") == wh.count("identity_person")
        assert wh.count("entity") == wh.scalar("SELECT count(DISTINCT entity_id) FROM entity_membership")
        multi = wh.rows("SELECT datasets, n_datasets FROM entity WHERE n_datasets > 1 LIMIT 5")
        assert multi and all(len(r["datasets"].split(",")) == r["n_datasets"] for r in multi)
        history = wh.rows("SELECT * FROM entity_lsoa_history LIMIT 5")
        assert history and set(history[0]) == {
            "entity_id",
            "lsoa11_code",
            "first_seen",
            "last_seen",
            "source_dataset",
        }


def test_household_links_cover_every_evidence_type_in_the_fixture(linked: Linked) -> None:
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        types = {r["link_type"] for r in wh.rows("SELECT DISTINCT link_type FROM household_link")}
        bad = wh.scalar("SELECT count(*) FROM household_link WHERE child_entity_id = adult_entity_id")
    assert types == {
        "csc_relationship",
        "school_contact_pr",
        "hclic_household",
        "police_child_resident",
        "same_uprn_overlap",
    }
    assert bad == 0


def test_quality_table_and_report_files(linked: Linked) -> None:
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        metrics = {r["metric"]: r["value"] for r in wh.rows("SELECT metric, value FROM link_quality")}
    assert metrics["records"] == linked.outputs.report["records"]["total"]
    assert metrics["entities"] > 0 and "truth.people.pairwise_precision" in metrics
    model = json.loads(linked.outputs.model_json.read_text())
    assert {c["output_column_name"] for c in model["comparisons"]} >= {
        "forename",
        "surname",
        "date_of_birth",
        "address",
    }
    report = json.loads(linked.outputs.report_json.read_text())
    assert report["clusters"]["entities"] == metrics["entities"]
    html = linked.outputs.report_html.read_text()
    assert '<section id="link-quality"' in html and "<svg" in html
    assert "Household links" in html and "pairwise" in html


def test_people_and_households_against_the_fixture_truth(linked: Linked, population: Population) -> None:
    truth = linked.outputs.report["truth"]
    people = truth["people"]
    assert people["records"] == len(population.truth)
    assert people["pairwise_precision"] >= 0.95 and people["pairwise_recall"] >= 0.95
    assert people["true_people"] == len({t["true_id"] for t in population.truth})
    sweep = {s["threshold"]: s for s in truth["threshold_sweep"]}
    assert sweep[0.999]["pairwise_precision"] >= sweep[0.5]["pairwise_precision"]
    assert sweep[0.999]["pairwise_recall"] <= sweep[0.5]["pairwise_recall"]
    assert truth["households"]["precision"] >= 0.95
    assert set(truth["households_by_type"]) >= {"csc_relationship", "school_contact_pr"}
