"""Reading one Open Referral UK service (a ``/services/{id}`` body) into checked field values.

Every problem is a :class:`Rejected` whose message names the field (``service_at_locations[0]
.location.latitude: not a number``), so an import report can say exactly why a record was left
out. Nothing here touches the database: :mod:`atr.platform.directory.importer` writes the result.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

STATUSES = ("active", "inactive", "defunct", "temporarily closed")
_ONS_CODE = re.compile(r"^[A-Z][0-9]{8}$")
_url = URLValidator(schemes=["http", "https"])
_email = EmailValidator()


class Rejected(ValueError):
    """The record cannot be imported; the message names the field and the reason."""


@dataclass
class ParsedLocation:
    id: uuid.UUID
    fields: dict[str, Any]
    accessibility: list[dict[str, Any]]


@dataclass
class ParsedService:
    id: uuid.UUID
    organization: dict[str, Any]
    fields: dict[str, Any]
    terms: list[dict[str, Any]]  # each also with the attribute's "attribute_id" and "link_type"
    children: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    locations: list[tuple[uuid.UUID, ParsedLocation]] = field(default_factory=list)  # (sal id, location)
    last_modified: datetime | None = None


def _uuid(value: Any, where: str) -> uuid.UUID:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError) as exc:
        raise Rejected(f"{where}: {str(value)[:40]!r} is not a UUID") from exc


def _text(data: dict[str, Any], key: str, where: str, limit: int, *, required: bool = False) -> str:
    value = data.get(key)
    if value is None or value == "":
        if required:
            raise Rejected(f"{where}{key}: missing")
        return ""
    if not isinstance(value, str):
        raise Rejected(f"{where}{key}: not text")
    if required and not value.strip():
        raise Rejected(f"{where}{key}: blank")
    if len(value) > limit:
        raise Rejected(f"{where}{key}: longer than {limit} characters")
    return value


def _checked(validator: Any, data: dict[str, Any], key: str, where: str) -> str:
    value = _text(data, key, where, 500)
    if value:
        try:
            validator(value)
        except ValidationError as exc:
            raise Rejected(f"{where}{key}: {value[:60]!r} is not valid") from exc
    return value


def _number(data: dict[str, Any], key: str, where: str, low: float, high: float) -> float | None:
    value = data.get(key)
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Rejected(f"{where}{key}: not a number")
    if not low <= value <= high:
        raise Rejected(f"{where}{key}: {value} is outside {low:g}–{high:g}")
    return float(value)


def _date(data: dict[str, Any], key: str, where: str) -> date | None:
    value = data.get(key)
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise Rejected(f"{where}{key}: {str(value)[:30]!r} is not a date (YYYY-MM-DD)") from exc


def _time(data: dict[str, Any], key: str, where: str) -> time | None:
    value = data.get(key)
    if not value:
        return None
    try:
        return time.fromisoformat(str(value))
    except ValueError as exc:
        raise Rejected(f"{where}{key}: {str(value)[:30]!r} is not a time (HH:MM:SS)") from exc


def _items(data: dict[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
    value = data.get(key) or []
    if not isinstance(value, list):
        raise Rejected(f"{key}: not a list")
    out = []
    for i, item in enumerate(value):
        if not isinstance(item, dict):
            raise Rejected(f"{key}[{i}]: not an object")
        out.append((f"{key}[{i}].", item))
    return out


def area_code(extent: str, uri: str) -> str:
    """The ONS code an area names: its extent if that is one, else the last part of its URI."""
    for candidate in (extent.strip(), uri.rstrip("/").rsplit("/", 1)[-1]):
        if _ONS_CODE.match(candidate):
            return candidate
    return ""


def parse_organization(data: Any, where: str = "organization.") -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Rejected(f"{where.rstrip('.')}: missing")
    return {
        "id": _uuid(data.get("id"), f"{where}id"),
        "name": _text(data, "name", where, 250, required=True),
        "description": _text(data, "description", where, 5000),
        "email": _checked(_email, data, "email", where),
        "website": _checked(_url, data, "website", where),
        "logo": _checked(_url, data, "logo", where),
        "uri": _checked(_url, data, "uri", where),
        "parent_organization_id": _uuid(data["parent_organization_id"], f"{where}parent_organization_id")
        if data.get("parent_organization_id")
        else None,
    }


def parse_term(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise Rejected(f"{where}: not an object")
    prefix = f"{where}."
    return {
        "id": _uuid(data.get("id"), f"{prefix}id"),
        "name": _text(data, "name", prefix, 200, required=True),
        "description": _text(data, "description", prefix, 5000),
        "code": _text(data, "term", prefix, 120),
        "term_uri": _checked(_url, data, "term_uri", prefix),
        "parent_id": _uuid(data["parent_id"], f"{prefix}parent_id") if data.get("parent_id") else None,
        "taxonomy_id": _uuid(data["taxonomy_id"], f"{prefix}taxonomy_id")
        if data.get("taxonomy_id")
        else None,
        "taxonomy": _text(data, "taxonomy", prefix, 200),
    }


def _location(data: Any, where: str) -> ParsedLocation:
    if not isinstance(data, dict):
        raise Rejected(f"{where.rstrip('.')}: missing")
    kind = data.get("location_type") or "physical"
    if kind not in ("physical", "postal", "virtual"):
        raise Rejected(f"{where}location_type: {str(kind)[:20]!r} is not physical, postal or virtual")
    fields: dict[str, Any] = {
        "location_type": kind,
        "name": _text(data, "name", where, 250),
        "description": _text(data, "description", where, 5000),
        # Any finite number: the profile's own example has latitude 100; the map clamps.
        "latitude": _number(data, "latitude", where, -1e9, 1e9),
        "longitude": _number(data, "longitude", where, -1e9, 1e9),
        "external_identifier": _text(data, "external_identifier", where, 100),
        "external_identifier_type": _text(data, "external_identifier_type", where, 50),
    }
    addresses = _items(data, "addresses")
    if addresses:
        at, address = addresses[0]
        at = f"{where}{at}"
        fields |= {
            "address_id": _uuid(address.get("id"), f"{at}id"),
            "attention": _text(address, "attention", at, 250),
            "address_1": _text(address, "address_1", at, 250),
            "city": _text(address, "city", at, 100),
            "region": _text(address, "region", at, 100),
            "state_province": _text(address, "state_province", at, 100),
            "postal_code": _text(address, "postal_code", at, 12),
            "country": _text(address, "country", at, 2) or "GB",
            "address_type": _text(address, "address_type", at, 10) or "physical",
        }
    access = [
        {
            "id": _uuid(item.get("id"), f"{where}{at}id"),
            "description": _text(item, "description", f"{where}{at}", 5000),
            "details": _text(item, "details", f"{where}{at}", 5000),
            "url": _checked(_url, item, "url", f"{where}{at}"),
        }
        for at, item in _items(data, "accessibility")
    ]
    return ParsedLocation(_uuid(data.get("id"), f"{where}id"), fields, access)


def parse_service(data: Any) -> ParsedService:
    """Check one service record; raise :class:`Rejected` naming the first problem."""
    if not isinstance(data, dict):
        raise Rejected("not an object")
    sid = _uuid(data.get("id"), "id")
    status = data.get("status")
    if status not in STATUSES:
        raise Rejected(f"status: {str(status)[:30]!r} is not one of {', '.join(STATUSES)}")
    if isinstance(data.get("organization"), dict):
        organization = parse_organization(data["organization"])
    elif data.get("organization_id"):
        organization = {"id": _uuid(data["organization_id"], "organization_id")}
    else:
        raise Rejected("organization: missing (give organization or organization_id)")
    low = _number(data, "minimum_age", "", 0, 130)
    high = _number(data, "maximum_age", "", 0, 130)
    if low is not None and high is not None and low > high:
        raise Rejected(f"minimum_age: {low:g} is above maximum_age {high:g}")
    fields = {
        "name": _text(data, "name", "", 250, required=True),
        "description": _text(data, "description", "", 10000),
        "url": _checked(_url, data, "url", ""),
        "email": _checked(_email, data, "email", ""),
        "status": status,
        "fees_description": _text(data, "fees", "", 5000),
        "accreditations": _text(data, "accreditations", "", 5000),
        "minimum_age": None if low is None else int(low),
        "maximum_age": None if high is None else int(high),
        "assured_date": _date(data, "assured_date", ""),
        "assurer_email": _checked(_email, data, "assurer_email", ""),
        "alert": _text(data, "alert", "", 5000),
    }
    terms = [
        parse_term(item.get("taxonomy_term"), f"{at}taxonomy_term")
        | {"attribute_id": _uuid(item.get("id"), f"{at}id"), "link_type": _text(item, "link_type", at, 50)}
        for at, item in _items(data, "attributes")
        if item.get("taxonomy_term")
    ]
    parsed = ParsedService(sid, organization, fields, terms)
    parsed.children = _children(data)
    parsed.last_modified = _last_modified(data)
    for at, item in _items(data, "service_at_locations"):
        parsed.locations.append(
            (_uuid(item.get("id"), f"{at}id"), _location(item.get("location"), f"{at}location."))
        )
    return parsed


def _children(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    def ident(item: dict[str, Any], at: str) -> dict[str, Any]:
        return {"id": _uuid(item.get("id"), f"{at}id")}

    children: dict[str, list[dict[str, Any]]] = {}
    children["schedules"] = [
        ident(s, at)
        | {
            "freq": s.get("freq") if s.get("freq") in ("WEEKLY", "MONTHLY") else "",
            "interval": None if _number(s, "interval", at, 0, 1000) is None else int(s["interval"]),
            "byday": _text(s, "byday", at, 40),
            "bymonthday": _text(s, "bymonthday", at, 100),
            "opens_at": _time(s, "opens_at", at),
            "closes_at": _time(s, "closes_at", at),
            "valid_from": _date(s, "valid_from", at),
            "valid_to": _date(s, "valid_to", at),
            "dtstart": _date(s, "dtstart", at),
            "description": _text(s, "description", at, 5000),
            "attending_type": _text(s, "attending_type", at, 250),
            "notes": _text(s, "notes", at, 5000),
            "schedule_link": _checked(_url, s, "schedule_link", at),
        }
        for at, s in _items(data, "schedules")
    ]
    children["service_areas"] = [
        ident(a, at)
        | {
            "name": _text(a, "name", at, 500),
            "extent": _text(a, "extent", at, 100_000),
            "extent_type": _text(a, "extent_type", at, 50),
            "service_area": _text(a, "service_area", at, 5000),
            "uri": _text(a, "uri", at, 500),
        }
        for at, a in _items(data, "service_areas")
    ]
    children["languages"] = [
        ident(x, at)
        | {
            "name": _text(x, "name", at, 100),
            "code": _text(x, "code", at, 20),
            "note": _text(x, "note", at, 250),
        }
        for at, x in _items(data, "languages")
    ]
    children["funding"] = [
        ident(f, at) | {"source": _text(f, "source", at, 5000)} for at, f in _items(data, "funding")
    ]
    children["cost_options"] = [
        ident(c, at)
        | {
            "option": _text(c, "option", at, 250),
            "amount": _number(c, "amount", at, 0, 1e8),
            "amount_description": _text(c, "amount_description", at, 250),
            "valid_from": _date(c, "valid_from", at),
            "valid_to": _date(c, "valid_to", at),
        }
        for at, c in _items(data, "cost_options")
    ]
    children["contacts"] = [
        ident(c, at)
        | {
            "name": _text(c, "name", at, 250),
            "title": _text(c, "title", at, 250),
            "email": _checked(_email, c, "email", at),
        }
        for at, c in _items(data, "contacts")
    ]
    children["phones"] = [
        ident(p, at)
        | {
            "number": _text(p, "number", at, 40, required=True),
            "description": _text(p, "description", at, 250),
        }
        for at, p in _items(data, "phones")
    ]
    return children


def _last_modified(data: dict[str, Any]) -> datetime | None:
    """The publisher's last_modified (a zone-less time is taken as UTC), or None."""
    raw = data.get("last_modified")
    if not raw:
        return None
    try:
        value = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise Rejected(f"last_modified: {str(raw)[:30]!r} is not a date-time") from exc
    return value if value.tzinfo else value.replace(tzinfo=UTC)
