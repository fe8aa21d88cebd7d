"""Edits for the bad-input corpus's cases, and the ``Case`` record (``test_corpus.py``).

``exit`` 0 = every file accepted (rows may be quarantined), 1 = a file rejected (the previous
load of its partner kept), 2 = usage error (nothing read). ``message`` is a regular expression
the run's messages (terminal output and the report's reasons) must match; ``rejected`` is the
number of files the report lists as rejected. ``flags`` are what the report must say about rows:
each names the file, the rule, the field and a row number it gives as an example, and how many
rows the rule counted there.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from .corpus_base import (
    edit_csv,
    edit_manifest,
    manifest_of,
    parquet_table,
    read_rows,
    resign,
    set_cells,
    write_manifest,
)

CSC, POLICE, SCHOOL = "csc/383", "police/13", "school/383"
EPISODE, PERSON = f"{CSC}/episode.csv", f"{CSC}/person.csv"
OCCURRENCE = f"{POLICE}/occurrence.csv"
Edit = Callable[[Path], None]


@dataclass(frozen=True)
class Flag:
    """A row-level finding the report must hold: in ``file``, ``count`` rows broke ``rule`` on
    ``field``, and row ``row`` (1 = the first data row) is among its examples."""

    file: str
    rule: str
    field: str
    row: int
    count: int = 1


@dataclass(frozen=True)
class Case:
    name: str
    edit: Edit
    exit: int
    message: str
    rejected: int = 0
    held_rows: int | None = None  # rows the rejected files held (the report keeps them counted)
    args: tuple[str, ...] = ()
    target: Callable[[Path], Path] | None = None  # what to pass to `atr ingest` (default: the extract)
    flags: tuple[Flag, ...] = ()


def _manifest(folder: str, **changes: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        data.update(changes)

    return edit_manifest(folder, change)


def _file_entry(folder: str, name: str, **changes: Any) -> Edit:
    def change(data: dict[str, Any]) -> None:
        data["files"][name].update(changes)

    return edit_manifest(folder, change)


def _rows_plus_one(data: dict[str, Any]) -> None:
    data["files"]["episode.csv"]["rows"] += 1


def _parquet_rows(file: str, change: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Edit:
    """Rewrite a Parquet table's rows (all columns as they were typed) and re-sign it."""

    def apply(root: Path) -> None:
        path = root / file
        rows = change(pq.read_table(path).to_pylist())
        sink = io.BytesIO()
        pq.write_table(pa.Table.from_pylist(rows), sink)
        path.write_bytes(sink.getvalue())
        resign(path.parent, path.name, len(rows))

    return apply


def _set_parquet(file: str, cells: dict[int, dict[str, Any]]) -> Edit:
    def change(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        for n, values in cells.items():
            rows[n - 1].update(values)
        return rows

    return _parquet_rows(file, change)


def _integer_dates(root: Path) -> None:
    columns, rows = read_rows(root / EPISODE)
    table = pa.table(
        {
            **{c: [r[c] for r in rows] for c in columns if c != "referral_date"},
            "referral_date": [int(r["referral_date"].replace("-", "")) for r in rows],
        }
    )
    parquet_table(EPISODE, table)(root)


def _cells(file: str, column: str, value: str, rows: range | list[int]) -> Edit:
    return set_cells(file, {n: {column: value} for n in rows})


def _duplicate_rows(file: str, count: int) -> Edit:
    def change(columns: list[str], rows: list[dict[str, str]]) -> tuple[list[str], list[dict[str, str]]]:
        return columns, rows + [dict(r) for r in rows[:count]]

    return edit_csv(file, change)


def _listed_as(folder: str, name: str, listed: Callable[[Path], str]) -> Edit:
    """The manifest lists ``name`` under another name (made from the extract root)."""

    def apply(root: Path) -> None:
        data = manifest_of(root / folder)
        data["files"][listed(root)] = data["files"].pop(name)
        write_manifest(root / folder, data)

    return apply


def _outside_copy(file: str) -> Edit:
    def apply(root: Path) -> None:
        outside = root.parent / "outside" / "other" / Path(file).name
        outside.parent.mkdir(parents=True, exist_ok=True)
        outside.write_bytes((root / file).read_bytes())

    return apply


def _folder_symlink(root: Path) -> None:
    outside = root.parent / "outside" / "380"
    shutil.copytree(root / "csc" / "380", outside)
    shutil.rmtree(root / "csc" / "380")
    (root / "csc" / "380").symlink_to(outside, target_is_directory=True)


def _manifest_symlink(root: Path) -> None:
    outside = root.parent / "outside" / "manifest.json"
    outside.parent.mkdir(parents=True, exist_ok=True)
    outside.write_bytes((root / CSC / "manifest.json").read_bytes())
    (root / CSC / "manifest.json").unlink()
    (root / CSC / "manifest.json").symlink_to(outside)


def _second_manifest_same_partner(root: Path) -> None:
    twin = root / "csc" / "383-copy"
    twin.mkdir()
    for name in ("person.csv", "manifest.json"):
        (twin / name).write_bytes((root / CSC / name).read_bytes())
    data = manifest_of(twin)
    data["files"] = {"person.csv": data["files"]["person.csv"]}
    write_manifest(twin, data)


KEY = "{extract}/../k.key"  # where the key edits below write the case's key file


def key_file(content: bytes, mode: int = 0o600) -> Edit:
    """Write the case's key file (beside the extract) with these bytes and permissions."""

    def apply(root: Path) -> None:
        path = root.parent / "k.key"
        path.write_bytes(content)
        path.chmod(mode)

    return apply


def make_dir(relative: str) -> Edit:
    def apply(root: Path) -> None:
        (root / relative).mkdir(parents=True, exist_ok=True)

    return apply
