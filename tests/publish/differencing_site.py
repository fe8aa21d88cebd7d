"""The differencing attack (differencing.py) on everything a built site holds.

Reads the CSV downloads, the chart data, the indicators' export beside the site and the tables of
the data-quality page (or any page: the needs assessment), with the relations among their rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path

from differencing import (
    Recovery,
    Rule,
    Table,
    add_area_sums,
    add_breakdown_sums,
    add_row_sums,
    attack,
    read_csv,
    read_rows,
    suppressed_cells,
)

# --- HTML tables (the data-quality page) ---------------------------------------------------------


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[str, list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._caption: list[str] | None = None
        self._row: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(("", []))
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption" and self._caption is not None:
            rows = self.tables[-1][1]
            self.tables[-1] = (" ".join("".join(self._caption).split()), rows)
            self._caption = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            self.tables[-1][1].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)


HTML_COLUMNS = {
    "Rows read": "rows_read",
    "Rows accepted": "rows_accepted",
    "Rows quarantined": "rows_quarantined",
    "Accepted": "accepted_percent",
    "Recorded": "recorded",
    "Observed": "observed",
    "People recorded": "observed",
    "Count": "count",
    "Denominator": "denominator",
    "Recorded two or more": "recorded_two_or_more",
}


def read_html_tables(path: Path, rule: Rule) -> list[Table]:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    tables = []
    for i, (caption, rows) in enumerate(parser.tables):
        if len(rows) < 2:
            continue
        header = [HTML_COLUMNS.get(h, h) for h in rows[0]]
        records = [dict(zip(header, row, strict=False)) for row in rows[1:]]
        name = f"{path.name}#{i}:{caption}"
        if header[:1] == ["Dataset"]:
            name += ":ingest"
        table = read_rows(name, records, rule, exact=False)
        if "rows_read" in header:
            add_row_sums(table, "rows_read", ("rows_accepted", "rows_quarantined"))
            table.ratios.append(("accepted_percent", "rows_accepted", "rows_read"))
        tables.append(table)
    return tables


# --- a whole site ---------------------------------------------------------------------------------

INDICATOR_GROUP = ("indicator_id", "period", "breakdown", "breakdown_value")
QUALITY_GROUPS = {
    "hidden_need.csv": ("financial_year", "measure", "evidence"),
    "capture_recapture.csv": ("period", "population", "estimator"),
}


def site_tables(site: Path, rule: Rule, parents: Mapping[str, str]) -> list[Table]:
    """Every table of a built site (and the indicators' export beside it), with its relations."""
    tables = []
    exports = [
        site / "data" / "indicator_value.csv",
        *sorted((site.parent / "published").glob("indicator_value.csv")),
    ]
    for path in exports:
        if not path.is_file():
            continue
        table = read_csv(path, rule, name=str(path.relative_to(site.parent)))
        table.ratios.append(("value", "count", "denominator"))
        add_area_sums(table, parents, INDICATOR_GROUP, ("count", "denominator"))
        add_breakdown_sums(table, ("count", "denominator"))
        tables.append(table)
    for path in sorted((site / "data" / "quality").glob("*.csv")):
        table = read_csv(path, rule, name=f"quality/{path.stem}")
        group = QUALITY_GROUPS.get(path.name)
        if group is not None:
            region = {t.get("area_code", "") for t in table.text if t.get("area_type") == "region"}
            districts = {
                t.get("area_code", ""): next(iter(region), "")
                for t in table.text
                if t.get("area_type") == "district"
            }
            add_area_sums(table, districts, group, ("recorded", "observed"))
        tables.append(table)
    for path in sorted((site / "data" / "charts").glob("*.csv")):
        table = read_csv(path, rule, name=f"charts/{path.stem}")
        table.ratios.append(("value", "count", "denominator"))
        tables.append(table)
    quality_page = site / "data-quality.html"
    if quality_page.is_file():
        tables.extend(read_html_tables(quality_page, rule))
    return tables


def geography_parents(warehouse: Path) -> dict[str, str]:
    """Ward and MSOA → district, district (and the region's "area not known" row) → region."""
    from atr.reference.layout import AREA_NOT_KNOWN_CODE
    from atr.warehouse import open_warehouse

    with open_warehouse(warehouse, read_only=True) as wh:
        rows = wh.rows("SELECT area_code, area_type, lad19_code FROM ref_area")
    region = next(str(r["area_code"]) for r in rows if r["area_type"] == "region")
    parents = {AREA_NOT_KNOWN_CODE: region}
    for r in rows:
        if r["area_type"] == "district":
            parents[str(r["area_code"])] = region
        elif r["area_type"] in ("ward", "msoa") and r["lad19_code"]:
            parents[str(r["area_code"])] = str(r["lad19_code"])
    return parents


def attack_site(site: Path, rule: Rule, parents: Mapping[str, str]) -> tuple[list[Recovery], int]:
    """Every recovery from every table of ``site``, and how many suppressed cells it holds."""
    found: list[Recovery] = []
    hidden = 0
    for table in site_tables(site, rule, parents):
        hidden += suppressed_cells(table)
        found.extend(attack(table))
    return found, hidden
