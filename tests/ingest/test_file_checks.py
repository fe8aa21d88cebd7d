"""File-level errors: each broken file is rejected whole, with the right rule and no data quoted."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from atr.errors import UsageError
from atr.ingest.policy import LoadPolicy
from atr.ingest.report import IngestReport
from atr.warehouse import Warehouse

from .builder import DatasetFolder, dataset_folder, person
from .conftest import outcome

Ingest = Callable[..., IngestReport]
EPISODE_COLUMNS = [
    "record_id",
    "person_id",
    "referral_date",
    "referral_source",
    "primary_need_code",
    "referral_nfa",
    "closure_date",
    "closure_reason",
]


def episode(i: int, person_id: str = "P0001", **overrides: str) -> dict[str, str]:
    row = dict.fromkeys(EPISODE_COLUMNS, "")
    row.update(
        record_id=f"E{i}",
        person_id=person_id,
        referral_date="2024-01-0" + str(1 + i % 9),
        referral_source="3A",
        primary_need_code="N1",
        referral_nfa="false",
    )
    row.update(overrides)
    return row


def csc_folder(root: Path, people: int = 3) -> DatasetFolder:
    folder = dataset_folder(root, "csc", "383")
    folder.csv("person", [person(i) for i in range(1, people + 1)])
    return folder


def rejected(report: IngestReport, table: str, rule: str) -> None:
    t = outcome(report, table)
    assert t.status == "rejected", t
    assert t.reason.startswith(rule + ": "), t.reason
    assert (t.rows_accepted, t.rows_quarantined) == (0, 0) and t.rows_read == t.rows_rejected
    assert not report.all_accepted


def test_wrong_header_rejects_that_file_only(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    folder = csc_folder(tmp_path)
    rows = [{("personid" if k == "person_id" else k): v for k, v in episode(1).items()}]
    folder.csv("episode", rows)
    folder.manifest()
    # With --accept-partial the rest of the batch loads; by default the batch is held back
    # whole (test_batches.py).
    report = ingest(tmp_path, policy=LoadPolicy(max_quarantine_share=1.0, accept_partial=True))
    rejected(report, "episode", "file.missing_required_column")
    assert outcome(report, "episode").reason.endswith("lacks required column(s): person_id")
    assert outcome(report, "person").status == "accepted"
    assert report.batches[0].loaded
    assert wh.count("identity_person") == 3
    assert wh.count("csc_episode") == 0
    files = wh.rows("SELECT table_name, status FROM ingest_file ORDER BY table_name")
    assert files == [
        {"table_name": "episode", "status": "rejected"},
        {"table_name": "person", "status": "accepted"},
    ]


@pytest.mark.parametrize(
    ("tamper", "rule"),
    [
        (lambda m: m["files"]["episode.csv"].update(rows=3), "file.row_count_mismatch"),
        (lambda m: m["files"]["episode.csv"].update(sha256="0" * 64), "file.checksum_mismatch"),
    ],
)
def test_manifest_mismatch(
    tmp_path: Path, ingest: Ingest, tamper: Callable[[dict[str, Any]], None], rule: str
) -> None:
    folder = csc_folder(tmp_path)
    folder.csv("episode", [episode(1), episode(2)])
    path = folder.manifest()
    data = json.loads(path.read_text())
    tamper(data)
    path.write_text(json.dumps(data))
    report = ingest(tmp_path)
    rejected(report, "episode", rule)
    if rule == "file.row_count_mismatch":
        assert "manifest says 3 rows, file has 2" in outcome(report, "episode").reason


def test_empty_file(tmp_path: Path, ingest: Ingest) -> None:
    folder = csc_folder(tmp_path)
    folder.raw("episode.csv", b"", rows=0)
    folder.manifest()
    rejected(ingest(tmp_path), "episode", "file.empty")


def test_wrong_encoding_names_the_line(tmp_path: Path, ingest: Ingest) -> None:
    folder = dataset_folder(tmp_path, "csc", "383")
    folder.csv("person", [person(1, forename="Ann"), person(2, forename="José")], encoding="latin-1")
    folder.manifest()
    report = ingest(tmp_path)
    rejected(report, "person", "file.encoding")
    assert "line 3" in outcome(report, "person").reason
    assert not report.batches[0].loaded


def test_ragged_csv_is_unreadable_and_the_row_is_not_echoed(tmp_path: Path, ingest: Ingest) -> None:
    folder = csc_folder(tmp_path)
    text = ",".join(EPISODE_COLUMNS) + "\nE1,P0001,2024-01-01,3A,N1,false,,\nE2,Zoëlle Secret,2024-01-01,3A\n"
    folder.raw("episode.csv", text.encode(), rows=2)
    folder.manifest()
    report = ingest(tmp_path)
    rejected(report, "episode", "file.unreadable")
    reason = outcome(report, "episode").reason
    assert "line 3" in reason
    assert "Secret" not in json.dumps(report.to_dict())


def test_file_not_listed_or_listed_but_absent_or_unknown(tmp_path: Path, ingest: Ingest) -> None:
    folder = csc_folder(tmp_path)
    folder.csv("episode", [episode(1)])
    folder.csv("cp_plan", [{"record_id": "C1", "person_id": "P0001", "start_date": "2024-01-01"}])
    folder.files["assessment.csv"] = {"rows": 1, "sha256": "a" * 64}
    folder.csv("notes", [{"a": "1"}])
    folder.manifest()
    (folder.path / "relationship.csv").write_text("record_id\n")  # on disk, not in the manifest
    del folder.files["cp_plan.csv"]
    folder.manifest()
    report = ingest(tmp_path)
    rejected(report, "assessment", "file.missing")
    rejected(report, "notes", "file.unknown_table")
    rejected(report, "relationship", "file.not_in_manifest")
    rejected(report, "cp_plan", "file.not_in_manifest")
    assert outcome(report, "episode").status == "held"  # checked and passed; its batch is held back
    assert not report.batches[0].loaded


def test_duplicate_column(tmp_path: Path, ingest: Ingest) -> None:
    folder = csc_folder(tmp_path)
    folder.raw(
        "episode.csv", b"record_id,person_id,referral_date,Record_ID\nE1,P0001,2024-01-01,E1\n", rows=1
    )
    folder.manifest()
    rejected(ingest(tmp_path), "episode", "file.duplicate_column")


def test_not_a_parquet_file(tmp_path: Path, ingest: Ingest) -> None:
    folder = csc_folder(tmp_path)
    folder.raw("episode.parquet", b"PAR1 this is not parquet", rows=1)
    folder.manifest()
    rejected(ingest(tmp_path), "episode", "file.unreadable")


def test_missing_person_table_rejects_the_folder(tmp_path: Path, ingest: Ingest, wh: Warehouse) -> None:
    folder = dataset_folder(tmp_path, "csc", "383")
    folder.csv("episode", [episode(1)])
    folder.manifest()
    report = ingest(tmp_path)
    rejected(report, "person", "file.missing")
    rejected(report, "episode", "file.person_rejected")
    assert not report.batches[0].loaded
    assert wh.count("ingest_batch") == 0


@pytest.mark.parametrize(
    ("content", "rule"),
    [
        ("{not json", "manifest.invalid"),
        (json.dumps({"dataset": "csc"}), "manifest.invalid"),
        (
            json.dumps(
                {
                    "dataset": "csc",
                    "contract_version": "2.0",
                    "partner_code": 383,
                    "extract_date": "2025-04-30",
                    "files": {},
                }
            ),
            "manifest.unsupported_version",
        ),
        (
            json.dumps(
                {
                    "dataset": "bank",
                    "contract_version": "1.0",
                    "partner_code": "x",
                    "extract_date": "2025-04-30",
                    "files": {},
                }
            ),
            "manifest.unknown_dataset",
        ),
    ],
)
def test_bad_manifest(tmp_path: Path, ingest: Ingest, content: str, rule: str) -> None:
    folder = tmp_path / "csc" / "383"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text(content)
    report = ingest(tmp_path)
    t = outcome(report, "manifest")
    assert t.status == "rejected" and t.reason.startswith(rule)
    assert t.file == "csc/383/manifest.json"
    assert not report.batches[0].loaded


def test_two_folders_for_one_dataset_and_partner(tmp_path: Path, ingest: Ingest) -> None:
    for name in ("a", "b"):
        folder = DatasetFolder(tmp_path / name / "csc", "csc", "383")
        folder.csv("person", [person(1)])
        folder.manifest()
    report = ingest(tmp_path)
    assert [b.loaded for b in report.batches] == [False, True]
    assert outcome(report, "manifest").reason.startswith("manifest.duplicate")


def test_header_only_file_and_extra_and_missing_columns(
    tmp_path: Path, ingest: Ingest, wh: Warehouse
) -> None:
    folder = csc_folder(tmp_path)
    folder.raw("cp_plan.csv", b"record_id,person_id,start_date\n", rows=0)
    folder.csv(
        "episode",
        [{"record_id": "E1", "person_id": "P0001", "referral_date": "2024-01-01", "caseworker": "Ann"}],
    )
    folder.manifest()
    report = ingest(tmp_path)
    assert report.all_accepted
    assert outcome(report, "cp_plan").rows_read == 0
    ep = outcome(report, "episode")
    assert ep.ignored_columns == ["caseworker"]
    assert "closure_reason" in ep.missing_optional_columns
    row = wh.rows("SELECT * FROM csc_episode")[0]
    assert "caseworker" not in row
    assert row["closure_reason"] is None and row["referral_date"].isoformat() == "2024-01-01"


def test_no_manifest_anywhere_is_a_usage_error(tmp_path: Path, ingest: Ingest) -> None:
    (tmp_path / "csc").mkdir()
    with pytest.raises(UsageError, match="no dataset folder"):
        ingest(tmp_path)
    with pytest.raises(UsageError, match="not found"):
        ingest(tmp_path / "nope")
    with pytest.raises(UsageError, match="unknown dataset"):
        ingest(tmp_path, datasets=["bank"])
