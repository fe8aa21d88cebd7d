"""Write the governance records: Markdown and HTML files, and a warehouse table for publish.

The table (``governance_record``) is in the published zone: the records are public documents,
and ``atr publish`` reads them from there to put them in the site, linked from the methods page,
so the dashboard never depends on a file outside the warehouse.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pyarrow as pa
from markdown_it import MarkdownIt

from atr.atomic import write_text_atomic
from atr.governance.atrs import transparency_record
from atr.governance.records import GovernanceDocument, data_flow, datasets_and_fields
from atr.project import ProjectConfig
from atr.warehouse import Warehouse

GOVERNANCE_TABLE = "governance_record"
SCHEMA = pa.schema(
    [("record_id", pa.string()), ("title", pa.string()), ("markdown", pa.string()), ("html", pa.string())]
)
_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>body{{font-family:Arial,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
table{{border-collapse:collapse;margin:1rem 0}}th,td{{border:1px solid #b1b4b6;padding:.3rem .5rem;text-align:left;vertical-align:top}}</style>
</head><body>
{body}
</body></html>
"""


def all_documents(config: ProjectConfig, loaded: list[dict[str, Any]]) -> list[GovernanceDocument]:
    """Every governance record of the project, in the order the site lists them."""
    return [
        data_flow(config, loaded),
        datasets_and_fields(config, loaded),
        transparency_record(config, loaded),
    ]


def to_html(markdown: str) -> str:
    """Markdown to HTML; raw HTML in the source is escaped, never passed through."""
    return str(MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown))


def loaded_batches(wh: Warehouse | None) -> list[dict[str, Any]]:
    """The extracts the warehouse holds, with their person counts (pseudonymous tables only)."""
    if wh is None or not wh.table_exists("ingest_batch"):
        return []
    counts = "SELECT dataset, partner_code, count(*) AS persons FROM person_demographics GROUP BY ALL"
    persons = (
        f"LEFT JOIN ({counts}) p USING (dataset, partner_code)"
        if wh.table_exists("person_demographics")
        else ""
    )
    chosen = "p.persons" if persons else "CAST(NULL AS BIGINT)"
    return wh.rows(
        f"SELECT b.dataset, b.partner_code, b.partner_name, CAST(b.extract_date AS VARCHAR) AS extract_date, "
        f"{chosen} AS persons FROM ingest_batch b {persons} ORDER BY b.dataset, b.partner_code"
    )


def write_governance(config: ProjectConfig, out: Path, wh: Warehouse | None = None) -> list[Path]:
    """Write every record as ``out/<id>.md`` and ``out/<id>.html`` (plus an index); with ``wh``,
    also the ``governance_record`` table. Returns the files written."""
    documents = all_documents(config, loaded_batches(wh))
    index = GovernanceDocument(
        "index",
        "Governance records",
        f"# Governance records: {config.name}\n\n"
        + "\n".join(f"- [{d.title}]({d.record_id}.html) ([Markdown]({d.record_id}.md))" for d in documents)
        + "\n",
    )
    written = []
    for doc in [*documents, index]:
        for suffix, text in (
            (".md", doc.markdown),
            (".html", _PAGE.format(title=html.escape(doc.title), body=to_html(doc.markdown))),
        ):
            path = out / f"{doc.record_id}{suffix}"
            write_text_atomic(path, text)
            written.append(path)
    if wh is not None:
        rows = [
            {"record_id": d.record_id, "title": d.title, "markdown": d.markdown, "html": to_html(d.markdown)}
            for d in documents
        ]
        wh.write_arrow(GOVERNANCE_TABLE, pa.Table.from_pylist(rows, schema=SCHEMA))
    return written
