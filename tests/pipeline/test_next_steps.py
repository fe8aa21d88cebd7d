"""The demo's closing lines give commands a newcomer can paste as they are."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from atr.pipeline.demo import next_steps
from atr.pipeline.run import RunSummary


def _summary(tmp_path: Path) -> RunSummary:
    site = tmp_path / "demo" / "site"
    (site / "reports").mkdir(parents=True)
    (tmp_path / "demo" / "ingest_report.html").write_text("<html></html>", encoding="utf-8")
    demo = tmp_path / "demo"
    return RunSummary(outcomes=[], warehouse=demo / "atr.duckdb", site=site, log=demo / "run.log")


def test_next_steps_name_the_reports_and_a_runnable_atr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "/usr/bin:/bin")  # as under `make demo`: the venv is not activated
    lines = "\n".join(next_steps(tmp_path / "demo", _summary(tmp_path)))
    assert "demo/site/reports" in lines and "demo/ingest_report.html" in lines
    assert "report --project demo/atr.toml --place Leeds --out demo/leeds-needs-assessment.pdf" in lines
    venv = sys.prefix != sys.base_prefix
    expected_atr = str(Path(sys.prefix, "bin", "atr")) if venv else "atr"
    assert f"{expected_atr} run demo/atr.toml" in lines
    assert f"{expected_atr} report --project" in lines
