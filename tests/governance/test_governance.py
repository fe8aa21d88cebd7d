"""`atr governance`: data flow, datasets and fields, and an ATRS record, from the project file."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from typer.testing import CliRunner

from atr.cli import app
from atr.governance import GOVERNANCE_TABLE, write_governance
from atr.ingest.contract_model import load_contract
from atr.project import load_project
from atr.warehouse import open_warehouse

runner = CliRunner()
ATRS_TIER_2 = (
    "Tier 2: owner and responsibility",
    "Tier 2: description and rationale",
    "Tier 2: decision-making process",
    "Tier 2: tool specification",
    "Tier 2: risks, mitigations and impact assessments",
)
ATRS_FIELDS = (
    "| Name |",
    "| Description |",
    "| Website URL |",
    "| Contact email |",
    "| Senior responsible owner |",
    "| Process integration |",
    "| Human decisions and review |",
    "| Source data name |",
    "| Sensitive attributes |",
    "| Data access and storage |",
    "| Impact assessment (DPIA) |",
)


def project(tmp_path: Path, extra: str = "") -> Path:
    (tmp_path / "opt_out.txt").write_text("9434765919\n")
    (tmp_path / "atr.toml").write_text(
        'name = "Calder <Observatory>"\nwarehouse = "build/atr.duckdb"\n'
        "[link]\nmatch_threshold = 0.93\n[disclosure]\nsuppress_below = 10\nround_to = 5\n"
        '[opt_out]\nnhs_numbers_file = "opt_out.txt"\ndatasets = ["gp_registration", "mental_health"]\n'
        f'[governance]\norganisation = "Calder Combined Authority"\ncontact_email = "atr@calder.example"\n{extra}'
    )
    return tmp_path / "atr.toml"


def test_records_describe_the_project_as_configured(tmp_path: Path) -> None:
    config = load_project(project(tmp_path))
    written = write_governance(config, tmp_path / "gov")
    names = sorted(p.name for p in written)
    assert names == sorted(
        f"{n}.{s}"
        for n in ("data-flow", "datasets", "algorithmic-transparency", "index")
        for s in ("md", "html")
    )
    atrs = (tmp_path / "gov" / "algorithmic-transparency.md").read_text()
    for heading in ("Tier 1: overview", *ATRS_TIER_2):
        assert f"## {heading}" in atrs, heading
    for name in ATRS_FIELDS:
        assert name in atrs, name
    assert "Calder Combined Authority" in atrs and "atr@calder.example" in atrs
    assert "set `senior_responsible_owner` in the `[governance]` section" in atrs  # not invented
    assert "match probability reaches 0.93" in atrs
    flow = (tmp_path / "gov" / "data-flow.md").read_text()
    assert (
        "atr.identity.parquet" in flow
        and "excluded before linkage from: gp_registration, mental_health" in flow
    )
    assert "counts from 1 to 9 are suppressed" in flow
    fields = (tmp_path / "gov" / "datasets.md").read_text()
    contract = load_contract()
    for dataset in contract.datasets:
        assert f"## {dataset}\n" in fields, dataset
    assert "| person | forename | name | " in fields and "record linkage only" in fields
    assert "Covered by the opt-out list." in fields
    page = (tmp_path / "gov" / "algorithmic-transparency.html").read_text()
    assert "<table>" in page and "Calder &lt;Observatory&gt;" in page and "<Observatory>" not in page


def test_the_command_lists_the_loaded_extracts_and_fills_the_warehouse_table(tmp_path: Path) -> None:
    path = project(tmp_path)
    warehouse = tmp_path / "build" / "atr.duckdb"
    with open_warehouse(warehouse) as wh:
        wh.write_arrow(
            "ingest_batch",
            pa.table(
                {
                    "dataset": ["csc"],
                    "partner_code": ["383"],
                    "partner_name": ["Leeds City Council"],
                    "extract_date": ["2025-03-31"],
                }
            ),
        )
        wh.write_arrow("person_demographics", pa.table({"dataset": ["csc"] * 3, "partner_code": ["383"] * 3}))
    result = runner.invoke(app, ["governance", "--project", str(path)])
    assert result.exit_code == 0, result.output
    flow = (tmp_path / "build" / "governance" / "data-flow.md").read_text()
    assert "| csc | Leeds City Council | 383 | 2025-03-31 |" in flow
    fields = (tmp_path / "build" / "governance" / "datasets.md").read_text()
    assert "## csc\n" in fields and "## police\n" not in fields  # only what the warehouse holds
    atrs = (tmp_path / "build" / "governance" / "algorithmic-transparency.md").read_text()
    assert "1 partner extracts; 3 person records" in atrs
    with open_warehouse(warehouse, read_only=True) as wh:
        rows = wh.rows(f"SELECT record_id, title FROM {GOVERNANCE_TABLE} ORDER BY record_id")
    assert [r["record_id"] for r in rows] == ["algorithmic-transparency", "data-flow", "datasets"]
