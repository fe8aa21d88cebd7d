"""The governance records written by `atr governance` are published and linked from the methods page."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from atr.cli import app

runner = CliRunner()


def test_governance_records_are_pages_of_the_site_linked_from_methods(
    warehouse_factory: Callable[..., Path], tmp_path: Path
) -> None:
    warehouse = warehouse_factory(tmp_path / "atr.duckdb")
    made = runner.invoke(app, ["governance", "--warehouse", str(warehouse), "--out", str(tmp_path / "gov")])
    assert made.exit_code == 0, made.output
    site = tmp_path / "site"
    built = runner.invoke(app, ["publish", "--warehouse", str(warehouse), "--out", str(site)])
    assert built.exit_code == 0, built.output
    methods = (site / "data-quality.html").read_text(encoding="utf-8")
    assert 'id="governance"' in methods
    for record in ("data-flow", "datasets", "algorithmic-transparency"):
        assert f'href="governance/{record}.html"' in methods, record
        page = (site / "governance" / f"{record}.html").read_text(encoding="utf-8")
        assert "<table>" in page and "../data-quality.html" in page
        assert (site / "governance" / f"{record}.md").read_text(encoding="utf-8").startswith("# ")
    atrs = (site / "governance" / "algorithmic-transparency.html").read_text(encoding="utf-8")
    assert "Tier 2: risks, mitigations and impact assessments" in atrs


def test_without_governance_records_the_methods_page_has_no_section(site_dir: Path) -> None:
    assert 'id="governance"' not in (site_dir / "data-quality.html").read_text(encoding="utf-8")
    assert not (site_dir / "governance").exists()
