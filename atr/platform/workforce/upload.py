"""Completions uploaded as CSV or XLSX, checked like partner extracts before anything is saved.

Every row is checked first; a problem names the row (as the spreadsheet numbers it, the header
being row 1) and the field. Bad rows are set aside with their reason and the good ones saved in
one transaction, so a file is never half-saved. A completion is unique on (organisation, staff
reference, course, date), so uploading the same file again adds nothing. Every row must name
the organisation the lead is uploading for (its ``ORG`` reference, ODS code, URN, charity or
company number, or its name); a file naming another organisation is refused whole.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import transaction

from atr.platform.network.models import Organisation
from atr.platform.workforce.coverage import refresh_staff
from atr.platform.workforce.models import Completion, CompletionUpload, Course

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 100_000
MAX_SET_ASIDE_SHARE = 0.5
EARLIEST = date(2000, 1, 1)
COLUMNS = ("organisation", "staff_ref", "role", "team", "course", "completion_date")
REQUIRED = frozenset(COLUMNS) - {"team"}
_STAFF_REF = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}")
_UK_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


class UploadRefused(ValueError):
    """The whole file is refused (wrong kind, wrong organisation, unreadable): nothing is saved."""


@dataclass(frozen=True)
class SetAside:
    row: int
    field: str
    reason: str


@dataclass
class UploadResult:
    rows: int = 0
    saved: int = 0
    unchanged: int = 0
    set_aside: list[SetAside] = field(default_factory=list)
    upload: CompletionUpload | None = None


@dataclass(frozen=True)
class _Good:
    staff_ref: str
    role: str
    team: str
    course_id: int
    completed_on: date


def _header(value: Any) -> str:
    return re.sub(r"[\s-]+", "_", str(value or "").strip().casefold())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def read_rows(name: str, data: bytes) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column: value}) for each data row of a .csv or .xlsx file."""
    lower = name.casefold()
    if lower.endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise UploadRefused(
                f"{name}: is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8"
            ) from exc
        reader = csv.reader(io.StringIO(text, newline=""))
        header = [_header(h) for h in next(reader, [])]
        rows: Iterator[list[Any]] = reader
    elif lower.endswith(".xlsx"):
        import openpyxl  # imported here: only uploads need it

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise UploadRefused(f"{name}: cannot be read as an Excel workbook ({exc})") from exc
        values = book.worksheets[0].iter_rows(values_only=True)
        header = [_header(h) for h in next(values, ())]
        rows = (list(r) for r in values)
    else:
        raise UploadRefused(f"{name}: choose a .csv or .xlsx file")
    missing = [c for c in COLUMNS if c in REQUIRED and c not in header]
    if missing:
        raise UploadRefused(f"{name}: the first row must name the columns; missing: {', '.join(missing)}")
    for number, row in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise UploadRefused(f"{name}: has more than {MAX_ROWS:,} rows; split it into smaller files")
        if not any(v not in (None, "") for v in row):
            continue
        yield number, {h: row[i] if i < len(row) else None for i, h in enumerate(header) if h}


def _date(value: Any, today: date) -> date:
    if isinstance(value, datetime):
        day = value.date()
    elif isinstance(value, date):
        day = value
    else:
        text = _text(value)
        uk = _UK_DATE.fullmatch(text)
        try:
            day = date(int(uk[3]), int(uk[2]), int(uk[1])) if uk else date.fromisoformat(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a date; use YYYY-MM-DD or DD/MM/YYYY") from None
    if day > today:
        raise ValueError(f"{day.isoformat()} is in the future")
    if day < EARLIEST:
        raise ValueError(f"{day.isoformat()} is before {EARLIEST.year}")
    return day


def organisation_names(org: Organisation) -> set[str]:
    """Every way a file may name ``org``."""
    names = {f"org{org.pk}", org.name.casefold()}
    names |= {v.casefold() for v in (org.ods_code, org.urn, org.charity_number, org.company_number) if v}
    return names


def check_rows(
    org: Organisation, name: str, data: bytes, today: date
) -> tuple[int, list[tuple[int, _Good]], list[SetAside]]:
    """Read and check every row; the good ones and the set-aside ones (or refuse the file)."""
    if len(data) > MAX_BYTES:
        raise UploadRefused(f"{name}: is larger than {MAX_BYTES // (1024 * 1024)} MB")
    courses = {c.code.casefold(): c.pk for c in Course.objects.all()}
    courses |= {c.title.casefold(): c.pk for c in Course.objects.all()}
    ours = organisation_names(org)
    good: list[tuple[int, _Good]] = []
    bad: list[SetAside] = []
    total = 0
    for number, row in read_rows(name, data):
        total += 1
        values = {c: _text(row.get(c)) for c in COLUMNS}
        named = values["organisation"]
        if named and named.casefold() not in ours:
            raise UploadRefused(
                f"{name}: row {number} names the organisation '{named}', but this upload is for "
                f"{org.name}; nothing was saved"
            )
        problem = _problem(values, courses)
        if problem:
            bad.append(SetAside(number, *problem))
            continue
        try:
            day = _date(row.get("completion_date"), today)
        except ValueError as exc:
            bad.append(SetAside(number, "completion_date", str(exc)))
            continue
        good.append(
            (
                number,
                _Good(
                    values["staff_ref"],
                    values["role"],
                    values["team"],
                    courses[values["course"].casefold()],
                    day,
                ),
            )
        )
    if total == 0:
        raise UploadRefused(f"{name}: has no rows under the header")
    if len(bad) > total * MAX_SET_ASIDE_SHARE:
        raise UploadRefused(
            f"{name}: {len(bad)} of {total} rows have problems (the first: row {bad[0].row}, "
            f"field '{bad[0].field}': {bad[0].reason}); nothing was saved — is it the right file?"
        )
    return total, good, bad


def _problem(values: dict[str, str], courses: dict[str, int]) -> tuple[str, str] | None:
    if not values["organisation"]:
        return "organisation", "enter the organisation"
    if not values["staff_ref"]:
        return "staff_ref", "enter the staff reference"
    if not _STAFF_REF.fullmatch(values["staff_ref"]):
        return "staff_ref", "use up to 40 letters, digits, '.', '_', '/' or '-' (no names)"
    if not values["role"]:
        return "role", "enter the role"
    if len(values["role"]) > 80:
        return "role", "is longer than 80 characters"
    if len(values["team"]) > 80:
        return "team", "is longer than 80 characters"
    if not values["course"]:
        return "course", "enter the course code or title"
    if values["course"].casefold() not in courses:
        return "course", f"'{values['course']}' is not in the course catalogue"
    return None


def save_completions(org: Organisation, name: str, data: bytes, user: Any, today: date) -> UploadResult:
    """Check the file, then save its good rows in one transaction; a re-upload saves nothing new."""
    total, good, bad = check_rows(org, name, data, today)
    result = UploadResult(rows=total, set_aside=bad)
    with transaction.atomic():
        existing = set(
            Completion.objects.filter(organisation=org).values_list("staff_ref", "course_id", "completed_on")
        )
        fresh: dict[tuple[str, int, date], _Good] = {}
        for _, row in good:
            key = (row.staff_ref, row.course_id, row.completed_on)
            if key not in existing:
                fresh.setdefault(key, row)
        result.saved = len(fresh)
        result.unchanged = len(good) - len(fresh)
        if not fresh:
            return result
        upload = CompletionUpload.objects.create(
            organisation=org,
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            file_name=name[:200],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=total,
            saved=result.saved,
            unchanged=result.unchanged,
            set_aside=len(bad),
        )
        Completion.objects.bulk_create(
            [
                Completion(
                    organisation=org,
                    staff_ref=r.staff_ref,
                    role=r.role,
                    team=r.team,
                    course_id=r.course_id,
                    completed_on=r.completed_on,
                    upload=upload,
                )
                for r in fresh.values()
            ],
            batch_size=2000,
        )
        refresh_staff(org, {r.staff_ref for r in fresh.values()})
        result.upload = upload
    return result
