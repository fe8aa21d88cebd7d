"""Nothing identifiable or undisclosed is published, even when an upstream table is wrong."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pyarrow.csv as pacsv
import pytest

from atr.errors import StageError
from atr.publish.dataset import PublishedData, load_published
from atr.publish.privacy import DisclosureRule, check_published_row, protect_summary_rows
from atr.publish.sources import WarehouseSource
from atr.warehouse import open_warehouse


def test_small_counts_are_suppressed_and_others_rounded() -> None:
    rule = DisclosureRule(suppress_below=8, round_to=5)
    assert [rule.protect(n) for n in (0, 1, 7, 8, 12, 13, 1234)] == [0, None, None, 10, 10, 15, 1235]


def test_summary_rows_lose_identifiers_and_small_counts() -> None:
    rows = [
        {
            "area_code": "E08000035",
            "person_id": "abc",
            "entity_id": "E1",
            "children": 3,
            "estimate": 2.5,
            "period_year": 2024,
        }
    ]
    [clean] = protect_summary_rows(rows, ["children", "period_year"], DisclosureRule())
    assert clean == {"area_code": "E08000035", "children": None, "estimate": 2.5, "period_year": 2024}


def test_a_suppressed_row_carrying_a_figure_is_refused(published_data: PublishedData) -> None:
    suppressed = next(v for v in published_data.values if v.suppressed)
    leaking = dataclasses.replace(suppressed, count=3.0)
    with pytest.raises(StageError, match=r"row 12, field 'count'.*suppressed"):
        check_published_row("indicator_value", 12, leaking, DisclosureRule())


def test_an_unsuppressed_small_count_is_refused_but_a_modelled_one_is_not(
    published_data: PublishedData,
) -> None:
    shown = next(v for v in published_data.values if v.has_value and v.area_type == "ward")
    with pytest.raises(StageError, match="below the disclosure threshold"):
        check_published_row("indicator_value", 5, dataclasses.replace(shown, count=4.0), DisclosureRule())
    check_published_row("indicator_value", 5, dataclasses.replace(shown, count=4.3), DisclosureRule())
    # a modelled estimate rounded to the base (5) is whole but still not a count of people
    rounded = dataclasses.replace(shown, count=5.0)
    check_published_row("indicator_value", 5, rounded, DisclosureRule(), "modelled")
    with pytest.raises(StageError, match="below the disclosure threshold"):
        check_published_row("indicator_value", 5, rounded, DisclosureRule(), "proportion")
    england = dataclasses.replace(shown, count=4.0, area_type="country")
    check_published_row("indicator_value", 5, england, DisclosureRule())  # national figures are not ours


def test_an_identifying_column_stops_the_build(published_warehouse: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(published_warehouse.read_bytes())
    with open_warehouse(copy) as wh:
        table = wh.query("SELECT *, 'x' AS person_id FROM indicator_value LIMIT 5")
        wh.write_arrow("indicator_value", table)
        with pytest.raises(StageError, match=r"identifying column.*person_id"):
            load_published(WarehouseSource(wh, copy))


def test_quality_summaries_are_protected(published_data: PublishedData) -> None:
    trio = published_data.quality.derived_table("modelled_toxic_trio")
    hidden = published_data.quality.derived_table("hidden_need")
    assert trio is not None and hidden is not None
    assert {r["area_type"] for r in trio.rows} <= {"region", "district"}  # the ward row is dropped
    assert next(r for r in trio.rows if r["area_code"] == "E08000032")["children"] is None  # 3 -> suppressed
    assert all("person_id" not in r for r in hidden.rows)
    assert all(r["recorded"] % 5 == 0 for r in hidden.rows)  # counts rounded like the indicators
    assert {r["financial_year"] for r in hidden.latest_rows} == {"2024/25"}
    quarantined = {(r.dataset, r.partner_code): r.rows_quarantined for r in published_data.quality.ingest}
    assert quarantined[("csc", "383")] is None or quarantined[("csc", "383")] % 5 == 0


def test_no_published_file_carries_an_identifier(site_dir: Path) -> None:
    for path in site_dir.rglob("*"):
        if path.suffix in (".html", ".csv", ".svg", ".json"):
            text = path.read_text(encoding="utf-8")
            assert "person_id" not in text and "entity_id" not in text, path
            assert "LEAKED-ID-7f3a" not in text, path  # the fixture's fake identifier value


def test_suppressed_cells_are_blank_in_the_downloads(site_dir: Path) -> None:
    csv = pacsv.read_csv(site_dir / "data" / "indicator_value.csv")
    rows = csv.to_pylist()
    suppressed = [r for r in rows if r["suppressed"]]
    assert suppressed and all(r["count"] is None and r["value"] is None for r in suppressed)
    shown = [
        r["count"]
        for r in rows
        if not r["suppressed"] and r["count"] is not None and r["area_type"] != "country"
    ]
    assert all(c == 0 or c >= 8 for c in shown)
