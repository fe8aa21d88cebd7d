"""Read one table file (CSV or Parquet) into a staging table, or reject it whole.

File-level checks (``CONTRACT.md`` §5) happen here, in the order a person would check them:
present and listed → not empty → checksum → UTF-8 → header has the required columns and no
duplicates → parses → row count agrees with the manifest. Any failure raises
:class:`FileRejected` with the contract rule id and a message that never quotes file content
(a CSV parser's error would otherwise echo a row, and rows hold names).

The staged file (a view over a temp table) holds ``__row`` (1-based data row number: for CSV the
header is not counted, so file line = row + 1 when no value spans lines) and every contract
column as trimmed text, NULL when empty. Optional columns the file lacks are NULL columns. CSV
row numbers come from DuckDB's insertion order (``rowid``), which follows the file while
``preserve_insertion_order`` is on (the runner switches it on); the file is read in one pass.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from atr.ingest.contract_model import Table
from atr.ingest.manifest import ManifestFile, scan_file
from atr.ingest.normalise import sql_trimmed
from atr.warehouse import Warehouse, quote_ident, sql_literal

TABLE_SUFFIXES = (".csv", ".parquet")
_PARQUET_DATE_TYPES = ("DATE", "TIMESTAMP")


class FileRejected(Exception):
    """A file-level error: the whole file is rejected with a contract rule id."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


@dataclass(frozen=True)
class StagedFile:
    stage: str  # temp table name
    rows: int
    missing_optional: tuple[str, ...]
    ignored_columns: tuple[str, ...]


def drop_stage(wh: Warehouse, stage: str) -> None:
    """Remove a staged file (its numbered view and the table under it)."""
    wh.execute(f"DROP VIEW IF EXISTS {stage}")
    wh.execute(f"DROP TABLE IF EXISTS {stage}__t")


def _csv_header(path: Path) -> list[str]:
    with path.open("rb") as raw, io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        return next(csv.reader(text), [])


def _parquet_columns(wh: Warehouse, path: Path) -> list[tuple[str, str]]:
    try:
        described = wh.rows(f"DESCRIBE SELECT * FROM read_parquet({sql_literal(str(path))})")
    except Exception as exc:  # the engine's own error type; its text may quote data
        raise FileRejected("file.unreadable", "not a readable Parquet file") from exc
    return [(str(d["column_name"]), str(d["column_type"])) for d in described]


def _csv_problem(message: str) -> str:
    """A CSV parser error reduced to line number and kind, without the offending content."""
    line = re.search(r"Line: (\d+)", message)
    where = f" on line {line.group(1)}" if line else ""
    counts = re.search(r"Expected Number of Columns: (\d+) Found: (\d+)", message)
    if counts:
        return f"not a readable CSV: {counts.group(2)} fields{where}, header has {counts.group(1)}"
    if "quote" in message.lower():
        return f"not a readable CSV: unterminated quoted value{where}"
    return f"not a readable CSV: parse error{where}"


def _check_header(names: list[str], table: Table) -> tuple[dict[str, int], tuple[str, ...]]:
    """Contract column → position in the file; and the file's columns that are not in the contract."""
    cleaned = [n.strip().lower() for n in names]
    seen: set[str] = set()
    for name in cleaned:
        if name in seen:
            raise FileRejected("file.duplicate_column", f"header names column '{name}' twice")
        seen.add(name)
    positions = {name: i for i, name in enumerate(cleaned) if name in table.column_names}
    missing = [c.name for c in table.columns if c.required and c.name not in positions]
    if missing:
        raise FileRejected(
            "file.missing_required_column", f"header lacks required column(s): {', '.join(missing)}"
        )
    ignored = tuple(n for n in cleaned if n not in table.column_names)
    return positions, ignored


def stage_file(wh: Warehouse, path: Path, table: Table, listed: ManifestFile, stage: str) -> StagedFile:
    """Check ``path`` against its manifest entry and contract table; load it into ``stage``."""
    is_csv = path.suffix == ".csv"
    scan = scan_file(path, check_utf8=is_csv)
    if scan.size == 0:
        raise FileRejected("file.empty", "file is empty")
    if scan.sha256.lower() != listed.sha256.lower():
        raise FileRejected("file.checksum_mismatch", "SHA-256 differs from the manifest's")
    if scan.utf8_error_line is not None:
        raise FileRejected("file.encoding", f"not UTF-8 (first bad byte on line {scan.utf8_error_line})")

    table_name = f"{stage}__t"
    if is_csv:
        header = _csv_header(path)
        if not any(h.strip() for h in header):
            raise FileRejected("file.empty", "file has no header row")
        positions, ignored = _check_header(header, table)
        columns = ", ".join(f"'c{i}': 'VARCHAR'" for i in range(len(header)))
        source = (
            f"read_csv({sql_literal(str(path))}, header = true, auto_detect = false, "
            f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', encoding = 'utf-8')"
        )
        value = {name: f"c{i}" for name, i in positions.items()}
        row: list[str] = []  # numbered below from insertion order (rowid), which follows the file
    else:
        described = _parquet_columns(wh, path)
        positions, ignored = _check_header([name for name, _ in described], table)
        source = f"read_parquet({sql_literal(str(path))}, file_row_number = true)"
        value = {}
        for name, i in positions.items():
            source_col = quote_ident(described[i][0])
            is_date = described[i][1].startswith(_PARQUET_DATE_TYPES)
            value[name] = f"CAST({source_col} AS DATE)" if is_date else source_col
        row = ["file_row_number + 1 AS __row"]

    selects = list(row)
    for col in table.columns:
        expr = sql_trimmed(value[col.name]) if col.name in value else "CAST(NULL AS VARCHAR)"
        selects.append(f"{expr} AS {quote_ident(col.name)}")
    try:
        wh.execute(f"CREATE OR REPLACE TEMP TABLE {table_name} AS SELECT {', '.join(selects)} FROM {source}")
    except Exception as exc:  # the engine's own error type; its text may quote data
        problem = _csv_problem(str(exc)) if is_csv else "not a readable Parquet file"
        raise FileRejected("file.unreadable", problem) from exc
    numbered = "rowid + 1 AS __row, *" if is_csv else "*"
    wh.execute(f"CREATE OR REPLACE TEMP VIEW {stage} AS SELECT {numbered} FROM {table_name}")
    rows = int(wh.scalar(f"SELECT count(*) FROM {table_name}"))
    if rows != listed.rows:
        drop_stage(wh, stage)
        raise FileRejected(
            "file.row_count_mismatch", f"manifest says {listed.rows:,} rows, file has {rows:,}"
        )
    missing = tuple(c.name for c in table.columns if c.name not in positions)
    return StagedFile(stage=stage, rows=rows, missing_optional=missing, ignored_columns=ignored)
