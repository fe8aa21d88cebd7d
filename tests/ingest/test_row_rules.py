"""Row-level rules: which rows are quarantined or flagged, by which rule, on which field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa

from atr.ingest.report import IngestReport
from atr.warehouse import Warehouse

from .builder import PERSON_COLUMNS, dataset_folder, person
from .conftest import outcome
from .test_file_checks import EPISODE_COLUMNS, episode

Ingest = Callable[..., IngestReport]

PEOPLE = [
    person(1),
    person(2, nhs_number="943 476 5918"),  # wrong check digit: warning
    person(3, upn="Q207000016049"),  # the vendor's "corrected" UPN: warning
    person(4, date_of_birth="2015-13-01"),  # impossible
    person(5, date_of_birth="01/02/2015"),  # unparseable
    person(6, date_of_birth="2030-01-01"),  # after the extract date
    person(1, surname="Duplicate"),  # person_id P0001 again
    person(8, sex="male", ethnicity_code="WENG", postcode="LS1 1CI"),  # alias; unknown code; bad shape
    person(9, person_id=""),  # required
    person(10, uprn="12a", nhs_number="1111111111"),  # bad UPRN; placeholder NHS number
]
EPISODES = [
    episode(1, "P0001"),
    episode(2, "P0004"),  # person quarantined
    episode(3, "P0099"),  # person never sent
    episode(1, "P0002"),  # record_id E1 again
    episode(5, "P0002", referral_source="99", referral_date="2024-03-01", closure_date="2024-02-01"),
    episode(6, "P0003", referral_nfa="perhaps"),
    episode(7, "", referral_date="2024-99-01"),
]
EXPECTED_QUARANTINE = {
    ("person", 4, "date.impossible", "date_of_birth"),
    ("person", 5, "date.unparseable", "date_of_birth"),
    ("person", 6, "date.out_of_range", "date_of_birth"),
    ("person", 7, "key.duplicate", "person_id"),
    ("person", 9, "required.missing", "person_id"),
    ("episode", 2, "ref.missing_person", "person_id"),
    ("episode", 3, "ref.missing_person", "person_id"),
    ("episode", 4, "key.duplicate", "record_id"),
    ("episode", 6, "bool.invalid", "referral_nfa"),
    ("episode", 7, "required.missing", "person_id"),
    ("episode", 7, "date.impossible", "referral_date"),
}
EXPECTED_WARNINGS = {
    ("person", 2, "nhs_number.invalid_check_digit", "nhs_number"),
    ("person", 3, "upn.invalid_check_letter", "upn"),
    ("person", 8, "code.unknown", "ethnicity_code"),
    ("person", 8, "postcode.invalid_format", "postcode"),
    ("person", 10, "uprn.invalid_format", "uprn"),
    ("person", 10, "nhs_number.placeholder", "nhs_number"),
    ("episode", 5, "code.unknown", "referral_source"),
    ("episode", 5, "date.order", "closure_date"),
}


def _write(root: Path, fmt: str, partner: str = "383") -> None:
    folder = dataset_folder(root, "csc", partner)
    if fmt == "csv":
        folder.csv("person", PEOPLE, PERSON_COLUMNS)
        folder.csv("episode", EPISODES, EPISODE_COLUMNS)
    else:
        folder.parquet("person", PEOPLE)
        folder.parquet("episode", EPISODES)
    folder.manifest()


def _logged(wh: Warehouse, table: str) -> set[tuple[str, int, str, str]]:
    rows = wh.rows(f"SELECT table_name, row_number, rule, field FROM {table}")
    return {(r["table_name"], r["row_number"], r["rule"], r["field"]) for r in rows}


def test_rows_are_quarantined_or_flagged_exactly(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    _write(tmp_path, "csv")
    report = ingest(tmp_path)
    assert report.all_accepted
    people, episodes = outcome(report, "person"), outcome(report, "episode")
    assert (people.rows_read, people.rows_accepted, people.rows_quarantined, people.warnings) == (10, 5, 5, 6)
    assert (episodes.rows_read, episodes.rows_accepted, episodes.rows_quarantined, episodes.warnings) == (
        7,
        2,
        5,
        2,
    )
    assert _logged(wh, "ingest_quarantine") == EXPECTED_QUARANTINE
    assert _logged(wh, "ingest_warning") == EXPECTED_WARNINGS
    assert [r["row_number"] for r in wh.rows("SELECT row_number FROM identity_person ORDER BY 1")] == [
        1,
        2,
        3,
        8,
        10,
    ]
    assert [r["row_number"] for r in wh.rows("SELECT row_number FROM csc_episode ORDER BY 1")] == [1, 5]
    # the warehouse agrees with the report, and rows read = accepted + quarantined
    for t in report.tables:
        assert t.rows_read == t.rows_accepted + t.rows_quarantined
    files = wh.rows(
        "SELECT table_name, rows_read, rows_accepted, rows_quarantined, warnings FROM ingest_file ORDER BY 1"
    )
    assert files == [
        {"table_name": "episode", "rows_read": 7, "rows_accepted": 2, "rows_quarantined": 5, "warnings": 2},
        {"table_name": "person", "rows_read": 10, "rows_accepted": 5, "rows_quarantined": 5, "warnings": 6},
    ]


def test_report_examples_carry_no_identifiers(tmp_path: Path, ingest: Ingest) -> None:
    _write(tmp_path, "csv")
    report = ingest(tmp_path)
    by_rule = {(r.rule, r.field): r for t in report.tables for r in t.rules}
    assert by_rule[("code.unknown", "referral_source")].example_values == ["99 (1)"]
    assert by_rule[("code.unknown", "ethnicity_code")].example_values == ["WENG (1)"]
    assert by_rule[("date.unparseable", "date_of_birth")].example_values == []  # dates never shown
    assert by_rule[("date.unparseable", "date_of_birth")].example_rows == [5]
    text = str(report.to_dict())
    for secret in ("943 476 5918", "Q207000016049", "01/02/2015", "Duplicate", "LS1 1CI", "P0099"):
        assert secret not in text


def test_csv_and_parquet_give_the_same_result(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    _write(tmp_path / "a", "csv", "383")
    _write(tmp_path / "b", "parquet", "380")
    ingest(tmp_path)
    columns = "row_number, nhs_number_status, upn_status, forename, surname, date_of_birth, sex, postcode, uprn_hash IS NULL"
    for partner in ("383", "380"):
        assert len(wh.rows(f"SELECT * FROM identity_person WHERE partner_code = '{partner}'")) == 5
    csv_rows = wh.rows(
        f"SELECT {columns} FROM identity_person WHERE partner_code = '383' ORDER BY row_number"
    )
    pq_rows = wh.rows(f"SELECT {columns} FROM identity_person WHERE partner_code = '380' ORDER BY row_number")
    assert csv_rows == pq_rows
    logged = wh.rows("SELECT partner_code, count(*) AS n FROM ingest_quarantine GROUP BY 1 ORDER BY 1")
    assert logged == [
        {"partner_code": "380", "n": len(EXPECTED_QUARANTINE)},
        {"partner_code": "383", "n": len(EXPECTED_QUARANTINE)},
    ]


def test_typed_parquet_columns_are_read(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    from datetime import date, datetime

    folder = dataset_folder(tmp_path, "youth_justice", "383")
    folder.parquet("person", [person(1)])
    schema = pa.schema(
        [
            ("record_id", pa.string()),
            ("person_id", pa.string()),
            ("offence_date", pa.date32()),
            ("outcome_date", pa.timestamp("s")),
            ("outcome_type", pa.string()),
            ("gravity_score", pa.float64()),
            ("is_first_time_entrant", pa.bool_()),
        ]
    )
    folder.parquet(
        "outcome",
        [
            {
                "record_id": "Y1",
                "person_id": "P0001",
                "offence_date": date(2024, 1, 2),
                "outcome_date": datetime(2024, 2, 3),
                "outcome_type": "referral_order",
                "gravity_score": 3.0,
                "is_first_time_entrant": True,
            }
        ],
        schema,
    )
    folder.manifest()
    report = ingest(tmp_path)
    assert report.all_accepted and outcome(report, "outcome").rows_quarantined == 0
    row = wh.rows(
        "SELECT offence_date, outcome_date, gravity_score, is_first_time_entrant FROM youth_justice_outcome"
    )[0]
    assert row == {
        "offence_date": date(2024, 1, 2),
        "outcome_date": date(2024, 2, 3),
        "gravity_score": 3,
        "is_first_time_entrant": True,
    }


def test_a_one_row_file(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    folder = dataset_folder(tmp_path, "probation", "N01")
    folder.csv("person", [person(1, upn="", nhs_number="")])
    folder.csv(
        "custody",
        [
            {
                "record_id": "C1",
                "person_id": "P0001",
                "start_date": "2023-05-01",
                "release_date": "2024-05-01",
                "sentence_type": "Determinate",
            }
        ],
    )
    folder.manifest()
    report = ingest(tmp_path)
    assert [(t.table, t.rows_read, t.rows_accepted, t.warnings) for t in report.tables] == [
        ("person", 1, 1, 0),
        ("custody", 1, 1, 0),
    ]
    assert wh.rows(
        "SELECT sentence_type, nhs_number_status, upn_status FROM probation_custody, identity_person"
    ) == [{"sentence_type": "determinate", "nhs_number_status": "missing", "upn_status": "missing"}]


def test_references_cascade_through_tables(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    folder = dataset_folder(tmp_path, "police", "13")
    folder.csv("person", [person(1), person(2)])
    folder.csv(
        "occurrence",
        [
            {"record_id": "O1", "occurrence_date": "2024-01-01", "da_flag": "Y"},
            {"record_id": "O2", "occurrence_date": "2024-02-31", "da_flag": "N"},  # impossible date
        ],
    )
    folder.csv(
        "involvement",
        [
            {"record_id": "I1", "occurrence_id": "O1", "person_id": "P0001", "role": "victim"},
            {
                "record_id": "I2",
                "occurrence_id": "O2",
                "person_id": "P0002",
                "role": "suspect",
            },  # O2 quarantined
            {
                "record_id": "I3",
                "occurrence_id": "O1",
                "person_id": "P0002",
                "role": "bystander",
            },  # unknown code
        ],
    )
    folder.manifest()
    report = ingest(tmp_path)
    assert _logged(wh, "ingest_quarantine") == {
        ("occurrence", 2, "date.impossible", "occurrence_date"),
        ("involvement", 2, "ref.missing_record", "occurrence_id"),
    }
    assert _logged(wh, "ingest_warning") == {("involvement", 3, "code.unknown", "role")}
    assert wh.rows("SELECT role FROM police_involvement ORDER BY row_number") == [
        {"role": "victim"},
        {"role": "bystander"},
    ]
    assert outcome(report, "involvement").rows_accepted == 2
