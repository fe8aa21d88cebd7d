"""A CSV of services, for partners without an Open Referral UK API, read into ORUK records.

Each row becomes one fully nested service record and goes through the same importer (and the
same checks) as a feed, so a CSV and an API give the same directory. Ids are derived from the
organisation and service names unless ``service_id`` is given, so importing the same file again
updates rather than duplicates. The columns (a header row is required; only ``organisation``,
``name`` and ``kinds`` must be filled):

=================  =========================================================================
column             meaning
=================  =========================================================================
service_id         the service's UUID, if the partner has one
organisation       the provider's name
name               the service's name
description        what it offers
kinds              codes of the directory's taxonomy, separated by ``;`` (``docs/directory.md``)
minimum_age        youngest age served (whole number)
maximum_age        oldest age served
url, email, phone  how to reach it
address, city      street address and town
postcode           UK postcode of the place
latitude           decimal degrees (optional)
longitude          decimal degrees (optional)
area_codes         ONS codes of wards or districts served, separated by ``;``
opening_hours      when it is open, in words
cost               cost, in words (for example ``Free``)
languages          languages, separated by ``;``
accessibility      accessibility of the building, in words
last_checked       date the entry was last checked (YYYY-MM-DD)
=================  =========================================================================
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from atr.platform.directory.taxonomy import KIND_BY_CODE, TAXONOMY_ID, TAXONOMY_NAME

COLUMNS = (
    "service_id",
    "organisation",
    "name",
    "description",
    "kinds",
    "minimum_age",
    "maximum_age",
    "url",
    "email",
    "phone",
    "address",
    "city",
    "postcode",
    "latitude",
    "longitude",
    "area_codes",
    "opening_hours",
    "cost",
    "languages",
    "accessibility",
    "last_checked",
)
REQUIRED = ("organisation", "name", "kinds")
MAX_BYTES = 20 * 1024 * 1024
_NAMESPACE = uuid.UUID("0e6c4d38-7f0b-5d5e-9a51-3c2b1f7e6d90")


class CsvProblem(ValueError):
    """The file as a whole cannot be read (the message names the file)."""


def _uid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "\x1f".join(parts)))


def _number(value: str, row: int, column: str) -> int | float | dict[str, str] | None:
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return {"__error__": f"row {row}, {column}: {value[:20]!r} is not a number"}
    return int(number) if number.is_integer() and column.endswith("_age") else number


def read_rows(path: Path) -> Iterator[tuple[str, Any]]:
    """(label, ORUK record) per data row; a row that cannot become a record carries ``__error__``."""
    if not path.is_file():
        raise CsvProblem(f"{path}: no such file")
    if path.stat().st_size > MAX_BYTES:
        raise CsvProblem(f"{path}: larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CsvProblem(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise CsvProblem(
            f"{path}: the header lacks column(s) {', '.join(missing)} (see `atr web import-directory-csv --help`)"
        )
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise CsvProblem(f"{path}: unknown column(s) {', '.join(unknown)}")
    for number, raw in enumerate(reader, start=2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
        yield (f"{path.name} row {number}", row_to_record(row, number))


def row_to_record(row: dict[str, str], number: int) -> dict[str, Any]:
    for column in REQUIRED:
        if not row.get(column):
            return {"__error__": f"row {number}, {column}: empty"}
    kinds = [k.strip() for k in row["kinds"].split(";") if k.strip()]
    for code in kinds:
        if code not in KIND_BY_CODE:
            return {
                "__error__": f"row {number}, kinds: {code[:40]!r} is not a code of the directory's taxonomy"
            }
    numbers: dict[str, Any] = {}
    for column in ("minimum_age", "maximum_age", "latitude", "longitude"):
        value = _number(row.get(column, ""), number, column)
        if isinstance(value, dict):
            return value
        numbers[column] = value
    org_id = _uid("organisation", row["organisation"].lower())
    sid = row.get("service_id") or _uid("service", row["organisation"].lower(), row["name"].lower())
    record: dict[str, Any] = {
        "id": sid,
        "name": row["name"],
        "description": row.get("description", ""),
        "status": "active",
        "url": row.get("url", ""),
        "email": row.get("email", ""),
        "fees": row.get("cost", ""),
        "assured_date": row.get("last_checked", ""),
        "organization": {"id": org_id, "name": row["organisation"], "description": row["organisation"]},
        "attributes": [_attribute(sid, code) for code in kinds],
    }
    record |= {k: numbers[k] for k in ("minimum_age", "maximum_age") if numbers[k] is not None}
    if row.get("phone"):
        record["phones"] = [{"id": _uid(sid, "phone"), "number": row["phone"]}]
    if row.get("opening_hours"):
        record["schedules"] = [{"id": _uid(sid, "schedule"), "description": row["opening_hours"]}]
    if row.get("languages"):
        record["languages"] = [
            {"id": _uid(sid, "language", x), "name": x.strip()}
            for x in row["languages"].split(";")
            if x.strip()
        ]
    codes = [c.strip() for c in row.get("area_codes", "").split(";") if c.strip()]
    record["service_areas"] = [
        {"id": _uid(sid, "area", c), "name": c, "extent": c, "extent_type": "ons_code"} for c in codes
    ]
    if row.get("address") or row.get("postcode"):
        record["service_at_locations"] = [_location(sid, row, numbers)]
    return {k: v for k, v in record.items() if v not in ("", [], None)}


def _attribute(sid: str, code: str) -> dict[str, Any]:
    kind = KIND_BY_CODE[code]
    term = {
        "id": kind.id,
        "name": kind.name,
        "description": kind.description,
        "taxonomy": TAXONOMY_NAME,
        "taxonomy_id": TAXONOMY_ID,
        "term": code,
    }
    return {
        "id": _uid(sid, "attribute", code),
        "link_type": "service",
        "taxonomy_term_id": kind.id,
        "taxonomy_term": term,
    }


def _location(sid: str, row: dict[str, str], numbers: dict[str, Any]) -> dict[str, Any]:
    location_id = _uid(sid, "location")
    location: dict[str, Any] = {"id": location_id, "location_type": "physical"}
    location |= {k: numbers[k] for k in ("latitude", "longitude") if numbers[k] is not None}
    location["addresses"] = [
        {
            "id": _uid(sid, "address"),
            "address_1": row.get("address", ""),
            "city": row.get("city", ""),
            "state_province": "West Yorkshire",
            "postal_code": row.get("postcode", ""),
            "country": "GB",
            "address_type": "physical",
        }
    ]
    if row.get("accessibility"):
        location["accessibility"] = [{"id": _uid(sid, "accessibility"), "description": row["accessibility"]}]
    return {"id": _uid(sid, "service_at_location"), "location": location}
