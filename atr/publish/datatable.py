"""The data behind every chart: shown as an HTML table and offered as a CSV download.

A chart is only accessible if its numbers can be read without seeing it, so every chart carries
one of these. The CSV keeps the published precision (analysts re-use it); the HTML table shows
the same figures rounded as on the rest of the page, with ``[c]`` for suppressed cells.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Any, Literal

from atr.publish import formatting as fmt
from atr.publish.model import IndicatorMeta

Kind = Literal["text", "value", "count", "percent", "number"]


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    kind: Kind = "text"

    @property
    def numeric(self) -> bool:
        return self.kind != "text"


@dataclass
class DataTable:
    columns: list[Column]
    rows: list[dict[str, Any]] = field(default_factory=list)
    meta: IndicatorMeta | None = None
    caption: str = ""

    def cell(self, row: dict[str, Any], column: Column) -> str:
        raw = row.get(column.key)
        if column.kind == "text":
            return "" if raw is None else str(raw)
        if raw is None:
            return fmt.SUPPRESSED if row.get("suppressed") else fmt.MISSING
        if column.kind == "count":
            return fmt.count(float(raw))
        if column.kind == "percent":
            return fmt.percent(float(raw))
        if column.kind == "number":
            return f"{float(raw):,.3g}" if abs(float(raw)) < 1 else f"{float(raw):,.1f}"
        return fmt.number(float(raw), self.meta)

    def display_rows(self) -> list[list[str]]:
        return [[self.cell(row, c) for c in self.columns] for row in self.rows]

    def csv_text(self) -> str:
        """Full-precision CSV; a ``suppressed`` column says why a figure is blank."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        keys = [c.key for c in self.columns]
        has_suppressed = any("suppressed" in r for r in self.rows)
        writer.writerow(keys + (["suppressed"] if has_suppressed else []))
        for row in self.rows:
            cells = ["" if row.get(k) is None else row.get(k) for k in keys]
            if has_suppressed:
                cells.append("true" if row.get("suppressed") else "false")
            writer.writerow(cells)
        return out.getvalue()

    def govuk_table(self) -> dict[str, Any]:
        """Parameters for the ``govukTable`` macro."""
        head = [{"text": c.header, **({"format": "numeric"} if c.numeric else {})} for c in self.columns]
        body = [
            [
                {"text": text, **({"format": "numeric"} if c.numeric else {})}
                for c, text in zip(self.columns, cells, strict=True)
            ]
            for cells in self.display_rows()
        ]
        params: dict[str, Any] = {"head": head, "rows": body, "firstCellIsHeader": True}
        if self.caption:
            params["caption"] = self.caption
            params["captionClasses"] = "govuk-table__caption--s"
        return params
