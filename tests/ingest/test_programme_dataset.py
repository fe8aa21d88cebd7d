"""The `programme` dataset (CONTRACT §6.3): checked like every dataset, nothing silently dropped.

An unknown programme code is only known to be unknown against the project's programme list, so
ingest keeps it (``atr evaluate`` counts it); a start after the end is flagged and kept; a row
whose person is not in the person table is quarantined and counted.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from atr.ingest.report import IngestReport
from atr.warehouse import Warehouse

from .builder import PERSON_COLUMNS, dataset_folder, person
from .conftest import outcome

COLUMNS = (
    "record_id",
    "person_id",
    "programme_code",
    "provider_code",
    "referral_date",
    "start_date",
    "end_date",
    "sessions_offered",
    "sessions_attended",
    "exit_reason",
)


def row(record: str, who: str, code: str, start: str, end: str = "", exit_reason: str = "") -> dict[str, str]:
    return {
        "record_id": record,
        "person_id": who,
        "programme_code": code,
        "provider_code": "383",
        "referral_date": "2022-01-10",
        "start_date": start,
        "end_date": end,
        "sessions_offered": "12",
        "sessions_attended": "9",
        "exit_reason": exit_reason,
    }


def test_participation_rows_are_checked_kept_or_counted(
    tmp_path: Path, ingest: Callable[..., IngestReport], wh: Warehouse
) -> None:
    folder = dataset_folder(tmp_path, "programme", "383")
    folder.csv("person", [person(1), person(2)], PERSON_COLUMNS)
    folder.csv(
        "participation",
        [
            row("R1", "P0001", "NAVIG", "2022-02-01", "2022-09-01", "completed"),
            row("R2", "P0002", "PILOT", "2022-03-01"),  # not in any programme list: kept
            row("R3", "P0001", "NAVIG", "2022-05-01", "2022-04-01", "completed"),  # start after end
            row("R4", "P0009", "NAVIG", "2022-05-01"),  # no such person
            row("R5", "P0002", "THERA", "2022-06-01", exit_reason="graduated"),  # unknown exit reason
        ],
        COLUMNS,
    )
    folder.manifest(contract_version="1.1")
    report = ingest(tmp_path)
    participation = outcome(report, "participation")
    assert (participation.rows_read, participation.rows_accepted, participation.rows_quarantined) == (5, 4, 1)
    kept = {r["record_id"]: r for r in wh.rows("SELECT * FROM programme_participation")}
    assert set(kept) == {"R1", "R2", "R3", "R5"} and kept["R2"]["programme_code"] == "PILOT"
    flagged = {
        (r["row_number"], r["rule"], r["field"])
        for r in wh.rows(
            "SELECT row_number, rule, field FROM ingest_warning WHERE table_name = 'participation'"
        )
    }
    assert (3, "date.order", "end_date") in flagged
    assert (5, "code.unknown", "exit_reason") in flagged
    quarantined = wh.rows("SELECT row_number, rule FROM ingest_quarantine WHERE table_name = 'participation'")
    assert quarantined == [{"row_number": 4, "rule": "ref.missing_person"}]
