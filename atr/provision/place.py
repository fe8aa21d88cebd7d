"""Place each service of a feed on the reference geography, and account for every record.

A location is placed by its postcode (postcode → LSOA → ward → district), else by its latitude
and longitude (the nearest LSOA centre, if it is within ``max_km`` of one: further away is
outside the area). A service area is placed by the district, ward or region it names, by ONS
code anywhere in its text or by its name (``Leeds``, ``West Yorkshire``, ``Headingley, Leeds``).
A service with no place at all is rejected, as is a broken record, a duplicate id or an
inactive service; a place that cannot be placed is noted against a service that has another.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from atr.provision.geography import Geography, postcode_key
from atr.provision.kinds import NeedKind
from atr.provision.oruk import RawRecord
from atr.provision.records import Location, RecordProblem, Service, ServiceArea, parse_service
from atr.reference import REGION_CODE


@dataclass
class Placed:
    """What placing a feed found: one row per record, per place and per problem."""

    records: list[dict[str, Any]] = field(default_factory=list)  # provision_read
    places: list[dict[str, Any]] = field(default_factory=list)  # provision_service_place
    issues: list[dict[str, Any]] = field(default_factory=list)  # provision_issue

    @property
    def placed(self) -> int:
        return sum(r["status"] == "placed" for r in self.records)

    @property
    def rejected(self) -> int:
        return sum(r["status"] == "rejected" for r in self.records)


def _place_location(geo: Geography, loc: Location, max_km: float) -> tuple[dict[str, Any] | None, str | None]:
    """(place columns, None) or (None, why it could not be placed)."""
    lsoa = geo.postcodes.get(postcode_key(loc.postcode)) if loc.postcode else None
    how = "postcode"
    if lsoa is None and loc.latitude is not None and loc.longitude is not None:
        nearest, km = geo.nearest_lsoa(loc.longitude, loc.latitude)
        if km > max_km:
            return None, f"{km:.1f} km from the nearest LSOA centre: outside the area"
        lsoa, how = nearest, "coordinates"
    if lsoa is None or lsoa not in geo.lsoa_ward:
        if loc.postcode:
            return None, f"postcode {loc.postcode} is not in the reference postcode directory"
        return None, "neither a postcode nor a latitude and longitude"
    lat: float | None = loc.latitude
    lon: float | None = loc.longitude
    if lat is None or lon is None:
        lon, lat = geo.lsoa_centre(lsoa)
    ward = geo.lsoa_ward[lsoa]
    return {
        "place_type": "location",
        "place_code": lsoa,
        "place_name": loc.name or geo.names.get(lsoa, lsoa),
        "lsoa11_code": lsoa,
        "ward19_code": ward,
        "lad19_code": geo.ward_district[ward],
        "latitude": lat,
        "longitude": lon,
        "placed_by": how,
    }, None


def _place_area(geo: Geography, area: ServiceArea) -> tuple[dict[str, Any] | None, str | None]:
    for text in area.texts:
        codes = sorted(set(geo.area_codes_named(text)))
        if len(codes) > 1:
            return None, f"'{text}' names {len(codes)} areas; give the district too or an ONS code"
        if codes:
            code = codes[0]
            district = None if code == REGION_CODE else geo.ward_district.get(code, code)
            return {
                "place_type": "service_area",
                "place_code": code,
                "place_name": geo.names.get(code, code),
                "lsoa11_code": None,
                "ward19_code": code if code in geo.ward_district else None,
                "lad19_code": district,
                "latitude": None,
                "longitude": None,
                "placed_by": "area code" if code in text else "area name",
            }, None
    shown = "; ".join(area.texts) or "(no name)"
    return None, f"'{shown}' names no district, ward or region of the reference geography"


def place_services(
    raw: Iterable[RawRecord], geo: Geography, kinds: tuple[NeedKind, ...], *, max_km: float = 5.0
) -> Placed:
    """Every record read, placed or rejected with its reason."""
    out = Placed()
    seen: dict[str, str] = {}
    for record in raw:
        row: dict[str, Any] = {
            "source": record.where,
            "page": record.page,
            "record": record.index,
            "service_id": None,
            "service_name": None,
            "status": "rejected",
            "reason": None,
            "locations": 0,
            "service_areas": 0,
        }
        out.records.append(row)
        try:
            service = parse_service(record.item)
        except RecordProblem as problem:
            row["reason"] = str(problem)
            if isinstance(record.item, dict):
                row["service_id"] = str(record.item.get("id")) if record.item.get("id") else None
            continue
        row["service_id"], row["service_name"] = service.service_id, service.name
        if service.service_id in seen:
            row["reason"] = f"field 'id': duplicate of {seen[service.service_id]}"
            continue
        seen[service.service_id] = f"{record.where}, record {record.index}"
        places = _places(out, record, service, geo, max_km)
        if not places:
            row["reason"] = "no location or service area could be placed (see provision_issue)"
            continue
        matched = ";".join(k.kind for k in kinds if k.matches(service.terms))
        for place in places:
            out.places.append(
                {
                    "service_id": service.service_id,
                    "service_name": service.name,
                    "organisation": service.organisation,
                    "need_kinds": matched,
                    "minimum_age": service.minimum_age,
                    "maximum_age": service.maximum_age,
                    "capacity": service.capacity,
                    **place,
                }
            )
        row["status"] = "placed"
        row["locations"] = sum(p["place_type"] == "location" for p in places)
        row["service_areas"] = sum(p["place_type"] == "service_area" for p in places)
    return out


def _places(
    out: Placed, record: RawRecord, service: Service, geo: Geography, max_km: float
) -> list[dict[str, Any]]:
    places = []
    attempts: list[tuple[str, tuple[dict[str, Any] | None, str | None]]] = [
        (loc.field, _place_location(geo, loc, max_km)) for loc in service.locations
    ] + [(area.field, _place_area(geo, area)) for area in service.areas]
    for field_name, (place, problem) in attempts:
        if place is not None:
            places.append(place)
        else:
            out.issues.append(
                {
                    "source": record.where,
                    "record": record.index,
                    "service_id": service.service_id,
                    "field": field_name,
                    "problem": problem,
                }
            )
    return places


__all__ = ["Placed", "place_services"]
