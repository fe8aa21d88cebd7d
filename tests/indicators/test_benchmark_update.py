"""``atr benchmarks update``: England's figures from a downloaded EES CSV, checked, written atomically."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.errors import InputFileError, UsageError
from atr.indicators.benchmark_update import BenchmarkUpdate, financial_period, update_benchmarks
from atr.indicators.benchmarks import BENCHMARK_FILE, load_national_figures
from atr.indicators.catalogue import load_catalogue

SCALES = {i.id: i.multiplier for i in load_catalogue()}
# The layout of an EES download: national, regional and local rows; 'c' where withheld; a filter column.
DOWNLOAD = """time_period,time_identifier,geographic_level,country_code,region_code,population_type,rate_per_10000
2026,Reporting year,National,E92000001,,Children looked after on 31 March,66
2026,Reporting year,National,E92000001,,Children starting to be looked after,24
2026,Reporting year,Regional,E92000001,E12000003,Children looked after on 31 March,80
2025,Reporting year,National,E92000001,,Children looked after on 31 March,67
2024,Reporting year,National,E92000001,,Children looked after on 31 March,c
"""
FILTER = {"population_type": "Children looked after on 31 March"}


@pytest.fixture
def table(tmp_path: Path) -> Path:
    copy = tmp_path / "national_benchmarks.csv"
    shutil.copyfile(str(resources.files("atr.indicators").joinpath(BENCHMARK_FILE)), copy)
    return copy


def _download(tmp_path: Path, text: str = DOWNLOAD) -> Path:
    path = tmp_path / "ees.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_periods_become_financial_years() -> None:
    assert financial_period("2025", "Reporting year") == "2024/25"
    assert financial_period("202324", "Academic year") == "2023/24"
    assert financial_period("202324", "Financial year") == "2023/24"
    with pytest.raises(ValueError, match="2025"):
        financial_period("2025", "Calendar year")
    with pytest.raises(ValueError):
        financial_period("202325", "Academic year")


def test_update_replaces_one_indicators_periods_and_keeps_the_rest(table: Path, tmp_path: Path) -> None:
    before = load_national_figures(table.read_text(encoding="utf-8"))
    update = update_benchmarks(
        table,
        _download(tmp_path),
        indicator_id="looked_after_rate",
        column="rate_per_10000",
        release="reporting year 2026",
        scales=SCALES,
        filters=FILTER,
    )
    # England's two years, and the region's 2026 row (the table has a Yorkshire and The Humber row to copy)
    assert update.written and update.changes == [
        ("2024/25", 67.0, 67.0),
        ("2025/26", None, 66.0),
        ("2025/26 Yorkshire and The Humber", None, 80.0),
    ]
    assert update.skipped == ["2023/24: 'c' in rate_per_10000 (withheld or not available)"]
    after = {
        (f.indicator_id, f.period, f.area_code): f
        for f in load_national_figures(table.read_text(encoding="utf-8"))
    }
    new = after[("looked_after_rate", "2025/26", "E92000001")]
    assert new.value == 66 and new.release == "reporting year 2026" and new.multiplier == 10000
    assert not new.comparable and "known to the partnership" in new.definition_note  # kept from its row
    assert new.quote == "rate_per_10000 = 66 in England's row for 2025/26 of ees.csv"  # not the old row's
    assert after[("looked_after_rate", "2023/24", "E92000001")].value == 69  # withheld in the download: kept
    # the region's rows are neither England's template nor replaced by England's figures
    assert after[("looked_after_rate", "2019/20", "E12000003")].value == 77
    region = after[("looked_after_rate", "2025/26", "E12000003")]
    assert region.value == 80 and region.area_name == "Yorkshire and The Humber" and not region.comparable
    assert region.quote == "rate_per_10000 = 80 in Yorkshire and The Humber's row for 2025/26 of ees.csv"
    untouched = [f for f in before if f.indicator_id != "looked_after_rate" or f.area_code != "E92000001"]
    assert all(after[(f.indicator_id, f.period, f.area_code)] == f for f in untouched)
    assert len(after) == len(before) + 2


def _update(
    table: Path,
    download: Path,
    column: str = "rate_per_10000",
    filters: dict[str, str] | None = None,
    indicator_id: str = "looked_after_rate",
    dry_run: bool = False,
) -> BenchmarkUpdate:
    return update_benchmarks(
        table,
        download,
        indicator_id=indicator_id,
        column=column,
        release="reporting year 2026",
        scales=SCALES,
        filters=filters,
        dry_run=dry_run,
    )


def test_a_dry_run_or_a_bad_download_leaves_the_table_as_it_was(table: Path, tmp_path: Path) -> None:
    original = table.read_bytes()
    update = _update(table, _download(tmp_path), filters=FILTER, dry_run=True)
    assert not update.written and update.changes and table.read_bytes() == original
    with pytest.raises(InputFileError, match=r"ees\.csv: no column 'rate'.*rate_per_10000"):
        _update(table, _download(tmp_path), column="rate")
    with pytest.raises(InputFileError, match=r"two England figures for 2025/26.*--filter"):
        _update(table, _download(tmp_path))
    too_big = _download(tmp_path, DOWNLOAD.replace(",66\n", ",12000\n"))
    with pytest.raises(InputFileError, match=r"12000.0 is not a rate per 10,000"):
        _update(table, too_big, filters=FILTER)
    not_a_number = _download(tmp_path, DOWNLOAD.replace(",66\n", ",sixty\n"))
    with pytest.raises(InputFileError, match=r"row 2, field 'rate_per_10000'.*'sixty'"):
        _update(table, not_a_number, filters=FILTER)
    with pytest.raises(UsageError, match="no row for 'care_entry_rate'"):
        _update(table, _download(tmp_path), indicator_id="care_entry_rate")
    assert table.read_bytes() == original


def test_the_command_reports_what_it_changed(table: Path, tmp_path: Path) -> None:
    args = ["benchmarks", "update", "--from", str(_download(tmp_path)), "-i", "looked_after_rate"]
    args += ["--column", "rate_per_10000", "--filter", "population_type=Children looked after on 31 March"]
    args += ["--release", "reporting year 2026", "--benchmarks", str(table)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert "2025/26" in result.output and "new" in result.output and f"Written: {table}" in result.output
    assert "Skipped 2023/24" in result.output
    bad = CliRunner().invoke(app, [*args[:-2], "--benchmarks", str(table), "--filter", "nonsense"])
    assert bad.exit_code != 0 and "COLUMN=VALUE" in str(bad.exception)
