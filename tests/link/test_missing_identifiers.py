"""Linking when a dataset, or every dataset, lacks an identifier entirely."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.errors import StageError
from atr.link.prepare import prepare_input
from atr.link.run import run_link
from atr.warehouse import open_warehouse

from .conftest import FAST, Linked, truth_judge
from .population import make_people, record_everyone
from .records import write_to_warehouse

IDENTIFIER_COLUMNS = (
    "nhs_number_hash",
    "nhs_number_status",
    "upn_hash",
    "upn_status",
    "la_child_id_hash",
    "pnc_id_hash",
)


def test_police_records_without_nhs_numbers_still_find_their_people(linked: Linked) -> None:
    # In the shared fixture police hold no NHS numbers at all; their records link by name and address.
    with open_warehouse(linked.warehouse, read_only=True) as wh:
        found = wh.rows(
            """SELECT count(*) AS police, count(*) FILTER (e.n_datasets > 1) AS linked
               FROM entity_membership m JOIN entity e USING (entity_id) WHERE m.dataset = 'police'"""
        )[0]
        assert wh.scalar("SELECT count(nhs_number_hash) FROM identity_person WHERE dataset = 'police'") == 0
    assert found["police"] > 0 and found["linked"] / found["police"] > 0.95


def test_columns_missing_from_identity_person_are_left_out_of_the_model(tmp_path: Path) -> None:
    population = record_everyone(make_people(60, seed=3), seed=5)
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        write_to_warehouse(wh, population)
        wh.execute("ALTER TABLE identity_person DROP COLUMN upn_hash")
        wh.execute("ALTER TABLE identity_person DROP COLUMN upn_status")
        wh.execute("ALTER TABLE identity_person DROP COLUMN middle_names")
        outputs = run_link(wh, FAST, tmp_path / "link", judge=truth_judge(population))
    report = outputs.report
    assert {"upn_hash", "upn_status", "middle_names"} <= set(report["records"]["identity_columns_absent"])
    compared = {c["name"] for c in report["model"]["comparisons"]}
    assert "upn" not in compared and "middle_name" not in compared and "nhs_number" in compared
    assert report["records"]["completeness"]["upn"] == 0
    assert report["truth"]["people"]["pairwise_recall"] >= 0.9


def test_with_no_identifiers_at_all_names_dates_and_addresses_still_link(tmp_path: Path) -> None:
    population = record_everyone(make_people(60, seed=3), seed=5)
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        write_to_warehouse(wh, population)
        for column in IDENTIFIER_COLUMNS:
            wh.execute(f"ALTER TABLE identity_person DROP COLUMN {column}")
        outputs = run_link(wh, FAST, tmp_path / "link", judge=truth_judge(population))
    report = outputs.report
    assert all(n == 0 for n in report["deterministic"]["edges"].values())
    assert not {"nhs_number", "upn", "la_child_id", "pnc_id"} & {
        c["name"] for c in report["model"]["comparisons"]
    }
    people = report["truth"]["people"]
    assert people["pairwise_precision"] >= 0.9 and people["pairwise_recall"] >= 0.8


def test_an_identity_table_without_names_or_rows_is_a_clear_error(tmp_path: Path) -> None:
    with open_warehouse(tmp_path / "atr.duckdb") as wh:
        with pytest.raises(StageError, match="no 'identity_person' table"):
            prepare_input(wh)
        wh.execute("CREATE TABLE identity_person (dataset VARCHAR, partner_code VARCHAR, person_id VARCHAR)")
        with pytest.raises(StageError, match="lacks required column"):
            prepare_input(wh)
        wh.execute("DROP TABLE identity_person")
        wh.execute(
            "CREATE TABLE identity_person (dataset VARCHAR, partner_code VARCHAR, person_id VARCHAR, "
            "forename VARCHAR, surname VARCHAR, date_of_birth DATE)"
        )
        with pytest.raises(StageError, match="is empty"):
            prepare_input(wh)
        wh.execute(
            "INSERT INTO identity_person VALUES ('a', 'b', 'c', 'x', 'y', NULL), ('a', 'b', 'c', 'x', 'y', NULL)"
        )
        with pytest.raises(StageError, match="repeated"):
            prepare_input(wh)
