"""Reading the published tables: vocabularies, conversions, bad input, exported folders."""

from __future__ import annotations

from pathlib import Path

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

from atr.errors import InputFileError, StageError, UsageError
from atr.publish.dataset import PublishedData, load_published
from atr.publish.model import Direction, Polarity, Trend, judge, read_comparison
from atr.publish.sources import FolderSource, WarehouseSource
from atr.warehouse import open_warehouse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("low_is_good", Polarity.LOW_IS_GOOD),
        ("RAG - Low is good", Polarity.LOW_IS_GOOD),
        ("High is good", Polarity.HIGH_IS_GOOD),
        ("BOB - Blue orange blue", Polarity.NO_JUDGEMENT),
        (None, Polarity.NO_JUDGEMENT),
    ],
)
def test_polarity_is_read_whatever_its_spelling(text: str | None, expected: Polarity) -> None:
    assert Polarity.read(text) is expected


def test_comparison_words_become_directions_through_polarity() -> None:
    assert read_comparison("Worse", Polarity.LOW_IS_GOOD) is Direction.HIGHER
    assert read_comparison("worse", Polarity.HIGH_IS_GOOD) is Direction.LOWER
    assert read_comparison("Better 99.8%", Polarity.LOW_IS_GOOD) is Direction.LOWER
    assert read_comparison("Similar", Polarity.HIGH_IS_GOOD) is Direction.SIMILAR
    assert read_comparison("Not compared", Polarity.HIGH_IS_GOOD) is Direction.NOT_COMPARED
    assert read_comparison("", Polarity.HIGH_IS_GOOD) is None
    assert judge(Direction.HIGHER, Polarity.LOW_IS_GOOD).value == "worse"
    assert judge(Direction.HIGHER, Polarity.HIGH_IS_GOOD).value == "better"
    assert judge(Direction.LOWER, Polarity.NO_JUDGEMENT).value == "lower"


def test_trend_labels_are_read() -> None:
    assert Trend.read("Increasing and getting worse") is Trend.INCREASING
    assert Trend.read("Decreasing") is Trend.DECREASING
    assert Trend.read("No significant change") is Trend.NO_CHANGE
    assert Trend.read("Cannot be calculated") is Trend.NOT_CALCULATED
    assert Trend.read(None) is Trend.NOT_CALCULATED


def test_warehouse_tables_load_with_every_row(
    published_warehouse: Path, published_data: PublishedData
) -> None:
    with open_warehouse(published_warehouse, read_only=True) as wh:
        rows = wh.scalar("SELECT count(*) FROM indicator_value")
    assert len(published_data.values) == rows
    assert published_data.extracts_are_synthetic and published_data.is_synthetic
    assert published_data.disclosure.recorded and published_data.disclosure.suppress_below == 8
    assert [d.name for d in published_data.districts] == [
        "Bradford",
        "Calderdale",
        "Kirklees",
        "Leeds",
        "Wakefield",
    ]
    assert published_data.latest_period("cla_rate") == "2024/25"
    assert any(v.suppressed for v in published_data.values)


def _export(published_warehouse: Path, folder: Path) -> Path:
    folder.mkdir()
    with open_warehouse(published_warehouse, read_only=True) as wh:
        for table in ("indicator_value", "indicator_meta", "ref_area", "ref_boundary"):
            wh.export_parquet(table, folder / f"{table}.parquet")
    (folder / "atr_meta.json").write_text('{"extracts_are_synthetic": true}', encoding="utf-8")
    return folder


def test_an_exported_folder_reads_like_the_warehouse(
    published_warehouse: Path, published_data: PublishedData, tmp_path: Path
) -> None:
    folder = _export(published_warehouse, tmp_path / "export")
    # One table as CSV, as a spreadsheet user might hand it over.
    pacsv.write_csv(pq.read_table(folder / "indicator_meta.parquet"), folder / "indicator_meta.csv")
    (folder / "indicator_meta.parquet").unlink()
    data = load_published(FolderSource(folder))
    assert len(data.values) == len(published_data.values)
    assert [m.indicator_id for m in data.indicators] == [m.indicator_id for m in published_data.indicators]
    assert data.indicator("outcomes_improved").target is not None
    assert data.is_synthetic
    assert data.quality.ingest == []  # not exported: the page says so instead of failing


def test_a_bad_number_names_file_row_and_field(published_warehouse: Path, tmp_path: Path) -> None:
    folder = _export(published_warehouse, tmp_path / "export")
    table = pq.read_table(folder / "indicator_value.parquet").slice(0, 3)
    pacsv.write_csv(table, folder / "indicator_value.csv")
    (folder / "indicator_value.parquet").unlink()
    text = (folder / "indicator_value.csv").read_text(encoding="utf-8").splitlines()
    cells = text[2].split(",")
    cells[8] = '"twelve"'  # the value column of the second data row
    text[2] = ",".join(cells)
    (folder / "indicator_value.csv").write_text("\n".join(text) + "\n", encoding="utf-8")
    with pytest.raises(InputFileError) as caught:
        load_published(FolderSource(folder))
    message = str(caught.value)
    assert (
        "indicator_value.csv" in message
        and "row 2" in message
        and "'value'" in message
        and "twelve" in message
    )


def test_missing_columns_and_tables_are_clear_errors(published_warehouse: Path, tmp_path: Path) -> None:
    folder = _export(published_warehouse, tmp_path / "export")
    table = pq.read_table(folder / "indicator_value.parquet").drop_columns(["upper_998"])
    pq.write_table(table, folder / "indicator_value.parquet")
    with pytest.raises(InputFileError, match=r"missing column.*upper_998"):
        load_published(FolderSource(folder))
    (folder / "indicator_value.parquet").unlink()
    with pytest.raises(StageError, match="run `atr indicators` first"):
        load_published(FolderSource(folder))
    with pytest.raises(UsageError):
        FolderSource(tmp_path / "nowhere")


def test_publish_can_only_read_published_tables(published_warehouse: Path) -> None:
    with open_warehouse(published_warehouse, read_only=True) as wh:
        source = WarehouseSource(wh, published_warehouse)
        with pytest.raises(ValueError, match="may not read"):
            source.read("identity_person")
