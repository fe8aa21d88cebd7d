"""The annual needs assessment: HTML and tagged PDF, checked page by page."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from atr.cli import app
from atr.errors import StageError
from atr.publish.dataset import PublishedData
from atr.publish.report import render_report_html


@pytest.fixture(scope="module")
def leeds_pdf(published_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "leeds.pdf"
    result = CliRunner().invoke(
        app, ["report", "--place", "Leeds", "--out", str(out), "-w", str(published_warehouse)]
    )
    assert result.exit_code == 0, result.output
    return out


def _text(reader: PdfReader) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]


def test_pdf_is_tagged_and_has_every_section(leeds_pdf: Path, published_data: PublishedData) -> None:
    reader = PdfReader(leeds_pdf)
    root: Any = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root  # tagged (PDF/UA)
    assert reader.metadata is not None and reader.metadata.title == "Annual needs assessment: Leeds 2024/25"
    pages = _text(reader)
    assert 8 <= len(pages) <= 40
    text = " ".join(pages)
    assert "Annual needs assessment: Leeds" in pages[0] and "Synthetic data" in pages[0]
    for heading in (
        "Executive summary",
        "Inequality by deprivation",
        "Hidden need",
        "Becoming a trauma-informed system",  # the network's and workforce's KPIs (#16)
        "Appendix: methods and caveats",
        "Glossary",
    ):
        assert heading in text
    for outcome in {m.outcome for m in published_data.indicators}:
        assert outcome in text
    assert re.search(r"significantly (higher|lower) than West Yorkshire", text)
    assert "Staff trained to the level their role needs" in " ".join(text.split())
    assert re.search(r"Page \d+ of " + str(len(pages)), pages[1])


def test_pdf_pages_carry_the_charts(leeds_pdf: Path, published_data: PublishedData) -> None:
    pages = _text(PdfReader(leeds_pdf))
    # Chart text is drawn as PDF text, so axis titles prove the charts are on the pages.
    with_trend = [i for i, p in enumerate(pages) if "Financial year" in p]
    with_gradient = [i for i, p in enumerate(pages) if "IMD decile (1 = most deprived)" in p]
    assert len(with_trend) >= len(published_data.indicators) // 2
    assert with_gradient and min(with_gradient) > min(with_trend)  # the inequality chapter comes later
    assert "← Worse | Better →" in " ".join(pages[:3])  # the spine chart in the summary


def test_html_report_is_one_self_contained_file(published_data: PublishedData) -> None:
    html, charts = render_report_html(published_data, "west-yorkshire")
    assert charts >= len(published_data.indicators)
    assert "<script" not in html and not re.search(r'(src|href)="(https?:)?//', html)
    assert html.count('<svg role="img" aria-label=') == charts
    assert "Annual needs assessment: West Yorkshire" in html
    assert "significantly higher than England" in html or "significantly lower than England" in html
    assert "Outcomes improved for 6,000 young people by 2030" in html


def test_report_errors_are_one_clear_line(
    published_data: PublishedData, published_warehouse: Path, tmp_path: Path
) -> None:
    with pytest.raises(StageError, match=r"unknown place 'York'.*leeds"):
        render_report_html(published_data, "York")
    result = CliRunner().invoke(
        app, ["report", "--place", "Leeds", "--out", str(tmp_path / "x.docx"), "-w", str(published_warehouse)]
    )
    assert result.exit_code != 0 and ".pdf or .html" in str(result.exception)
