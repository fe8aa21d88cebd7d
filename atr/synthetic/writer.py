"""Writing extracts (CSV + manifest), the postcode directory and the truth (Parquet).

CSV is written by ``pyarrow.csv`` (RFC 4180, UTF-8, header row; strings quoted, missing values
empty), which is both fast and byte-for-byte deterministic, so a seed and scale always give the
same SHA-256 in every manifest.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from atr.synthetic.contract import CONTRACT_VERSION
from atr.synthetic.demography import EXTRACT_DATE, PERIOD_END, PERIOD_START

CSV_OPTIONS = pacsv.WriteOptions(include_header=True, quoting_style="needed")


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_partner_extract(
    folder: Path, dataset: str, partner_code: str, partner_name: str, tables: dict[str, pa.Table]
) -> dict[str, int]:
    """Write one dataset folder of one partner: ``<table>.csv`` files and ``manifest.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, dict[str, object]] = {}
    for name, table in tables.items():
        path = folder / f"{name}.csv"
        pacsv.write_csv(table, path, write_options=CSV_OPTIONS)
        files[path.name] = {"rows": table.num_rows, "sha256": sha256_of(path)}
    manifest = {
        "dataset": dataset,
        "contract_version": CONTRACT_VERSION,
        "partner_code": partner_code,
        "partner_name": partner_name,
        "extract_date": EXTRACT_DATE,
        "period_start": PERIOD_START,
        "period_end": PERIOD_END,
        "files": files,
        "synthetic": True,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return {name: table.num_rows for name, table in tables.items()}


def write_parquet(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(table, path, compression="zstd")


def write_postcode_directory(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(table, path, write_options=CSV_OPTIONS)


def read_manifest(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    return data
