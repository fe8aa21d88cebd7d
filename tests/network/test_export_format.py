"""The ``network`` extract writer: contract shape, checksums, neutralised text, atomicity."""

from __future__ import annotations

import csv
import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from atr.platform import (
    EventReachRow,
    EventRow,
    MemberCountRow,
    NetworkExport,
    OrganisationRow,
    PledgeRow,
    write_network_extract,
)
from atr.platform.export_format import cell, neutralise, table_columns


def _rows() -> NetworkExport:
    return NetworkExport(
        organisations=[
            OrganisationRow(
                record_id="ORG1",
                name='=HYPERLINK("http://x")',
                sector="police",
                districts=("E08000035", "E08000032"),
                ods_code="RR8",
                headcount=120,
                joined_date=date(2025, 1, 6),
                charter_signed_date=date(2025, 3, 1),
            ),
            OrganisationRow(
                record_id="ORG2",
                name='Calder, "Youth" Trust',
                sector="education",
                joined_date=date(2024, 11, 2),
            ),
        ],
        pledges=[
            PledgeRow(
                record_id="P1",
                organisation_id="ORG1",
                pledger_kind="organisation",
                category="@training",
                pledge_type="charter",
                made_date=date(2025, 3, 1),
                is_public=False,
                progress_updates=2,
                last_progress_date=date(2025, 6, 1),
            ),
            PledgeRow(record_id="P2", pledger_kind="person", category="-listen", made_date=date(2025, 4, 1)),
        ],
        events=[
            EventRow(
                record_id="E1",
                title="+Knowledge exchange",
                kind="knowledge_exchange",
                event_date=date(2025, 5, 20),
                district="E08000035",
                registered=80,
                attendees=64,
            )
        ],
        event_reach=[EventReachRow(record_id="R1", event_id="E1", sector="police", attendees=20)],
        member_counts=[
            MemberCountRow(
                record_id="M1",
                snapshot_date=date(2025, 6, 30),
                sector="police",
                district="E08000035",
                members=12,
                lived_experience=3,
            )
        ],
    )


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_writes_every_table_with_manifest_counts_and_checksums(tmp_path: Path) -> None:
    folder = write_network_extract(tmp_path, _rows(), extract_date=date(2025, 7, 1))
    assert folder == tmp_path / "network"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["dataset"] == "network"
    assert manifest["partner_code"] == "WYATR"
    assert manifest["extract_date"] == "2025-07-01"
    assert (manifest["period_start"], manifest["period_end"]) == ("2024-11-02", "2025-06-30")
    expected_rows = {"organisation": 2, "pledge": 2, "event": 1, "event_reach": 1, "member_count": 1}
    expected_rows |= {"training_coverage": 0, "self_assessment": 0, "wellbeing": 0}  # written, empty (#16)
    assert set(manifest["files"]) == {f"{t}.csv" for t in expected_rows}
    for table, count in expected_rows.items():
        path = folder / f"{table}.csv"
        entry = manifest["files"][path.name]
        assert entry["rows"] == count == len(_read(path))
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        with path.open(encoding="utf-8", newline="") as handle:
            assert tuple(next(csv.reader(handle))) == table_columns(table)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*manifest["files"], "manifest.json"])


def test_values_are_spelled_as_the_contract_says(tmp_path: Path) -> None:
    folder = write_network_extract(tmp_path, _rows(), partner_code="ATR01", extract_date=date(2025, 7, 1))
    org = _read(folder / "organisation.csv")
    assert org[0]["districts"] == "E08000035;E08000032"
    assert org[0]["joined_date"] == "2025-01-06"
    assert org[0]["urn"] == ""  # missing is empty
    assert org[1]["name"] == 'Calder, "Youth" Trust'  # quoted, round-trips
    pledges = _read(folder / "pledge.csv")
    assert pledges[0]["is_public"] == "false" and pledges[1]["is_public"] == "true"
    assert pledges[1]["organisation_id"] == "" and pledges[1]["progress_updates"] == "0"
    members = _read(folder / "member_count.csv")
    assert (members[0]["members"], members[0]["lived_experience"]) == ("12", "3")
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["partner_code"] == "ATR01"


def test_formula_like_text_is_neutralised(tmp_path: Path) -> None:
    folder = write_network_extract(tmp_path, _rows(), extract_date=date(2025, 7, 1))
    assert _read(folder / "organisation.csv")[0]["name"] == '\'=HYPERLINK("http://x")'
    assert [p["category"] for p in _read(folder / "pledge.csv")] == ["'@training", "'-listen"]
    assert _read(folder / "event.csv")[0]["title"] == "'+Knowledge exchange"
    assert neutralise("\tcmd") == "'\tcmd" and neutralise("safe=yes") == "safe=yes"
    assert cell(-3) == "-3"  # numbers are numbers, not text
    assert cell(("-a", "b")) == "'-a;b"


def test_empty_export_writes_headers_only(tmp_path: Path) -> None:
    folder = write_network_extract(tmp_path, NetworkExport(), extract_date=date(2025, 7, 1))
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert all(entry["rows"] == 0 for entry in manifest["files"].values())
    assert manifest["period_start"] is None
    assert (folder / "event.csv").read_text(encoding="utf-8").splitlines() == [
        ",".join(table_columns("event"))
    ]


@pytest.mark.parametrize("code", ["wyatr", "AB", "TOOLONGCODE", "WY-ATR", ""])
def test_partner_code_must_have_the_contract_form(tmp_path: Path, code: str) -> None:
    with pytest.raises(ValueError, match="partner_code"):
        write_network_extract(tmp_path, _rows(), partner_code=code)
    assert not (tmp_path / "network").exists()


def test_duplicate_record_id_names_file_row_and_field_and_keeps_the_old_extract(tmp_path: Path) -> None:
    first = write_network_extract(tmp_path, _rows(), extract_date=date(2025, 7, 1))
    before = {p.name: p.read_bytes() for p in first.iterdir()}
    rows = _rows()
    rows.events.append(EventRow(record_id="E1", title="again", kind="workshop", event_date=date(2025, 6, 1)))
    with pytest.raises(ValueError, match=r"event\.csv, row 2, field 'record_id'"):
        write_network_extract(tmp_path, rows, extract_date=date(2025, 7, 2))
    assert {p.name: p.read_bytes() for p in first.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["network"]  # no half-built folder left


def test_rewrite_replaces_the_folder_whole(tmp_path: Path) -> None:
    write_network_extract(tmp_path, _rows(), extract_date=date(2025, 7, 1))
    folder = write_network_extract(tmp_path, NetworkExport(), extract_date=date(2025, 8, 1))
    assert json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["extract_date"] == "2025-08-01"
    assert _read(folder / "organisation.csv") == []
