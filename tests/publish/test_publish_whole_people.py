"""Modelled numbers of people are shown whole in every table a reader sees; the CSVs keep them as published."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from atr.publish import formatting as fmt
from atr.publish.dataset import PublishedData
from atr.publish.derived import ROLES
from atr.publish.quality import plain_cell, present


def test_summary_tables_show_modelled_people_whole(published_data: PublishedData) -> None:
    checked = 0
    for table in published_data.quality.derived:
        view = present(table, published_data.area_name)
        people = ROLES[table.name].people
        for column, header in zip(table.display_columns, view.headers, strict=True):
            for row, shown in zip(
                table.latest_rows, (r[view.headers.index(header)] for r in view.rows), strict=True
            ):
                raw = row.get(column)
                if column in people and isinstance(raw, float):
                    assert shown == fmt.count(raw) and re.fullmatch(r"[\d,]+", shown), (
                        table.name,
                        column,
                        shown,
                    )
                    checked += 1
        for column in (c for c in table.display_columns if c.startswith("rate")):
            index = table.display_columns.index(column)  # a rate is not a number of people
            assert [r[index] for r in view.rows] == [plain_cell(r.get(column)) for r in table.latest_rows]
    fractional = [
        r[c]
        for t in published_data.quality.derived
        for r in t.rows
        for c in ROLES[t.name].people
        if isinstance(r.get(c), float) and not r[c].is_integer()
    ]
    assert checked > 10 and fractional  # the sample has modelled estimates such as 90,210.5


def test_pages_and_reports_print_no_fraction_of_a_person(
    site_dir: Path, published_data: PublishedData
) -> None:
    fractions = {
        f"{r[c]:,.1f}"
        for t in published_data.quality.derived
        for r in t.rows
        for c in ROLES[t.name].people
        if isinstance(r.get(c), float) and not r[c].is_integer()
    }
    assert fractions
    pages = [site_dir / "data-quality.html", *sorted((site_dir / "reports").glob("*.html"))]
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert not [f for f in fractions if f in text], page.name
    # the download keeps the figure as published (analysts re-use it; the attack reads it)
    with (site_dir / "data" / "quality" / "modelled_toxic_trio.csv").open(encoding="utf-8") as handle:
        estimates = [float(r["estimate"]) for r in csv.DictReader(handle)]
    assert any(not e.is_integer() for e in estimates)
