"""The printed needs assessment: no half-empty pages, no internal identifiers (rules in pdf_layout.py)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from pdf_layout import (
    HALF_EMPTY,
    PageFill,
    chapter_ids,
    half_empty_pages,
    internal_identifiers,
    page_fills,
)
from pypdf import PdfReader

from atr.publish.dataset import PublishedData
from atr.publish.report import print_pdf, render_report_html


@pytest.fixture(scope="module", params=["leeds", "west-yorkshire"])
def printed(
    request: pytest.FixtureRequest, published_data: PublishedData, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    """A place's report printed exactly as ``atr report`` prints it: its HTML, layout and PDF text."""
    html, _ = render_report_html(published_data, request.param)
    pdf, document = print_pdf(html, tmp_path_factory.mktemp("layout"))
    pages = [re.sub(r"\s+", " ", p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]
    return {"html": html, "fills": page_fills(document, chapter_ids(html)), "pages": pages}


def test_no_page_is_half_empty_except_before_a_chapter_or_at_the_end(printed: dict[str, Any]) -> None:
    fills: list[PageFill] = printed["fills"]
    assert len(fills) == len(printed["pages"]) >= 8
    assert half_empty_pages(fills) == [], [(p.number, p.fill) for p in fills]
    # the outcome chapters hold two indicators to a page: more indicators than chapter pages
    headings = re.findall(r'<div class="indicator">\s*<h3>', printed["html"])
    chapters = [p for p in fills if p.starts_chapter]
    assert len(chapters) >= 5 and len(headings) > len(fills) - len(chapters)


def test_no_internal_identifier_is_printed(printed: dict[str, Any], published_data: PublishedData) -> None:
    text = " ".join(printed["pages"])
    assert internal_identifiers(text) == set()
    for meta in published_data.indicators:  # the sample's ids are snake_case: none is printed
        assert meta.indicator_id not in text
    assert "IMD decile (1 = most deprived)" in text  # chart text is PDF text: charts are checked too


def test_the_page_rule_fails_a_half_empty_page_mid_chapter(tmp_path: Path) -> None:
    """A short paragraph, then a chart that does not fit beside it: the page breaks half empty."""
    block = '<svg xmlns="http://www.w3.org/2000/svg" style="display: block; width: 10cm; height: {}mm"></svg>'
    html = (
        "<html lang='en'><body><section id='one'><h2>One</h2><p>A short start.</p>"
        + block.format(240)
        + block.format(100)
        + "</section><section class='chapter' id='two' style='break-before: page'><h2>Two</h2>"
        + "<p>Closing words.</p></section></body></html>"
    )
    _, document = print_pdf(html, tmp_path)
    fills = page_fills(document, {"two"})
    assert [p.starts_chapter for p in fills] == [False, False, False, True]
    assert fills[0].fill < HALF_EMPTY  # the paragraph alone, the tall block pushed over
    assert [p.number for p in half_empty_pages(fills)] == [1]
    # the page before the chapter and the last page may be short
    assert fills[2].fill < HALF_EMPTY and fills[3].fill < HALF_EMPTY


def test_identifiers_are_found_in_text() -> None:
    found = internal_identifiers("Rate (cla_rate) by area_source in E08000035; a well-known rate, 2023/24")
    assert found == {"cla_rate", "area_source", "E08000035"}
