"""The YAML contract: it loads, and it says exactly what CONTRACT.md says."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from atr.ingest.contract_model import Contract, load_contract, resolve_date_bound


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += ch
    return [*parts, current]


def contract_md_tables(text: str) -> dict[str, dict[str, list[str]]]:
    """Dataset → table → column names, read from CONTRACT.md §3 and §4."""
    person = re.findall(r"^\| ([a-z_0-9, ]+) \| (?:string|date|code)", text, flags=re.M)
    person_columns = [c.strip() for row in person for c in row.split(",")]
    tables: dict[str, dict[str, list[str]]] = {}
    dataset = None
    for line in text.splitlines():
        if m := re.match(r"^`([a-z_]+)` — ", line):
            dataset = m.group(1)
            tables[dataset] = {"person": person_columns}
        elif dataset and (m := re.match(r"^- `([a-z_]+)`: (.*)$", line)):
            names = [re.match(r"\s*([a-z_0-9]+)", p).group(1) for p in _split_top_level(m.group(2))]  # type: ignore[union-attr]
            tables[dataset][m.group(1)] = names
    return tables


def test_contract_loads_and_is_versioned() -> None:
    contract = load_contract()
    assert contract.contract_version == "1.0"
    assert len(contract.code_lists["cin_assessment_factor"].codes) == 42
    assert contract.severity("code.unknown") == "warning"
    assert contract.severity("date.impossible") == "error"
    assert contract.severity("file.checksum_mismatch") == "reject"


def test_contract_matches_contract_md(shared_dir: Path) -> None:
    expected = contract_md_tables((shared_dir / "contract" / "CONTRACT.md").read_text(encoding="utf-8"))
    contract = load_contract()
    # `network` is the project's own dataset (the network platform's export, issue 15): it is
    # documented in docs/tables.md and checked against its writer in tests/network.
    assert set(expected) == set(contract.datasets) - {"network"}
    for dataset, tables in expected.items():
        ours = {name: list(t.column_names) for name, t in contract.tables_of(dataset).items()}
        assert ours == tables, dataset


def test_every_rule_the_code_can_raise_is_in_the_contract() -> None:
    source = "\n".join(p.read_text() for p in (Path(__file__).parents[2] / "atr" / "ingest").glob("*.py"))
    raised = set(
        re.findall(
            r"[\"']((?:file|manifest|date|int|bool|key|ref|code|format|required|nhs_number|upn|postcode|uprn)\.[a-z_]+)[\"']",
            source,
        )
    )
    raised.discard("manifest.json")  # a file name, not a rule
    assert raised, "no rule ids found"
    assert raised <= set(load_contract().rules)


def test_a_broken_contract_fails_to_load() -> None:
    data = load_contract().model_dump()
    data["datasets"]["csc"]["tables"]["episode"]["columns"][3]["codes"] = "no_such_list"
    with pytest.raises(ValidationError, match="unknown code list"):
        Contract.model_validate(data)


def test_date_bounds() -> None:
    from datetime import date

    assert resolve_date_bound("extract_date-120y", date(2025, 4, 30)) == date(1905, 4, 30)
    assert resolve_date_bound("extract_date+1y", date(2024, 2, 29)) == date(2025, 2, 28)
    assert resolve_date_bound("1900-01-01", date(2025, 4, 30)) == date(1900, 1, 1)
