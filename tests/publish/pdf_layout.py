"""Reading a printed report's layout and text: how full each page is, and what must never be printed.

**The half-empty page rule.** A page's *fill* is how far down its text area (the page less its
margins, so the running header and "Page N of M" do not count) its lowest line of text, chart
or table reaches, from 0 (blank) to 1 (full to the bottom margin). A page is *half-empty* when
its fill is below ``HALF_EMPTY`` (0.6): 40% or more of the text area is blank below the content.
Such a page is allowed only where the blank space is the document's design, not a block that
did not fit:

- the last page of the document;
- the page before a page on which a chapter starts (chapters begin on a new page by design, so
  the end of the previous one may be short), the cover included: the summary that follows it
  starts a new page too.

Every other page must be filled to ``HALF_EMPTY`` or more. The needs assessment once printed one
chart per page in its outcome chapters, each page about half full (fill 0.51 to 0.56): the
rule fails them, and two indicators to a page pass it.

WeasyPrint lays out the pages; the fill is read from its layout boxes (``Page._page_box``, the
one private attribute used: the public ``Page`` has the anchors but not the boxes). The text is
read from the PDF itself with pypdf.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

HALF_EMPTY = 0.6

SNAKE_CASE = re.compile(r"\b[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+\b")
"""An identifier such as ``cla_rate`` or ``area_source``: never words a reader should see."""

AREA_CODE = re.compile(r"\b[EWSNK]\d{8}\b")
"""An ONS area code (E08000035): places are named, not coded, in a report."""


@dataclass(frozen=True)
class PageFill:
    number: int
    fill: float
    starts_chapter: bool


def _boxes(box: Any) -> Iterator[Any]:
    from weasyprint.formatting_structure import boxes

    yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, boxes.MarginBox):  # running headers and page numbers
            yield from _boxes(child)


def page_fill(page: Any) -> float:
    """How far down the text area the page's content reaches (0 to 1)."""
    from weasyprint.formatting_structure import boxes

    page_box = page._page_box
    top, height = page_box.content_box_y(), page_box.height
    bottom = top
    for box in _boxes(page_box):
        if isinstance(box, (boxes.LineBox, boxes.TextBox, boxes.ReplacedBox)):
            bottom = max(bottom, box.position_y + box.margin_height())
    return round(float(bottom - top) / float(height), 3)


def page_fills(document: Any, chapter_ids: set[str]) -> list[PageFill]:
    """Each page's fill, and whether a chapter (an element with one of ``chapter_ids``) starts on it."""
    seen: set[str] = set()
    fills = []
    for number, page in enumerate(document.pages, start=1):
        new = (set(page.anchors) & chapter_ids) - seen
        seen |= new
        fills.append(PageFill(number, page_fill(page), bool(new)))
    return fills


def half_empty_pages(fills: list[PageFill], threshold: float = HALF_EMPTY) -> list[PageFill]:
    """Pages below ``threshold`` that the rule in the module docstring does not excuse."""
    found = []
    for i, page in enumerate(fills):
        last = i == len(fills) - 1
        before_chapter = not last and fills[i + 1].starts_chapter
        if page.fill < threshold and not last and not before_chapter:
            found.append(page)
    return found


def chapter_ids(html: str) -> set[str]:
    """The ids of the report's chapters: sections that start a new page."""
    ids = set(re.findall(r'<section class="chapter" id="([^"]+)"', html))
    ids |= set(re.findall(r'<section id="([^"]+)"', html)[:1])  # the first section follows the cover
    return ids


def internal_identifiers(text: str) -> set[str]:
    """snake_case tokens and ONS area codes in printed text."""
    return set(SNAKE_CASE.findall(text)) | set(AREA_CODE.findall(text))
