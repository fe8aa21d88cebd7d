"""`atr derive` end to end on a small warehouse file: outputs, hidden need, clear errors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.derive.periods_sql import fy_label_sql
from atr.periods import FinancialYear
from atr.warehouse import DuckDBWarehouse, open_warehouse
from tests.derive.builder import LAD, LSOA, World
from tests.derive.test_published_estimates import write_rates

runner = CliRunner()


def _world() -> World:
    w = World()
    w.rows["ref_population"] = [
        {
            "lsoa11_code": LSOA,
            "lad19_code": LAD,
            "pop_aged_0_15": 400,
            "pop_aged_16_59": 900,
            "pop_aged_60_plus": 300,
        },
        {
            "lsoa11_code": "E01000002",
            "lad19_code": LAD,
            "pop_aged_0_15": 400,
            "pop_aged_16_59": 900,
            "pop_aged_60_plus": 300,
        },
    ]
    w.person("C", (2015, 1))
    assessment = w.record(
        "csc_assessment", "C", start_date=date(2023, 5, 1), authorisation_date=date(2023, 5, 9)
    )
    for factor in ("3B", "4B", "1B"):
        w.record("csc_assessment_factor", "C", assessment_id=assessment, factor=factor)
    w.person("D", (2016, 1), lsoa="E01000002")
    w.record("school_fsm", "D", start_date=date(2023, 1, 1), end_date=None)
    return w


@pytest.fixture
def warehouse_file(tmp_path: Path) -> Path:
    path = tmp_path / "atr.duckdb"
    with open_warehouse(path) as wh:
        _world().write(wh)
    return path


def test_derive_command_writes_every_table(warehouse_file: Path, tmp_path: Path) -> None:
    estimates = write_rates(tmp_path / "cc")
    result = runner.invoke(app, ["derive", "--warehouse", str(warehouse_file), "--estimates", str(estimates)])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert "not comparable with survey ACE scores" in output
    with open_warehouse(warehouse_file) as wh:
        tables = set(wh.list_tables())
        assert {
            "adversity_event",
            "child_year",
            "adult_year",
            "modelled_toxic_trio",
            "hidden_need",
            "capture_recapture",
            "derive_rule",
        } <= tables
        assert not any(t.startswith("derive__") for t in tables)  # intermediates are cleaned up
        row = wh.rows(
            "SELECT * FROM hidden_need WHERE area_code = ? AND financial_year = '2023/24' AND measure = 'all_three' "
            "AND evidence = 'all_tiers'",
            [LSOA],
        )[0]
        assert row["recorded"] == 1
        assert row["modelled_estimate"] == pytest.approx(row["hidden_estimate"] + 1)
        district = wh.rows(
            "SELECT * FROM hidden_need WHERE area_type = 'district' AND measure = 'any' AND financial_year = '2023/24' AND evidence = 'tier_ab'"
        )[0]
        assert district["recorded"] == 1  # only C; D's free school meals are not part of the trio
        # Kirklees etc. have no LSOAs in this world; Leeds is rate 1.0% + 0.0 of 900 children
        assert district["modelled_estimate"] == pytest.approx(0.01 * 800 * 18 / 16 * (1 + 0.6 / 1.0), rel=0.5)


def test_derive_runs_without_published_estimates(
    warehouse_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ATR_PUBLISHED_ESTIMATES_DIR", raising=False)
    result = runner.invoke(app, ["derive", "--warehouse", str(warehouse_file)])
    assert result.exit_code == 0, result.output
    assert "no published toxic-trio estimates" in " ".join(result.output.split())
    with open_warehouse(warehouse_file) as wh:
        assert wh.count("modelled_toxic_trio") == 0 and wh.count("hidden_need") == 0
        assert wh.count("child_year") == 12  # two children, six default reporting years


def test_missing_link_tables_and_columns_are_clear_errors(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    with open_warehouse(empty) as wh:
        wh.execute("CREATE TABLE ref_lsoa (lsoa11_code VARCHAR)")
    result = runner.invoke(app, ["derive", "--warehouse", str(empty)])
    assert result.exit_code != 0
    assert "entity_membership" in str(result.exception) and "atr link" in str(result.exception)

    broken = tmp_path / "broken.duckdb"
    with open_warehouse(broken) as wh:
        _world().write(wh)
        wh.execute("ALTER TABLE csc_assessment DROP COLUMN authorisation_date")
    result = runner.invoke(app, ["derive", "--warehouse", str(broken)])
    assert result.exit_code != 0
    assert "csc_assessment" in str(result.exception) and "authorisation_date" in str(result.exception)


def test_missing_warehouse_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["derive", "--warehouse", str(tmp_path / "nope.duckdb")])
    assert result.exit_code != 0 and "warehouse not found" in str(result.exception)


@pytest.mark.parametrize(
    "day", [date(2023, 3, 31), date(2023, 4, 1), date(2000, 1, 1), date(2019, 12, 31), date(2024, 4, 30)]
)
def test_financial_year_sql_agrees_with_atr_periods(day: date) -> None:
    warehouse = DuckDBWarehouse(":memory:")
    label = warehouse.scalar(
        f"SELECT {fy_label_sql('d')} FROM (SELECT CAST(? AS DATE) AS d) t", [day.isoformat()]
    )
    assert label == FinancialYear.containing(day).label


def test_every_rule_and_column_is_documented() -> None:
    from atr.derive.rules import all_rules

    docs = (Path(__file__).resolve().parents[2] / "docs" / "derive.md").read_text(encoding="utf-8")
    missing = [r.rule_id for r in all_rules() if f"`{r.rule_id}`" not in docs]
    assert missing == []
