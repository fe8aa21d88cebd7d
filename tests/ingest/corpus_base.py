"""The bad-input corpus's base extract, and the edits each case makes to a copy of it.

The base is a small, valid extract (four datasets, five partners, CSV and Parquet) built once
per test module; every case copies it, breaks one thing, and re-signs the manifest where the
case is about content rather than about the manifest. 40 rows a table, so one bad row (2.5%)
stays under the 5% quarantine share and two or more rows of a table cross it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa

from .builder import dataset_folder, person

ROWS = 40
Rows = list[dict[str, str]]


def _episodes() -> Rows:
    return [
        {
            "record_id": f"E{i:03d}",
            "person_id": f"P{i:04d}",
            "referral_date": f"2024-0{1 + i % 9}-1{i % 10}",
            "referral_source": "3A",
            "primary_need_code": "N1",
            "referral_nfa": "false",
            "closure_date": "",
            "closure_reason": "",
        }
        for i in range(1, ROWS + 1)
    ]


def _participation() -> Rows:
    """The ``programme`` dataset's participation (contract v1.1 §6.3): referral, start and end in
    order, sessions whole and not negative, a known exit reason."""
    return [
        {
            "record_id": f"R{i:03d}",
            "person_id": f"P{i:04d}",
            "programme_code": "NAVIG",
            "provider_code": "383",
            "referral_date": f"2023-0{1 + i % 9}-0{1 + i % 9}",
            "start_date": f"2023-0{1 + i % 9}-1{i % 10}",
            "end_date": "" if i % 4 == 0 else f"2024-0{1 + i % 9}-1{i % 10}",
            "sessions_offered": "12",
            "sessions_attended": str(i % 13),
            "exit_reason": "" if i % 4 == 0 else "completed",
        }
        for i in range(1, ROWS + 1)
    ]


def build_base(root: Path) -> Path:
    """Write the base extract under ``root`` and return it."""
    csc = dataset_folder(root, "csc", "383")
    csc.csv("person", [person(i) for i in range(1, ROWS + 1)])
    csc.csv("episode", _episodes())
    csc.csv(
        "assessment",
        [
            {
                "record_id": f"A{i:03d}",
                "person_id": f"P{i:04d}",
                "episode_id": f"E{i:03d}",
                "start_date": "2024-11-01",
            }
            for i in range(1, ROWS + 1)
        ],
    )
    csc.csv(
        "assessment_factor",
        [
            {"record_id": f"F{i:03d}", "person_id": f"P{i:04d}", "assessment_id": f"A{i:03d}", "factor": "4A"}
            for i in range(1, ROWS + 1)
        ],
    )
    csc.manifest()
    other = dataset_folder(root, "csc", "380")
    other.csv("person", [person(i) for i in range(1, ROWS + 1)])
    other.csv("episode", _episodes())
    other.manifest()
    police = dataset_folder(root, "police", "13")
    police.csv("person", [person(i) for i in range(1, ROWS + 1)])
    police.csv(
        "occurrence",
        [
            {"record_id": f"O{i:03d}", "occurrence_date": "2024-03-0" + str(1 + i % 9), "da_flag": "Y"}
            for i in range(1, ROWS + 1)
        ],
    )
    police.csv(
        "involvement",
        [
            {
                "record_id": f"I{i:03d}",
                "occurrence_id": f"O{i:03d}",
                "person_id": f"P{i:04d}",
                "role": "victim",
            }
            for i in range(1, ROWS + 1)
        ],
    )
    police.manifest()
    school = dataset_folder(root, "school", "383")
    school.parquet("person", [person(i) for i in range(1, ROWS + 1)])
    school.parquet(
        "enrolment",
        [
            {"record_id": f"N{i:03d}", "person_id": f"P{i:04d}", "academic_year": "2023/24", "urn": "107000"}
            for i in range(1, ROWS + 1)
        ],
    )
    school.manifest()
    programme = dataset_folder(root, "programme", "383")
    programme.csv("person", [person(i) for i in range(1, ROWS + 1)])
    programme.csv("participation", _participation())
    programme.manifest(contract_version="1.1")
    return root


# --- edits a case makes to its copy ------------------------------------------------------


def manifest_of(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data


def write_manifest(folder: Path, data: dict[str, Any]) -> None:
    (folder / "manifest.json").write_text(json.dumps(data, indent=1), encoding="utf-8")


def resign(folder: Path, name: str, rows: int | None = None) -> None:
    """Make the manifest agree with the file's bytes (and, if given, its row count)."""
    data = manifest_of(folder)
    entry = data["files"].setdefault(name, {"rows": 0, "sha256": ""})
    entry["sha256"] = hashlib.sha256((folder / name).read_bytes()).hexdigest()
    if rows is not None:
        entry["rows"] = rows
    write_manifest(folder, data)


def read_rows(path: Path) -> tuple[list[str], Rows]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns: list[str], rows: Rows) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    path.write_text(buffer.getvalue(), encoding="utf-8")


def edit_csv(
    file: str, change: Callable[[list[str], Rows], tuple[list[str], Rows]], *, sign: bool = True
) -> Callable[[Path], None]:
    """An edit of ``dataset/partner/table.csv`` through its header and rows; re-signed by default."""

    def apply(root: Path) -> None:
        path = root / file
        columns, rows = change(*read_rows(path))
        write_rows(path, columns, rows)
        if sign:
            resign(path.parent, path.name, len(rows))

    return apply


def set_cells(file: str, rows: dict[int, dict[str, str]]) -> Callable[[Path], None]:
    """Overwrite cells: {row number from 1: {column: value}}."""

    def change(columns: list[str], data: Rows) -> tuple[list[str], Rows]:
        for n, values in rows.items():
            data[n - 1].update(values)
        return columns, data

    return edit_csv(file, change)


def drop_column(file: str, column: str) -> Callable[[Path], None]:
    def change(columns: list[str], data: Rows) -> tuple[list[str], Rows]:
        return [c for c in columns if c != column], data

    return edit_csv(file, change)


def keep_rows(file: str, count: int) -> Callable[[Path], None]:
    return edit_csv(file, lambda columns, data: (columns, data[:count]))


def raw_bytes(file: str, content: bytes, *, rows: int | None, sign: bool = True) -> Callable[[Path], None]:
    """Replace a file's bytes; re-sign with ``rows`` data rows (None: keep the manifest's count)."""

    def apply(root: Path) -> None:
        path = root / file
        path.write_bytes(content)
        if sign:
            resign(path.parent, path.name, rows)

    return apply


def edit_bytes(file: str, change: Callable[[bytes], bytes], *, sign: bool = True) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        path = root / file
        path.write_bytes(change(path.read_bytes()))
        if sign:
            resign(path.parent, path.name)

    return apply


def edit_manifest(folder: str, change: Callable[[dict[str, Any]], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        data = manifest_of(root / folder)
        change(data)
        write_manifest(root / folder, data)

    return apply


def parquet_table(file: str, table: pa.Table) -> Callable[[Path], None]:
    """Replace a table file by a Parquet file (the manifest lists the new name, re-signed)."""
    import pyarrow.parquet as pq

    def apply(root: Path) -> None:
        path = root / file
        target = path.with_suffix(".parquet")
        data = manifest_of(path.parent)
        data["files"].pop(path.name, None)
        write_manifest(path.parent, data)
        if path.exists() and path != target:
            path.unlink()
        pq.write_table(table, target)
        resign(path.parent, target.name, table.num_rows)

    return apply


def symlink(file: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    """Replace ``file`` by a symbolic link to ``target(root)`` holding the same bytes (re-signed)."""

    def apply(root: Path) -> None:
        path = root / file
        outside = target(root)
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_bytes(path.read_bytes())
        path.unlink()
        os.symlink(outside, path)

    return apply


def both(*edits: Callable[[Path], None]) -> Callable[[Path], None]:
    def apply(root: Path) -> None:
        for edit in edits:
            edit(root)

    return apply
