"""``atr evaluate`` from the command line, and its settings' files named in errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.errors import InputFileError
from atr.evaluate import load_cohorts, load_programmes

from .builder import World


def test_the_command_reports_people_and_problems(tmp_path: Path) -> None:
    w = World()
    w.person("EA", date(2010, 1, 1))
    w.record("school_exclusion", "EA", category="SUSP", start_date=date(2021, 1, 1))
    w.participation("EA", "NAVIG", date(2022, 6, 1))
    w.person("EU", date(2010, 1, 1))
    w.participation("EU", "NOSUCH", date(2022, 6, 1))
    w.build(str(tmp_path / "atr.duckdb")).close()
    result = CliRunner().invoke(app, ["evaluate", "--warehouse", str(tmp_path / "atr.duckdb")])
    assert result.exit_code == 0, result.output
    assert "people supported: 1" in result.output
    assert "1 participation rows: unknown programme" in result.output
    assert "(NOSUCH 1); programme code not in the programme list" in " ".join(result.output.split())


def test_a_bad_programme_list_names_the_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "programmes.yaml"
    bad.write_text(
        "programmes:\n  - {code: ABC, name: A, description: d, ages: [5, 9], outcomes: [happiness]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputFileError, match=r"programmes\.yaml.*outcomes.*unknown outcome"):
        load_programmes(bad)


def test_the_default_lists_load() -> None:
    assert [p.code for p in load_programmes()] == ["NAVIG", "TISCH", "THERA", "MENTR"]
    assert len(load_cohorts()) == 6
