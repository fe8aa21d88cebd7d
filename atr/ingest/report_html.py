"""The ingest report as one self-contained HTML page (no scripts, no external assets).

Written beside the warehouse so an analyst can open it without tools; the same numbers as the
JSON report, plus the rule table from the contract so every rule id explains itself.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from atr.atomic import write_text_atomic
from atr.ingest.contract_model import Contract
from atr.ingest.report import IngestReport

_TEMPLATES = Path(__file__).parent / "templates"


def render_html(report: IngestReport, contract: Contract) -> str:
    env = Environment(loader=FileSystemLoader(_TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    totals = {
        "read": sum(t.rows_read for t in report.tables),
        "accepted": sum(t.rows_accepted for t in report.tables),
        "quarantined": sum(t.rows_quarantined for t in report.tables),
        "warnings": sum(t.warnings for t in report.tables),
    }
    return env.get_template("ingest_report.html.j2").render(r=report, totals=totals, rules=contract.rules)


def write_html(report: IngestReport, contract: Contract, path: Path) -> None:
    write_text_atomic(path, render_html(report, contract))
