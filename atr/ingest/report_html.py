"""The ingest report as one self-contained HTML page (no scripts, no external assets).

Written beside the warehouse so an analyst can open it without tools; the same numbers as the
JSON report, plus the rule table from the contract so every rule id explains itself.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from atr.atomic import write_text_atomic
from atr.ingest.contract_model import Contract, load_contract
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


REPORT_JSON = "ingest_report.json"
REPORT_HTML = "ingest_report.html"


def report_paths(warehouse: Path, extra_json: Path | None = None) -> list[Path]:
    """Where ``write_reports`` writes: beside the warehouse, so `atr ingest` and `atr run` agree."""
    paths = [warehouse.parent / REPORT_JSON, warehouse.parent / REPORT_HTML]
    return paths if extra_json is None else [*paths, extra_json]


def write_reports(report: IngestReport, warehouse: Path, extra_json: Path | None = None) -> list[Path]:
    """The JSON and HTML reports beside the warehouse, and the JSON also at ``extra_json`` if given."""
    written = report_paths(warehouse, extra_json)
    report.write_json(written[0])
    write_html(report, load_contract(report.contract_version), written[1])
    for extra in written[2:]:
        report.write_json(extra)
    return written
