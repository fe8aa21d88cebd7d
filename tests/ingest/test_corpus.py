"""The permanent bad-input corpus: every case breaks one thing in a copy of a good extract.

Each case runs ``atr ingest`` (in-process) on a copy of the base extract over a copy of a
warehouse holding the base's good load, and states its exit status, a rule its messages must
match, and how many files are rejected. Every case is then held to the same guarantees:

- every file's rows add up: read = accepted + quarantined + in a rejected file;
- no previous good load is lost: a (dataset, partner) whose batch was not loaded keeps exactly
  the rows it had; one that was loaded holds exactly what the report says it accepted;
- no exit status 0 with data wiped: after exit 0, no table the base load filled is empty;
- a row-level finding the case names (``flags``) is in the report: file, rule, field, an example
  row and the number of rows.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from atr.cli import main
from atr.pseudonymise import ENV_VAR, write_new_key
from atr.warehouse import open_warehouse

from .corpus_base import build_base
from .corpus_cases import CASES
from .corpus_edits import Case

BASE_BATCHES = {("csc", "383"), ("csc", "380"), ("police", "13"), ("school", "383"), ("programme", "383")}
CONTENT_PREFIXES = {"csc", "police", "school", "programme", "identity"}


@dataclass(frozen=True)
class Base:
    extract: Path
    warehouse: Path
    key_file: Path
    counts: dict[str, dict[tuple[str, str], int]]  # table → (dataset, partner) → rows


def run_atr(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: object
) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["atr", *map(str, args)])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def table_counts(warehouse: Path) -> dict[str, dict[tuple[str, str], int]]:
    """Rows per content/identity table per (dataset, partner)."""
    with open_warehouse(warehouse) as wh:
        tables = [t for t in wh.list_tables() if t.split("_")[0] in CONTENT_PREFIXES]
        counts: dict[str, dict[tuple[str, str], int]] = {}
        for table in tables:
            for r in wh.rows(f"SELECT dataset, partner_code, count(*) AS n FROM {table} GROUP BY ALL"):
                counts.setdefault(table, {})[(r["dataset"], r["partner_code"])] = int(r["n"])
    return counts


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    root = tmp_path_factory.mktemp("corpus")
    extract = build_base(root / "extract")
    key_file = root / "secrets" / "atr.key"
    write_new_key(key_file)
    warehouse = root / "base.duckdb"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "argv", ["atr", "ingest", str(extract), "-w", str(warehouse), "-k", str(key_file)])
        mp.delenv(ENV_VAR, raising=False)
        try:
            main()
        except SystemExit as exc:
            assert not exc.code, "the base extract must load cleanly"
    counts = table_counts(warehouse)
    assert {k for c in counts.values() for k in c} == BASE_BATCHES
    return Base(extract, warehouse, key_file, counts)


def _messages(report: dict[str, Any] | None, out: str) -> str:
    parts = [" ".join(out.split())]
    if report:
        parts += [t["reason"] or "" for t in report["tables"]]
        parts += [b["reason"] or "" for b in report["batches"]]
    return "\n".join(parts)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_input_case(
    case: Case,
    base: Base,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    extract = tmp_path / "extract"
    shutil.copytree(base.extract, extract, symlinks=True)
    warehouse = tmp_path / "atr.duckdb"
    shutil.copy(base.warehouse, warehouse)
    case.edit(extract)
    target: Path = case.target(extract) if case.target else extract
    args = [a.replace("{extract}", str(extract)) for a in case.args]
    code, out = run_atr(monkeypatch, capsys, "ingest", target, "-w", warehouse, "-k", base.key_file, *args)
    report_file = tmp_path / "ingest_report.json"
    report = json.loads(report_file.read_text()) if report_file.exists() and code != 2 else None

    assert code == case.exit, out
    assert re.search(case.message, _messages(report, out)), (case.message, out)
    assert "Traceback" not in out
    after = table_counts(warehouse)
    if report is None:  # refused before anything was read: the warehouse is untouched
        assert after == base.counts
        return
    rejected = [t for t in report["tables"] if t["status"] == "rejected"]
    assert len(rejected) == case.rejected, [(t["file"], t["reason"]) for t in rejected]
    for flag in case.flags:
        found = [
            r
            for t in report["tables"]
            if t["file"] == flag.file
            for r in t["rules"]
            if (r["rule"], r["field"]) == (flag.rule, flag.field)
        ]
        assert found, (flag, [(t["file"], t["rules"]) for t in report["tables"] if t["file"] == flag.file])
        assert found[0]["count"] == flag.count and flag.row in found[0]["example_rows"], (flag, found[0])
    if case.held_rows is not None:
        assert sum(t["rows_rejected"] for t in report["tables"]) == case.held_rows
    for t in report["tables"]:
        assert t["rows_read"] == t["rows_accepted"] + t["rows_quarantined"] + t["rows_rejected"], t
        if t["status"] == "rejected":
            assert t["rows_accepted"] == t["rows_quarantined"] == 0, t
    loaded = {(b["dataset"], b["partner_code"]) for b in report["batches"] if b["loaded"]}
    for dataset, partner in BASE_BATCHES - loaded:
        for table, counts in base.counts.items():
            if (dataset, partner) in counts:
                assert after.get(table, {}).get((dataset, partner)) == counts[(dataset, partner)], (
                    f"{dataset}/{partner} lost rows of {table} although its batch was not loaded"
                )
    for t in report["tables"]:
        key = (t["dataset"], t["partner_code"])
        table = f"{t['dataset']}_{t['table']}"
        if key in loaded and t["table"] != "person" and table in after:
            assert after[table].get(key, 0) == t["rows_accepted"], (table, key)
    if code == 0:
        for table, counts in base.counts.items():
            for key, n in counts.items():
                assert not n or after.get(table, {}).get(key), f"exit 0 but {table} of {key} was emptied"


def test_the_corpus_is_big_enough_and_names_are_unique() -> None:
    assert len(CASES) >= 70
    assert len({c.name for c in CASES}) == len(CASES)
