"""The reference geography as the placing step needs it: postcodes, the area lookup, centres.

Read from the warehouse's ``ref_*`` tables, so it is the same geography the rest of the run
uses: the real one, or the labelled synthetic one (whose grid-square LSOAs have centres too).
Centres are the area-weighted centroids of each LSOA's and ward's boundary in ``ref_boundary``;
distances are on a local flat projection (at West Yorkshire's latitude the error over 50 km is
well under 1%).
"""

from __future__ import annotations

import itertools
import json
import math
import re
from dataclasses import dataclass
from typing import Any

import numpy as np

from atr.provision.kinds import normalise_term
from atr.reference import REGION_CODE, REGION_NAME
from atr.warehouse import Warehouse

KM_PER_DEGREE_LAT = 110.57
KM_PER_DEGREE_LON_AT_EQUATOR = 111.32
AREA_CODE = re.compile(r"\b([EWX]\d{8})\b")


def _ring_centroid(ring: list[list[float]]) -> tuple[float, float, float]:
    """(signed area, x, y) of one ring (shoelace)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    return a / 2, cx, cy


def centroid(geometry: dict[str, Any]) -> tuple[float, float]:
    """(longitude, latitude) of a Polygon or MultiPolygon's area-weighted centre."""
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    total = sx = sy = 0.0
    for polygon in polygons:
        for i, ring in enumerate(polygon):
            a, cx, cy = _ring_centroid([[float(p[0]), float(p[1])] for p in ring])
            if a == 0:
                continue
            # exteriors add area and holes take it away, whatever the file's winding
            sign = (1.0 if i == 0 else -1.0) * math.copysign(1.0, a)
            total += sign * a
            sx += sign * cx
            sy += sign * cy
    if total == 0:
        first = polygons[0][0][0]
        return float(first[0]), float(first[1])
    return sx / (6 * total), sy / (6 * total)


def km_between(lon: np.ndarray, lat: np.ndarray, lon0: float, lat0: float) -> np.ndarray:
    scale = KM_PER_DEGREE_LON_AT_EQUATOR * math.cos(math.radians(lat0))
    return np.hypot((lon - lon0) * scale, (lat - lat0) * KM_PER_DEGREE_LAT)


def postcode_key(postcode: str) -> str:
    return re.sub(r"\s+", "", postcode).upper()


@dataclass
class Geography:
    lsoa_ward: dict[str, str]
    ward_district: dict[str, str]
    names: dict[str, str]  # area code → name
    postcodes: dict[str, str]  # postcode key → LSOA
    lsoa_codes: list[str]
    lsoa_lon: np.ndarray
    lsoa_lat: np.ndarray
    ward_centres: dict[str, tuple[float, float]]
    by_name: dict[str, list[str]]  # normalised area name → codes (a ward name can repeat)

    def __post_init__(self) -> None:
        self._lsoa_index = {code: i for i, code in enumerate(self.lsoa_codes)}

    def district_of_lsoa(self, lsoa: str) -> str:
        return self.ward_district[self.lsoa_ward[lsoa]]

    def lsoa_centre(self, lsoa: str) -> tuple[float | None, float | None]:
        """(longitude, latitude) of an LSOA's centre; (None, None) when it has no boundary."""
        i = self._lsoa_index.get(lsoa)
        return (None, None) if i is None else (float(self.lsoa_lon[i]), float(self.lsoa_lat[i]))

    def nearest_lsoa(self, lon: float, lat: float) -> tuple[str, float]:
        distances = km_between(self.lsoa_lon, self.lsoa_lat, lon, lat)
        i = int(np.argmin(distances))
        return self.lsoa_codes[i], float(distances[i])

    def wards_in(self, code: str) -> list[str] | None:
        """The wards an area code covers (the region, a district or a ward); None if unknown."""
        if code == REGION_CODE:
            return sorted(self.ward_district)
        if code in self.ward_district:
            return [code]
        wards = sorted(w for w, d in self.ward_district.items() if d == code)
        return wards or None

    def area_codes_named(self, text: str) -> list[str]:
        """Codes of the areas a service-area text names: by code anywhere in it, else by name."""
        codes = [c for c in AREA_CODE.findall(text) if self.wards_in(c) is not None]
        if codes:
            return codes
        return self.by_name.get(normalise_term(text), [])


def load_geography(wh: Warehouse) -> Geography:
    lookup = wh.rows("SELECT DISTINCT lsoa11_code, ward19_code, lad19_code FROM ref_area_lookup")
    areas = wh.rows("SELECT area_code, area_name, area_type, lad19_code FROM ref_area")
    names = {str(a["area_code"]): str(a["area_name"]) for a in areas}
    by_name: dict[str, list[str]] = {normalise_term(REGION_NAME): [REGION_CODE]}
    for a in areas:
        if a["area_type"] in ("district", "ward"):
            by_name.setdefault(normalise_term(str(a["area_name"])), []).append(str(a["area_code"]))
            if a["area_type"] == "ward":  # "Headingley, Leeds" names one ward even if the name repeats
                district = names.get(str(a["lad19_code"]), "")
                by_name.setdefault(normalise_term(f"{a['area_name']} {district}"), []).append(
                    str(a["area_code"])
                )
    lsoa_lon, lsoa_lat, lsoa_codes = [], [], []
    ward_centres: dict[str, tuple[float, float]] = {}
    for row in wh.rows(
        "SELECT area_type, area_code, geometry FROM ref_boundary WHERE area_type IN ('lsoa', 'ward')"
    ):
        lon, lat = centroid(json.loads(str(row["geometry"])))
        if row["area_type"] == "lsoa":
            lsoa_codes.append(str(row["area_code"]))
            lsoa_lon.append(lon)
            lsoa_lat.append(lat)
        else:
            ward_centres[str(row["area_code"])] = (lon, lat)
    postcodes = {str(r["postcode_key"]): str(r["lsoa11_code"]) for r in wh.rows("SELECT * FROM ref_postcode")}
    return Geography(
        lsoa_ward={str(r["lsoa11_code"]): str(r["ward19_code"]) for r in lookup},
        ward_district={str(r["ward19_code"]): str(r["lad19_code"]) for r in lookup},
        names=names,
        postcodes=postcodes,
        lsoa_codes=lsoa_codes,
        lsoa_lon=np.array(lsoa_lon, dtype=float),
        lsoa_lat=np.array(lsoa_lat, dtype=float),
        ward_centres=ward_centres,
        by_name=by_name,
    )


__all__ = ["Geography", "centroid", "km_between", "load_geography", "postcode_key"]
