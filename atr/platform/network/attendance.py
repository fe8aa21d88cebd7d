"""Counted attendance from a CSV upload: ``sector,attendees`` rows for one event.

The whole file is checked before anything is saved; every problem names the row and the column;
the event's counts are replaced in one transaction or not at all.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from atr.platform.network.models import Event, EventReach
from atr.platform.network.vocab import SECTORS

MAX_BYTES = 256 * 1024
_SECTOR_BY_TEXT = {**{code: code for code, _ in SECTORS}, **{label.lower(): code for code, label in SECTORS}}


class AttendanceFileError(ValueError):
    """The upload cannot be used; the message says what is wrong and where."""


@dataclass(frozen=True)
class Count:
    sector: str
    attendees: int


def read_attendance(upload: UploadedFile) -> list[Count]:
    name = upload.name or "the file"
    if not name.lower().endswith(".csv"):
        raise AttendanceFileError(f"{name}: the file must be a CSV file (.csv)")
    if upload.size is not None and upload.size > MAX_BYTES:
        raise AttendanceFileError(f"{name}: the file must be smaller than {MAX_BYTES // 1024} KB")
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise AttendanceFileError(f"{name}: the file must be smaller than {MAX_BYTES // 1024} KB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AttendanceFileError(f"{name}: the file must be a CSV file saved as UTF-8") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in reader.fieldnames or []]
    if header[:2] != ["sector", "attendees"]:
        raise AttendanceFileError(f"{name}: the first row must be the column names sector,attendees")
    counts: dict[str, int] = {}
    for row_number, row in enumerate(reader, start=2):
        values = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        sector = _SECTOR_BY_TEXT.get(values.get("sector", "").lower())
        if sector is None:
            raise AttendanceFileError(
                f"{name}, row {row_number}, column 'sector': '{values.get('sector', '')}' is not a sector"
            )
        number = values.get("attendees", "")
        if not number.isdigit() or int(number) > 100_000:
            raise AttendanceFileError(
                f"{name}, row {row_number}, column 'attendees': enter a whole number from 0 to 100000"
            )
        if sector in counts:
            raise AttendanceFileError(f"{name}, row {row_number}, column 'sector': sector given twice")
        counts[sector] = int(number)
    if not counts:
        raise AttendanceFileError(f"{name}: the file has no rows of counts")
    return [Count(s, n) for s, n in counts.items()]


def replace_attendance(event: Event, counts: list[Count]) -> None:
    with transaction.atomic():
        event.reach.all().delete()
        for c in counts:  # one by one, so the audit trail records each count
            if c.attendees:
                EventReach.objects.create(event=event, sector=c.sector, attendees=c.attendees)
