"""One Open Referral UK service record, checked and reduced to what placing and comparing need.

HSDS 3.0 links taxonomy terms to a service through its ``attributes`` (each with a nested
``taxonomy_term``); some feeds also give a flat ``taxonomy_terms`` list, read too. ``capacity``
(places a service can offer at once) is not in the UK profile: it is read when a directory adds
it as a local property, which the profile allows. A record that cannot be used raises
:class:`RecordProblem` naming the field, so the caller can set it aside with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

ACTIVE = "active"


class RecordProblem(ValueError):
    """Why one record is set aside: the field and what is wrong with it."""

    def __init__(self, field: str, problem: str) -> None:
        super().__init__(f"field '{field}': {problem}")
        self.field = field


@dataclass(frozen=True)
class Location:
    field: str  # e.g. service_at_locations[2].location, to name it in a problem
    name: str
    postcode: str | None
    latitude: float | None
    longitude: float | None


@dataclass(frozen=True)
class ServiceArea:
    field: str
    texts: tuple[str, ...]  # name, service_area, extent (when text) and uri, each a way to name it


@dataclass(frozen=True)
class Service:
    service_id: str
    name: str
    organisation: str
    minimum_age: int | None
    maximum_age: int | None
    capacity: float | None
    terms: tuple[str, ...]  # every id, name, term and code of its taxonomy terms
    locations: tuple[Location, ...]
    areas: tuple[ServiceArea, ...]


def _text(value: Any, field: str, *, required: bool = False) -> str | None:
    if value is None or value == "":
        if required:
            raise RecordProblem(field, "missing")
        return None
    if not isinstance(value, str):
        raise RecordProblem(field, f"expected text, found {type(value).__name__}")
    return value.strip()


def _number(value: Any, field: str) -> float | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RecordProblem(field, f"expected a number, found {type(value).__name__}")
    try:
        number = float(value)
    except ValueError as exc:
        raise RecordProblem(field, f"expected a number, found {value!r}") from exc
    if number != number:  # NaN
        raise RecordProblem(field, "not a number")
    return number


def _age(value: Any, field: str) -> int | None:
    number = _number(value, field)
    if number is None:
        return None
    if number < 0 or number > 130 or number != int(number):
        raise RecordProblem(field, f"not an age in whole years: {value!r}")
    return int(number)


def _list(value: Any, field: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise RecordProblem(field, f"expected a list, found {type(value).__name__}")
    return value


def _term_names(term: Any, field: str) -> list[str]:
    if not isinstance(term, dict):
        raise RecordProblem(field, "expected a taxonomy term object")
    return [str(term[k]) for k in ("id", "code", "name", "term") if isinstance(term.get(k), str | int)]


def _terms(item: dict[str, Any]) -> tuple[str, ...]:
    names: list[str] = []
    for i, attribute in enumerate(_list(item.get("attributes"), "attributes")):
        if isinstance(attribute, dict) and attribute.get("taxonomy_term") is not None:
            names += _term_names(attribute["taxonomy_term"], f"attributes[{i}].taxonomy_term")
    for i, term in enumerate(_list(item.get("taxonomy_terms"), "taxonomy_terms")):
        names += _term_names(term, f"taxonomy_terms[{i}]")
    return tuple(dict.fromkeys(names))


def _location(raw: Any, field: str) -> Location:
    if not isinstance(raw, dict):
        raise RecordProblem(field, "expected a location object")
    postcode = None
    for j, address in enumerate(_list(raw.get("addresses"), f"{field}.addresses")):
        if isinstance(address, dict):
            postcode = postcode or _text(address.get("postal_code"), f"{field}.addresses[{j}].postal_code")
    postcode = postcode or _text(raw.get("postcode"), f"{field}.postcode")
    latitude = _number(raw.get("latitude"), f"{field}.latitude")
    longitude = _number(raw.get("longitude"), f"{field}.longitude")
    if (latitude is None) != (longitude is None):
        raise RecordProblem(field, "latitude without longitude (or the other way round)")
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= float(longitude or 0) <= 180):
        raise RecordProblem(f"{field}.latitude", "outside the range of latitudes and longitudes")
    name = _text(raw.get("name"), f"{field}.name") or ""
    return Location(field, name, postcode, latitude, longitude)


def _locations(item: dict[str, Any]) -> tuple[Location, ...]:
    found = []
    for i, link in enumerate(_list(item.get("service_at_locations"), "service_at_locations")):
        field = f"service_at_locations[{i}]"
        if not isinstance(link, dict) or link.get("location") is None:
            raise RecordProblem(field, "no location")
        found.append(_location(link["location"], f"{field}.location"))
    return tuple(found)


def _areas(item: dict[str, Any]) -> tuple[ServiceArea, ...]:
    found = []
    for i, area in enumerate(_list(item.get("service_areas"), "service_areas")):
        field = f"service_areas[{i}]"
        if not isinstance(area, dict):
            raise RecordProblem(field, "expected a service area object")
        texts = [
            area[k]
            for k in ("name", "service_area", "uri", "extent")
            if isinstance(area.get(k), str)
            and area[k].strip()
            and not (k == "extent" and area.get("extent_type") not in (None, "", "text"))
        ]
        found.append(ServiceArea(field, tuple(t.strip() for t in texts)))
    return tuple(found)


def parse_service(item: Any) -> Service:
    """The service in one page item; :class:`RecordProblem` when it cannot be used."""
    if not isinstance(item, dict):
        raise RecordProblem("(record)", "expected a service object")
    service_id = _text(item.get("id"), "id", required=True)
    name = _text(item.get("name"), "name", required=True)
    status = _text(item.get("status"), "status")
    if status is not None and status.lower() != ACTIVE:
        raise RecordProblem("status", f"'{status}': only active services are counted")
    minimum, maximum = (
        _age(item.get("minimum_age"), "minimum_age"),
        _age(item.get("maximum_age"), "maximum_age"),
    )
    if minimum is not None and maximum is not None and minimum > maximum:
        raise RecordProblem("minimum_age", f"{minimum} is above maximum_age {maximum}")
    capacity = _number(item.get("capacity"), "capacity")
    if capacity is not None and capacity < 0:
        raise RecordProblem("capacity", "negative")
    organisation = item.get("organization")
    org_name = (
        _text(organisation.get("name"), "organization.name") if isinstance(organisation, dict) else None
    )
    return Service(
        service_id=service_id or "",
        name=name or "",
        organisation=org_name or "",
        minimum_age=minimum,
        maximum_age=maximum,
        capacity=capacity,
        terms=_terms(item),
        locations=_locations(item),
        areas=_areas(item),
    )


__all__ = ["Location", "RecordProblem", "Service", "ServiceArea", "parse_service"]
