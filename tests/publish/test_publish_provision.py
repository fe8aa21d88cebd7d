"""The need-and-provision page and chapter: built from ``atr provision``'s tables, checked on the way in."""

from __future__ import annotations

import csv
import html
from collections.abc import Callable
from pathlib import Path

import pytest

from atr.errors import InputFileError
from atr.publish.dataset import load_published
from atr.publish.sources import WarehouseSource
from atr.reference import ReferenceSource
from atr.synthetic import areas_from_reference, planted_gaps
from atr.warehouse import open_warehouse

KIND_LABEL = {
    "domestic-abuse": "domestic abuse",
    "substance-misuse": "substance misuse",
    "children-mental-health": "children's mental health",
}


def test_the_page_is_in_the_navigation_and_names_every_planted_gap(
    site_dir: Path, published_warehouse: Path, published_reference: ReferenceSource
) -> None:
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="need-and-provision.html"' in index
    page = html.unescape((site_dir / "need-and-provision.html").read_text(encoding="utf-8"))
    assert page.count('<figure class="atr-chart"') == 2  # the gap map and the unserved map
    with open_warehouse(published_warehouse, read_only=True) as wh:
        names = {r["area_code"]: r["area_name"] for r in wh.rows("SELECT area_code, area_name FROM ref_area")}
    gaps = planted_gaps(areas_from_reference(published_reference))
    assert gaps
    for gap in gaps:  # each planted gap is listed under its district as high need, unserved
        assert f"<li>{names[gap.ward_code]}: {KIND_LABEL[gap.kind_code]}" in page, gap
    assert "The declared allocation" in page and "How the allocation moves" in page


def test_the_downloads_hold_the_tables_and_the_allocation_adds_up(site_dir: Path) -> None:
    folder = site_dir / "data" / "provision"
    with (folder / "provision_allocation.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and sum(float(r["allocation"]) for r in rows) == pytest.approx(float(rows[0]["total"]))
    with (folder / "need_provision_ward.csv").open(encoding="utf-8") as handle:
        wards = list(csv.DictReader(handle))
    assert {"gap", "gap_lower", "need_lower_95", "nearest_km", "recorded_need"} <= set(wards[0])


def test_each_needs_assessment_has_the_chapter(site_dir: Path) -> None:
    reports = sorted((site_dir / "reports").glob("*.html"))
    assert len(reports) == 6  # West Yorkshire and its five districts
    for report in reports:
        text = report.read_text(encoding="utf-8")
        assert 'id="need-and-provision"' in text and 'href="#need-and-provision"' in text, report.name


def test_unrounded_recorded_need_is_refused(warehouse_factory: Callable[..., Path], tmp_path: Path) -> None:
    path = warehouse_factory(tmp_path / "atr.duckdb")
    with open_warehouse(path) as wh:
        wh.execute(
            "UPDATE need_provision_ward SET recorded_need = 13 WHERE ward_code = (SELECT min(ward_code) FROM need_provision_ward)"
        )
        with pytest.raises(InputFileError, match="recorded_need"):
            load_published(WarehouseSource(wh, path))


def test_a_site_without_a_directory_has_no_such_page(
    warehouse_factory: Callable[..., Path], tmp_path: Path
) -> None:
    path = warehouse_factory(tmp_path / "atr.duckdb", provision=False)
    with open_warehouse(path, read_only=True) as wh:
        assert load_published(WarehouseSource(wh, path)).provision is None
