"""England's published figures beside ours: the national benchmark rows of ``indicator_value``.

Each row of ``data/national_benchmarks.csv`` is a figure a government department published for
England, with its scale and unit, its publication, release (with its year) and address, and
whether its definition matches the indicator's. They join the
published table as England rows (area type ``country``) so every page that shows a place can show
England beside it; a row for an English region (Yorkshire and The Humber, ``E12000003``) joins as
area type ``english_region`` and is shown beside England's. Each row also keeps the sentence or
table row the figure was read from (``quote``) and where it was read (``quoted_at``). Where definitions match, a reader's area is compared with England's point
value by Fingertips' rule (made in publish, from the published intervals); where they do not —
most of all rates over the children known to services, not the whole child population — England's
value is shown with ``comparison = 'not comparable'`` and the reason in ``note``, and no comparison
is drawn.
"""

from __future__ import annotations

import csv
import io
import re
from importlib import resources

import pandas as pd
from pydantic import BaseModel, ValidationError, field_validator

from atr.errors import InputFileError
from atr.indicators.comparison import NOT_COMPARED

ENGLAND_CODE = "E92000001"
COUNTRY = "country"
ENGLISH_REGION = "english_region"
"""Area type of a published figure for one of England's nine regions (code ``E12…``), shown beside
England's: Yorkshire and The Humber (E12000003) is the region West Yorkshire sits in."""
YORKSHIRE_AND_THE_HUMBER = "E12000003"
REGION_NAMES = {YORKSHIRE_AND_THE_HUMBER: "Yorkshire and The Humber"}
"""The English regions the table may hold, by code, as DfE names them."""
NOT_COMPARABLE = "not comparable"
BENCHMARK_FILE = "data/national_benchmarks.csv"


NATIONAL_EQUIVALENTS: dict[str, str] = {
    "children_in_need_rate": "DfE, Children in need",
    "child_protection_plan_rate": "DfE, Children in need",
    "looked_after_rate": "DfE, Children looked after in England including adoptions",
    "care_entry_rate": "DfE, Children looked after in England including adoptions",
    "persistent_absence": "DfE, Pupil absence in schools in England",
    "suspension_rate": "DfE, Suspensions and permanent exclusions in England",
    "permanent_exclusion": "DfE, Suspensions and permanent exclusions in England",
    "youth_justice_first_time_entrants": "Ministry of Justice / Youth Justice Board, Youth justice statistics",
}
"""The catalogue's indicators that a government department publishes for England, and where.
Every one of them has figures in the reference table or a reason in :data:`NOT_YET_IN_TABLE`."""

NOT_YET_IN_TABLE: dict[str, str] = {
    "care_entry_rate": (
        "the release's text and data-set previews give the number starting to be looked after "
        "(33,050 in 2024), not a rate per 10,000"
    ),
    "persistent_absence": (
        "no full-year figure could be read from the release; the termly figures differ in "
        "definition, and a press report's 22.3% for 2022/23 does not say which DfE series it is"
    ),
    "youth_justice_first_time_entrants": (
        "the national figure is published as a number for England and Wales by calendar year; "
        "no rate per 100,000 aged 10-17 for England could be read"
    ),
}
"""Why an indicator with a national equivalent has no figure yet (kept in step with the docs)."""


class NationalFigure(BaseModel):
    """One published national figure, as the reference file states it."""

    indicator_id: str
    period: str
    area_code: str
    area_name: str
    value: float
    multiplier: int
    """The figure's scale as published (10000 for per 10,000): must be the indicator's."""
    unit: str
    comparable: bool
    definition_note: str
    source: str
    """The publication, as a reader would look it up."""
    release: str
    """Which release of it, with its year (``reporting year 2025``, ``academic year 2023/24``)."""
    source_url: str
    quote: str = ""
    """The sentence or table row the figure was read from, word for word."""
    quoted_at: str = ""
    """Where that quote was read: the publication itself, or a page reproducing it (named in
    ``source``) when the publication's own text could not be read."""

    @field_validator("area_code")
    @classmethod
    def _area(cls, value: str) -> str:
        if value != ENGLAND_CODE and not re.fullmatch(r"E12\d{6}", value):
            raise ValueError(f"'{value}' is neither England ({ENGLAND_CODE}) nor an English region (E12…)")
        return value

    @field_validator("quoted_at")
    @classmethod
    def _where_read(cls, value: str) -> str:
        if value and not value.startswith(("https://", "http://")):
            raise ValueError("where the quote was read must be a web address")
        return value

    @field_validator("unit", "definition_note", "source")
    @classmethod
    def _stated(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("multiplier")
    @classmethod
    def _scale(cls, value: int) -> int:
        if value not in (1, 100, 1_000, 10_000, 100_000):
            raise ValueError(f"{value} is not a published scale (1, 100, 1,000, 10,000 or 100,000)")
        return value

    @field_validator("release")
    @classmethod
    def _dated(cls, value: str) -> str:
        if not re.search(r"\b(19|20)\d\d\b", value):
            raise ValueError(f"'{value}' does not name the release's year")
        return value

    @field_validator("period")
    @classmethod
    def _financial_year(cls, value: str) -> str:
        start, _, end = value.partition("/")
        if not (len(start) == 4 and start.isdigit() and len(end) == 2 and end == f"{int(start) + 1:04d}"[2:]):
            raise ValueError(f"'{value}' is not a year such as 2023/24")
        return value

    @field_validator("source_url")
    @classmethod
    def _official(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError("the publication's address must be an https:// URL")
        return value


def load_national_figures(text: str | None = None, *, where: str = BENCHMARK_FILE) -> list[NationalFigure]:
    """The shipped reference file (or ``text`` in its format), validated row by row."""
    if text is None:
        text = resources.files("atr.indicators").joinpath(BENCHMARK_FILE).read_text("utf-8")
    figures = []
    seen: set[tuple[str, str, str]] = set()
    for row_number, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            figure = NationalFigure.model_validate(row)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise InputFileError(where, first["msg"], row=row_number, field=field) from exc
        key = (figure.indicator_id, figure.period, figure.area_code)
        if key in seen:
            raise InputFileError(
                where, "a second figure for the same indicator, period and area", row=row_number
            )
        seen.add(key)
        figures.append(figure)
    return figures


def figure_problems(figures: list[NationalFigure], scales: dict[str, float]) -> list[str]:
    """What stops a figure from standing beside its indicator: an indicator the catalogue does not
    have, or a figure on another scale (England per 10,000 beside ours per 1,000 would mislead).
    ``scales`` maps each catalogue indicator to its multiplier."""
    problems = []
    for f in figures:
        where = f"{f.indicator_id} {f.period}"
        if f.indicator_id not in scales:
            problems.append(f"{where}: no indicator '{f.indicator_id}' in the catalogue")
        elif f.multiplier != scales[f.indicator_id]:
            problems.append(
                f"{where}: published per {f.multiplier:,}, the indicator is per {scales[f.indicator_id]:,.0f}"
            )
        elif not 0 <= f.value <= f.multiplier:
            problems.append(f"{where}: {f.value} is not a rate per {f.multiplier:,}")
    return problems


def national_rows(scales: dict[str, float], periods: set[str], figures: list[NationalFigure]) -> pd.DataFrame:
    """``indicator_value`` rows for the figures of indicators and periods this run published.

    ``scales`` maps the run's indicators to their multipliers; a figure on another scale is
    left out rather than shown beside a figure it cannot be compared with."""
    rows = []
    for f in figures:
        if f.indicator_id not in scales or f.period not in periods or figure_problems([f], scales):
            continue
        note = f"{f.source}. {f.definition_note}."
        rows.append(
            {
                "indicator_id": f.indicator_id,
                "period": f.period,
                "area_code": f.area_code,
                "area_type": COUNTRY if f.area_code == ENGLAND_CODE else ENGLISH_REGION,
                "breakdown": "all",
                "breakdown_value": "all",
                "count": float("nan"),
                "denominator": float("nan"),
                "value": f.value,
                "lower_95": float("nan"),
                "upper_95": float("nan"),
                "lower_998": float("nan"),
                "upper_998": float("nan"),
                "comparison": NOT_COMPARED if f.comparable else NOT_COMPARABLE,
                "comparison_998": NOT_COMPARED if f.comparable else NOT_COMPARABLE,
                "trend": None,
                "suppressed": False,
                "note": note if f.comparable else f"Not comparable: {note}",
                "benchmark_value": float("nan"),
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "BENCHMARK_FILE",
    "ENGLISH_REGION",
    "NATIONAL_EQUIVALENTS",
    "NOT_COMPARABLE",
    "NOT_YET_IN_TABLE",
    "REGION_NAMES",
    "YORKSHIRE_AND_THE_HUMBER",
    "NationalFigure",
    "figure_problems",
    "load_national_figures",
    "national_rows",
]
