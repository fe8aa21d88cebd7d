"""Reading the Children's Commissioner files: where from, and clear errors when they are wrong."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from atr.derive.published_estimates import MEASURES, RATE_FILE, find_estimates_dir, read_toxic_trio_estimates
from atr.errors import InputFileError
from atr.reference.layout import DISTRICTS
from atr.warehouse import DuckDBWarehouse

HEADER = [
    "LA",
    "Region",
    *(
        f"Projected % of 0-17 yr olds in a household where an adult {phrase} x"
        for phrase in MEASURES.values()
    ),
]


def write_rates(folder: Path, rows: dict[str, list[str]] | None = None, header: list[str] = HEADER) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    rows = (
        rows
        if rows is not None
        else {name: [f"{1 + i / 10:.2f}" for i in range(len(MEASURES))] for name in DISTRICTS.values()}
    )
    with (folder / RATE_FILE).open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerow(["Barnet", "London", *["5"] * len(MEASURES)])
        for name, values in rows.items():
            writer.writerow([name, "Yorkshire and the Humber", *values])
    return folder


def test_reads_the_five_districts(tmp_path: Path) -> None:
    estimates = read_toxic_trio_estimates(write_rates(tmp_path))
    assert set(estimates.rates) == set(DISTRICTS)
    assert estimates.rate("E08000035", "domestic_abuse_narrow") == 1.0
    assert estimates.rate("E08000035", "all_three_narrow") == pytest.approx(2.3)


def test_reads_the_published_file(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "external" / "childrens_commissioner"
    if not (folder / RATE_FILE).is_file():
        pytest.skip("Children's Commissioner files not available")
    leeds = read_toxic_trio_estimates(folder).rates["E08000035"]
    assert leeds["any_narrow"] == pytest.approx(19.9674, abs=1e-4)
    assert leeds["all_three_narrow"] == pytest.approx(1.1859, abs=1e-4)
    assert leeds["all_three_narrow"] < leeds["two_or_more_narrow"] < leeds["any_narrow"] < leeds["any_broad"]


def test_a_bad_value_names_file_row_and_field(tmp_path: Path) -> None:
    rows = {name: ["1"] * len(MEASURES) for name in DISTRICTS.values()}
    rows["Kirklees"][3] = "n/a"
    with pytest.raises(InputFileError) as error:
        read_toxic_trio_estimates(write_rates(tmp_path, rows))
    message = str(error.value)
    assert RATE_FILE in message and "row 5" in message and "'n/a' is not a number" in message
    assert "severe mental ill-health" in message


def test_missing_district_and_missing_column_are_errors(tmp_path: Path) -> None:
    rows = {name: ["1"] * len(MEASURES) for name in DISTRICTS.values() if name != "Wakefield"}
    with pytest.raises(InputFileError, match="no row for Wakefield"):
        read_toxic_trio_estimates(write_rates(tmp_path / "a", rows))
    with pytest.raises(InputFileError, match="found 0"):
        read_toxic_trio_estimates(write_rates(tmp_path / "b", header=[*HEADER[:-1], "something else"]))


def test_where_the_files_are_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    warehouse = DuckDBWarehouse(":memory:")
    monkeypatch.delenv("ATR_PUBLISHED_ESTIMATES_DIR", raising=False)
    assert find_estimates_dir(warehouse, None) is None  # nothing configured: the run goes on without
    shared = tmp_path / "data"
    write_rates(shared / "external" / "childrens_commissioner")
    warehouse.execute(f"CREATE TABLE ref_source AS SELECT '{shared / 'reference'}' AS path")
    assert find_estimates_dir(warehouse, None) == shared / "external" / "childrens_commissioner"
    monkeypatch.setenv("ATR_PUBLISHED_ESTIMATES_DIR", str(tmp_path / "nowhere"))
    with pytest.raises(InputFileError, match="nowhere"):
        find_estimates_dir(warehouse, None)
    explicit = write_rates(tmp_path / "explicit")
    assert find_estimates_dir(warehouse, explicit) == explicit
