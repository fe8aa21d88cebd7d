"""Updating England's figures from a CSV downloaded from explore education statistics (EES).

DfE publishes each release's tables as CSV files in one layout: ``time_period`` (``2025`` for a
reporting year ending 31 March 2025, ``202324`` for an academic or financial year),
``time_identifier`` (``Reporting year``, ``Academic year``, ``Financial year``),
``geographic_level`` (``National``, ``Regional``, ``Local authority``), ``country_code`` and one
column per measure, with ``c``, ``x``, ``z``, ``u`` or ``:`` where a figure is withheld or does
not exist. ``update_benchmarks`` takes England's rows of one measure column (optionally narrowed
by ``filters``, e.g. ``population_type=Children looked after on 31 March``) as one indicator's
figures, keeps the indicator's definition note, unit, scale and comparability from its newest
row already in the table, and rewrites the table atomically once the whole new table passes
the same validation as the shipped one (``load_national_figures``) and every figure matches its
indicator's scale (``figure_problems``). The ``Regional`` rows for Yorkshire and The Humber
(``region_code`` E12000003) are taken the same way, once the table holds a row for the region to
copy its notes from. Nothing is fetched: the file is downloaded by a person
from the address the table already cites, so each figure's provenance is a release they chose.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from atr.atomic import write_text_atomic
from atr.errors import InputFileError, UsageError
from atr.indicators.benchmarks import (
    REGION_NAMES,
    YORKSHIRE_AND_THE_HUMBER,
    NationalFigure,
    figure_problems,
    load_national_figures,
)

ENGLAND_CODE = "E92000001"
WITHHELD = {"c", "x", "z", "u", ":", "low", ""}
COLUMNS = list(NationalFigure.model_fields)


@dataclass
class BenchmarkUpdate:
    """What an update changed, for the validation report."""

    indicator_id: str
    changes: list[tuple[str, float | None, float]] = field(default_factory=list)
    """(period, old value or None for a new period, new value)"""
    skipped: list[str] = field(default_factory=list)
    written: bool = False


def financial_period(time_period: str, time_identifier: str) -> str:
    """EES's period as our financial year: a reporting year ``2025`` ends 31 March 2025, so it is
    ``2024/25``; ``202324`` (academic or financial year) is ``2023/24``."""
    text = time_period.strip()
    if len(text) == 6 and text.isdigit() and int(text[4:]) == (int(text[:4]) + 1) % 100:
        return f"{text[:4]}/{text[4:]}"
    if len(text) == 4 and text.isdigit() and "reporting" in time_identifier.lower():
        return f"{int(text) - 1}/{text[2:]}"
    raise ValueError(f"time period '{time_period}' ({time_identifier}) is not a year this table uses")


def _area_values(
    text: str, source: Path, column: str, filters: dict[str, str]
) -> tuple[dict[tuple[str, str], float], list[str]]:
    """``(area code, period) -> value`` for England's rows and Yorkshire and The Humber's."""
    reader = csv.DictReader(io.StringIO(text))
    fields = reader.fieldnames or []
    for needed in ("time_period", "time_identifier", "geographic_level", column, *filters):
        if needed not in fields:
            raise InputFileError(source, f"no column '{needed}' (columns: {', '.join(fields)})")
    values: dict[tuple[str, str], float] = {}
    skipped = []
    for row_number, row in enumerate(reader, start=2):
        if row.get("country_code", ENGLAND_CODE) != ENGLAND_CODE:
            continue
        if row["geographic_level"] == "National":
            area = ENGLAND_CODE
        elif row["geographic_level"] == "Regional" and row.get("region_code") == YORKSHIRE_AND_THE_HUMBER:
            area = YORKSHIRE_AND_THE_HUMBER
        else:
            continue
        if any(row[k] != v for k, v in filters.items()):
            continue
        try:
            period = financial_period(row["time_period"], row["time_identifier"])
        except ValueError as exc:
            raise InputFileError(source, str(exc), row=row_number, field="time_period") from exc
        raw = row[column].strip()
        where = "" if area == ENGLAND_CODE else f" {REGION_NAMES[area]}"
        if raw.lower() in WITHHELD:
            skipped.append(f"{period}{where}: '{raw}' in {column} (withheld or not available)")
            continue
        try:
            value = float(raw.replace(",", ""))
        except ValueError as exc:
            raise InputFileError(source, f"'{raw}' is not a number", row=row_number, field=column) from exc
        key = (area, period)
        if key in values and values[key] != value:
            raise InputFileError(
                source,
                f"two {REGION_NAMES.get(area, 'England')} figures for {period} ({values[key]} and {value}): "
                "add --filter to choose one",
                row=row_number,
            )
        values[key] = value
    if not any(area == ENGLAND_CODE for area, _ in values):
        raise InputFileError(source, f"no England figure in column '{column}' for these filters")
    return values, skipped


def _as_csv(figures: list[NationalFigure]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    for f in figures:
        row = f.model_dump()
        row["comparable"] = "true" if f.comparable else "false"
        row["value"] = f"{f.value:g}"
        writer.writerow(row)
    return buffer.getvalue()


def update_benchmarks(
    benchmarks: Path,
    download: Path,
    *,
    indicator_id: str,
    column: str,
    release: str,
    scales: dict[str, float],
    filters: dict[str, str] | None = None,
    source: str | None = None,
    source_url: str | None = None,
    dry_run: bool = False,
) -> BenchmarkUpdate:
    """Replace ``indicator_id``'s England figures for the periods ``download`` holds, and Yorkshire
    and The Humber's where the table already has a row for the region (see module)."""
    figures = load_national_figures(benchmarks.read_text(encoding="utf-8"), where=str(benchmarks))
    if not any(f.indicator_id == indicator_id and f.area_code == ENGLAND_CODE for f in figures):
        raise UsageError(
            f"{benchmarks} has no row for '{indicator_id}' to take its unit, scale and definition "
            "note from: add its first row by hand (docs/indicators.md, 'England benchmarks')"
        )
    try:
        text = download.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InputFileError(download, f"cannot be read ({exc.strerror})") from exc
    values, skipped = _area_values(text, download, column, filters or {})
    update = BenchmarkUpdate(indicator_id, skipped=skipped)
    kept = list(figures)
    for area in (ENGLAND_CODE, YORKSHIRE_AND_THE_HUMBER):
        own = sorted(
            (f for f in figures if f.indicator_id == indicator_id and f.area_code == area),
            key=lambda f: f.period,
        )
        found = {period: v for (code, period), v in values.items() if code == area}
        if not own:  # a region's figures are taken only once the table has a row to copy its notes from
            continue
        template, old = own[-1], {f.period: f.value for f in own}
        kept = [
            f
            for f in kept
            if not (f.indicator_id == indicator_id and f.area_code == area and f.period in found)
        ]
        where = "" if area == ENGLAND_CODE else f" {REGION_NAMES[area]}"
        for period, value in sorted(found.items()):
            fields: dict[str, object] = {
                "period": period,
                "value": value,
                "release": release,
                # the old row's quote was of another release: the new one is the download's row
                "quote": f"{column} = {value:g} in {template.area_name}'s row for {period} of {download.name}",
                "quoted_at": source_url or template.source_url,
            }
            if source:
                fields["source"] = source
            if source_url:
                fields["source_url"] = source_url
            kept.append(NationalFigure.model_validate({**template.model_dump(), **fields}))
            update.changes.append((period + where, old.get(period), value))
    kept.sort(key=lambda f: (f.indicator_id, f.area_code != ENGLAND_CODE, f.period))
    new_text = _as_csv(kept)
    load_national_figures(new_text, where=f"{benchmarks} (as updated from {download})")  # same checks
    problems = figure_problems([f for f in kept if f.indicator_id == indicator_id], scales)
    if problems:
        raise InputFileError(download, "; ".join(problems), field=column)
    if not dry_run:
        write_text_atomic(benchmarks, new_text)
        update.written = True
    return update


__all__ = ["BenchmarkUpdate", "financial_period", "update_benchmarks"]
