"""A tiny extract builder for ingest tests: writes tables and a manifest with real checksums.

Kept independent of ``atr.ingest``: valid NHS numbers and UPNs are made here with their own
arithmetic, so the fixtures are an oracle for the code under test rather than its echo.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

EXTRACT_DATE = "2025-04-30"
PERSON_COLUMNS = (
    "person_id",
    "nhs_number",
    "upn",
    "la_child_id",
    "pnc_id",
    "forename",
    "middle_names",
    "surname",
    "former_surname",
    "date_of_birth",
    "sex",
    "ethnicity_code",
    "postcode",
    "uprn",
    "address_line_1",
    "town",
)


def nhs_number(serial: int) -> str:
    """A Modulus 11 valid NHS number in the 999 test range (skipping stems with no check digit)."""
    stem_value = 999_000_000 + serial
    while True:
        stem = f"{stem_value:09d}"
        check = (11 - sum(int(d) * w for d, w in zip(stem, range(10, 1, -1), strict=True)) % 11) % 11
        if check != 10:
            return stem + str(check)
        stem_value += 1


def upn(serial: int, la: str = "383") -> str:
    """A permanent UPN with a correct check letter."""
    body = f"{la}2015{serial:05d}"[:12]
    letters = "ABCDEFGHJKLMNPQRTUVWXYZ"
    total = sum(int(ch) * pos for pos, ch in enumerate(body, start=2))
    return letters[total % 23] + body


def person(i: int, **overrides: str) -> dict[str, str]:
    """A plausible synthetic person row (no real people)."""
    row = {
        "person_id": f"P{i:04d}",
        "nhs_number": nhs_number(i),
        "upn": upn(i),
        "la_child_id": f"LC{i:05d}",
        "pnc_id": "",
        "forename": "Zoë" if i % 2 else "Jack",
        "middle_names": "",
        "surname": "O'Neill-Smith" if i % 3 == 0 else "Brown",
        "former_surname": "",
        "date_of_birth": f"{2010 + i % 5}-0{1 + i % 9}-1{i % 10}",
        "sex": "F" if i % 2 else "M",
        "ethnicity_code": "WBRI",
        "postcode": "ls6 1ab" if i % 2 else "BD1  1HY",
        "uprn": str(100000000 + i),
        "address_line_1": "1 Test Street",
        "town": "Leeds",
    }
    row.update(overrides)
    return row


@dataclass
class DatasetFolder:
    """One dataset folder: add tables, then write the manifest."""

    path: Path
    dataset: str
    partner_code: str
    extract_date: str = EXTRACT_DATE
    synthetic: bool = False
    files: dict[str, dict[str, Any]] = field(default_factory=dict)

    def csv(
        self,
        table: str,
        rows: Sequence[dict[str, str]],
        columns: Sequence[str] | None = None,
        *,
        encoding: str = "utf-8",
    ) -> Path:
        columns = list(columns or (rows[0].keys() if rows else []))
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([row.get(c, "") for c in columns])
        return self.raw(f"{table}.csv", buffer.getvalue().encode(encoding), rows=len(rows))

    def parquet(self, table: str, rows: Sequence[dict[str, Any]], schema: pa.Schema | None = None) -> Path:
        data = pa.Table.from_pylist(list(rows), schema=schema)
        sink = io.BytesIO()
        pq.write_table(data, sink)
        return self.raw(f"{table}.parquet", sink.getvalue(), rows=len(rows))

    def raw(self, name: str, content: bytes, *, rows: int) -> Path:
        self.path.mkdir(parents=True, exist_ok=True)
        target = self.path / name
        target.write_bytes(content)
        self.files[name] = {"rows": rows, "sha256": hashlib.sha256(content).hexdigest()}
        return target

    def manifest(self, **overrides: Any) -> Path:
        data: dict[str, Any] = {
            "dataset": self.dataset,
            "contract_version": "1.0",
            "partner_code": self.partner_code,
            "partner_name": f"Test partner {self.partner_code}",
            "extract_date": self.extract_date,
            "period_start": "2019-04-01",
            "period_end": "2025-03-31",
            "files": self.files,
        }
        if self.synthetic:
            data["synthetic"] = True
        data.update(overrides)
        target = self.path / "manifest.json"
        target.write_text(json.dumps(data, indent=1), encoding="utf-8")
        return target


def dataset_folder(root: Path, dataset: str, partner_code: str = "383", **kwargs: Any) -> DatasetFolder:
    """``root/<dataset>/<partner_code>/``, the layout ``atr synth`` writes."""
    return DatasetFolder(root / dataset / partner_code, dataset, partner_code, **kwargs)
