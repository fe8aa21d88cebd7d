"""Output tables: the shapes docs/tables.md promises, pseudonyms, normalisation, no identifiers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from atr.ingest.contract_model import load_contract
from atr.ingest.outputs import IDENTITY_COLUMNS, content_table_name
from atr.ingest.report import IngestReport
from atr.pseudonymise import PseudonymisationKey
from atr.warehouse import Warehouse

from .builder import dataset_folder, person

Ingest = Callable[..., IngestReport]
TABLES_MD = Path(__file__).resolve().parents[2] / "docs" / "tables.md"


def documented_identity_columns() -> list[str]:
    text = TABLES_MD.read_text(encoding="utf-8")
    section = text.split("### Identity zone")[1].split("###")[0]
    names: list[str] = []
    for line in section.splitlines():
        if line.startswith("| `"):
            names.extend(re.findall(r"`([a-z0-9_]+)`", line.split("|")[1]))
    return names


def with_postcode_directory(wh: Warehouse) -> None:
    wh.execute("CREATE TABLE ref_postcode (postcode_key VARCHAR, postcode VARCHAR, lsoa11_code VARCHAR)")
    wh.execute(
        "INSERT INTO ref_postcode VALUES ('LS61AB', 'LS6 1AB', 'E01011111'), ('BD11HY', 'BD1 1HY', 'E01010000')"
    )


def test_identity_person_has_exactly_the_documented_columns(
    tmp_path: Path, ingest: Ingest, wh: Warehouse
) -> None:
    folder = dataset_folder(tmp_path, "gp_registration", "B86")
    folder.csv("person", [person(1)])
    folder.manifest()
    ingest(tmp_path)
    columns = [r["column_name"] for r in wh.rows("DESCRIBE identity_person")]
    assert columns == documented_identity_columns()
    assert [name for name, _ in IDENTITY_COLUMNS] == documented_identity_columns()
    demographics = [r["column_name"] for r in wh.rows("DESCRIBE person_demographics")]
    assert demographics == [
        "dataset",
        "partner_code",
        "person_id",
        "birth_year",
        "birth_month",
        "sex",
        "ethnicity_code",
        "lsoa11_code",
    ]


def test_every_content_table_exists_and_carries_no_direct_identifier(
    wh: Warehouse, tmp_path: Path, ingest: Ingest
) -> None:
    folder = dataset_folder(tmp_path, "lac", "380")
    folder.csv("person", [person(1)])
    folder.manifest()
    ingest(tmp_path)
    contract = load_contract()
    forbidden = re.compile(
        r"name|birth|nhs|upn|address|town|^postcode$|_postcode$|^uprn$|_uprn$|la_child|pnc"
    )
    for code, dataset in contract.datasets.items():
        for table in dataset.tables:
            columns = [r["column_name"] for r in wh.rows(f"DESCRIBE {content_table_name(code, table)}")]
            assert columns[:2] == ["dataset", "partner_code"] and columns[-1] == "row_number"
            assert not [c for c in columns if forbidden.search(c)], (code, table, columns)
    described = {r["column_name"]: r["column_type"] for r in wh.rows("DESCRIBE police_occurrence")}
    assert described["location_lsoa11_code"] == "VARCHAR" and described["location_uprn_hash"] == "VARCHAR"
    assert described["occurrence_date"] == "DATE" and described["da_flag"] == "BOOLEAN"
    assert "home_lsoa11_code" in [r["column_name"] for r in wh.rows("DESCRIBE lac_episode")]
    assert {r["column_name"]: r["column_type"] for r in wh.rows("DESCRIBE youth_justice_outcome")}[
        "gravity_score"
    ] == "INTEGER"


def test_pseudonyms_normalisation_and_lsoa(
    tmp_path: Path, ingest: Ingest, wh: Warehouse, key: PseudonymisationKey
) -> None:
    with_postcode_directory(wh)
    folder = dataset_folder(tmp_path, "csc", "383")
    folder.csv(
        "person",
        [
            person(
                1,
                forename="  Zoë-Ann ",
                surname="O'Neill",
                middle_names="Mary  Jo",
                town="Leeds.",
                upn="U38420151200A",
                postcode=" ls6 1ab",
                uprn="000123456789",
                pnc_id="2001/123456a",
                sex="2",
            ),
            person(
                2,
                forename="Łukasz",
                surname="Øster-Straße",
                postcode="LS6 2ZZ",
                nhs_number="",
                date_of_birth="",
            ),
            person(3, forename="", surname="", sex="Q", ethnicity_code="apkn"),
        ],
    )
    folder.csv(
        "relationship",
        [
            {
                "record_id": "R1",
                "person_id": "P0001",
                "related_person_id": "P0002",
                "relationship_type": "Mother",
                "parental_responsibility": "TRUE",
                "lives_with": "n",
            }
        ],
    )
    folder.manifest()
    report = ingest(tmp_path)
    assert report.all_accepted
    rows = {r["row_number"]: r for r in wh.rows("SELECT * FROM identity_person")}
    first, second, third = rows[1], rows[2], rows[3]
    assert first["person_id"] == key.person_id("csc", "383", "P0001")
    assert (
        first["forename"],
        first["forename_raw"],
        first["surname"],
        first["middle_names"],
        first["town"],
    ) == ("zoe ann", "Zoë-Ann", "oneill", "mary jo", "leeds")
    assert (second["forename"], second["surname"]) == ("lukasz", "oster strasse")
    assert third["forename"] is None and third["forename_raw"] is None
    assert first["nhs_number_hash"] == key.identifier("nhs", person(1)["nhs_number"])
    assert (first["upn_status"], first["upn_hash"]) == ("temporary", key.identifier("upn", "U38420151200A"))
    assert first["la_child_id_hash"] == key.identifier("la_child", "383|LC00001")
    assert first["uprn_hash"] == key.identifier("uprn", "123456789")
    assert first["pnc_id_hash"] == key.identifier("pnc", "2001/123456A")
    assert (second["nhs_number_status"], second["nhs_number_hash"], second["birth_year"]) == (
        "missing",
        None,
        None,
    )
    assert (first["postcode"], first["postcode_outward"], first["postcode_sector"], first["lsoa11_code"]) == (
        "LS6 1AB",
        "LS6",
        "LS6 1",
        "E01011111",
    )
    assert (second["postcode"], second["lsoa11_code"]) == ("LS6 2ZZ", None)
    assert (first["sex"], third["sex"], third["ethnicity_code"]) == ("F", None, "APKN")
    assert first["birth_year"] == int(person(1)["date_of_birth"][:4])
    warnings = wh.rows("SELECT row_number, rule, field FROM ingest_warning ORDER BY row_number")
    assert warnings == [
        {"row_number": 2, "rule": "postcode.not_in_directory", "field": "postcode"},
        {"row_number": 3, "rule": "code.unknown", "field": "sex"},
    ]
    relation = wh.rows("SELECT * FROM csc_relationship")[0]
    assert relation["person_id"] == first["person_id"]
    assert relation["related_person_id"] == second["person_id"]
    assert (relation["relationship_type"], relation["parental_responsibility"], relation["lives_with"]) == (
        "mother",
        True,
        False,
    )
    demo = wh.rows("SELECT * FROM person_demographics WHERE person_id = ?", [first["person_id"]])[0]
    assert demo["lsoa11_code"] == "E01011111" and demo["sex"] == "F"


def test_raw_identifiers_never_reach_content_tables(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    with_postcode_directory(wh)
    police = dataset_folder(tmp_path, "police", "13")
    people = [person(i) for i in range(1, 4)]
    police.csv("person", people)
    police.csv(
        "occurrence",
        [
            {
                "record_id": "O1",
                "occurrence_date": "2024-01-01",
                "location_postcode": "BD1 1HY",
                "location_uprn": "100000001",
            }
        ],
    )
    police.csv(
        "involvement",
        [
            {"record_id": f"I{i}", "occurrence_id": "O1", "person_id": p["person_id"], "role": "victim"}
            for i, p in enumerate(people)
        ],
    )
    police.manifest()
    ingest(tmp_path)
    secrets = {v for p in people for k, v in p.items() if v and k != "ethnicity_code" and k != "sex"}
    assert "P0001" in secrets and "BD1  1HY" in secrets
    for table in (
        "police_occurrence",
        "police_involvement",
        "person_demographics",
        "ingest_quarantine",
        "ingest_warning",
    ):
        for row in wh.rows(f"SELECT * FROM {table}"):
            assert not secrets & {str(v) for v in row.values()}, (table, row)
    occurrence = wh.rows("SELECT location_lsoa11_code, location_uprn_hash FROM police_occurrence")[0]
    assert occurrence["location_lsoa11_code"] == "E01010000" and len(occurrence["location_uprn_hash"]) == 32
