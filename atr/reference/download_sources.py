"""Where ``atr reference download`` fetches each official file from, and what it must look like.

The facts about the publishers' files (URLs, exact headers, row counts) are data, in
``data/download_sources.yaml``, so they can be read, reviewed and updated in one place; this
module gives them types and builds the feature-query URLs for the configured districts.

Confirmed against public copies and code that fetch the same files (no internet here):

- IoD2019 File 7 (MHCLG, OGL v3.0): the gov.uk assets URL ``…/file/845345/File_7_…_3.csv``
  and its 57 column headers; 32,844 English LSOAs.
- ONS *LSOA (2011) to Ward (2019) Lookup in England and Wales* (OGL v3.0): Open Geography
  item ``cbf3896924a74e58ac96b7ec66a34071``, fields ``LSOA11CD, LSOA11NM, WD19CD, WD19NM,
  LAD19CD, LAD19NM, FID``; 34,753 LSOAs in England and Wales.
- ONS boundary layers are read from the Open Geography ArcGIS feature services. ONS renames
  those services when it re-publishes a layer (``…_2022``, ``…_V3``), so the service names
  below are the ones last seen in use and are **configurable** (``--sources FILE``). The ward
  and district services were seen queried exactly like this; the MSOA and LSOA ones were seen
  in use but may have been superseded.

No SHA-256 is declared for any file: none could be computed without the files themselves.
The download records the SHA-256 of every file it fetched in the output ``PROVENANCE.md``; pin
them with ``--sources`` to make a later download refuse a changed file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Literal
from urllib.parse import urlencode

from atr.errors import InputFileError
from atr.package_data import data_yaml


@dataclass(frozen=True)
class DownloadSource:
    """One official file (or feature-service query) and the shape it must have."""

    key: str
    title: str
    url: str
    file_name: str
    """Name on a mirror (``--mirror`` serves every file flat, under these names)."""
    kind: Literal["csv", "geojson"]
    required: tuple[str, ...]
    """CSV headers (exact for MHCLG, case-insensitive for ONS) or GeoJSON property names."""
    expected_rows: int | None = None
    """Rows (features) in the publisher's full file; checked unless a mirror is used."""
    sha256: str | None = None
    paged: bool = False
    """An ArcGIS feature query: fetched in pages of ``resultRecordCount`` features."""
    confirmed: bool = True
    note: str = ""


_DATA = data_yaml("atr.reference", "download_sources.yaml")
ONS_FEATURES: str = _DATA["ons_features"]
ONS_HUB_DOWNLOAD: str = _DATA["ons_hub_download"]

# --- IoD2019 File 7: the exact published headers and the names we give them -------------------
_FILE7 = _DATA["file7"]
FILE7_AREA_COLUMNS: dict[str, str] = dict(_FILE7["area_columns"])
FILE7_INDEX_COLUMNS: dict[str, str] = {
    header: name
    for domain in _FILE7["domains"]
    for header, name in (
        (f"{domain['label']} Score{domain['score_suffix']}", f"{domain['short']}_score"),
        (f"{domain['label']}{_FILE7['rank_suffix']}", f"{domain['short']}_rank"),
        (f"{domain['label']}{_FILE7['decile_suffix']}", f"{domain['short']}_decile"),
    )
}
FILE7_POPULATION_COLUMNS: dict[str, str] = dict(_FILE7["population_columns"])
FILE7_HEADERS: tuple[str, ...] = (
    *FILE7_AREA_COLUMNS,
    *FILE7_INDEX_COLUMNS,
    *FILE7_POPULATION_COLUMNS,
)
"""All 57 headers of File 7, in the published order."""

LOOKUP_HEADERS: tuple[str, ...] = tuple(_DATA["lookup_headers"])
_HEADER_LISTS = {"file7_headers": FILE7_HEADERS, "lookup_headers": LOOKUP_HEADERS}


def feature_query(service: str, where: str, fields_: str) -> str:
    """An ArcGIS feature-service query URL returning WGS84 GeoJSON (paging is added later)."""
    params = {"where": where, "outFields": fields_, "outSR": "4326", "f": "geojson"}
    return f"{ONS_FEATURES}/{service}/FeatureServer/0/query?{urlencode(params)}"


def district_filter(field: str, districts: dict[str, str], *, by_name: bool) -> str:
    """SQL ``where`` for a feature query: by district code, or by area names starting with the
    district's name (2011 MSOA and LSOA names are "<district> <nnn>[letter]")."""
    if by_name:
        return " OR ".join(f"{field} LIKE '{name} %'" for name in districts.values())
    return f"{field} IN (" + ",".join(f"'{code}'" for code in districts) + ")"


def default_sources(districts: dict[str, str]) -> dict[str, DownloadSource]:
    """The official sources for ``districts`` (ONS code → name), from ``data/download_sources.yaml``."""
    result: dict[str, DownloadSource] = {}
    for key, spec in _DATA["sources"].items():
        required = spec["required"]
        common = {
            "key": key,
            "title": spec["title"],
            "file_name": spec["file_name"],
            "kind": spec["kind"],
            "required": _HEADER_LISTS[required] if isinstance(required, str) else tuple(required),
            "expected_rows": spec.get("expected_rows"),
            "confirmed": spec.get("confirmed", True),
        }
        if "service" in spec:  # an ArcGIS boundary layer, filtered to the districts, fetched in pages
            where = district_filter(spec["district_field"], districts, by_name=spec["by_name"])
            url = feature_query(spec["service"], where, spec["out_fields"])
            result[key] = DownloadSource(url=url, paged=True, note=_DATA["unconfirmed_note"], **common)
        else:
            result[key] = DownloadSource(url=spec["url"].format(ons_hub_download=ONS_HUB_DOWNLOAD), **common)
    return result


_OVERRIDABLE = {"url", "file_name", "sha256", "expected_rows"}


def apply_overrides(sources: dict[str, DownloadSource], path: Path) -> dict[str, DownloadSource]:
    """Override URLs, mirror names, checksums or row counts from a TOML file.

    One table per source key, e.g. ``[imd]`` ``sha256 = "…"`` or ``[msoa_boundaries]``
    ``url = "https://…/query?where=…&f=geojson"``.
    """
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise InputFileError(path, "sources file not found") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"not valid TOML: {exc}") from exc
    known = {f.name for f in fields(DownloadSource)} & _OVERRIDABLE
    result = dict(sources)
    for key, table in doc.items():
        if key not in sources:
            raise InputFileError(path, f"unknown source '{key}' (known: {', '.join(sources)})")
        if not isinstance(table, dict):
            raise InputFileError(path, f"'{key}' must be a table of settings", field=key)
        unknown = sorted(set(table) - known)
        if unknown:
            raise InputFileError(
                path,
                f"unknown setting(s) {', '.join(unknown)} (allowed: {', '.join(sorted(known))})",
                field=key,
            )
        result[key] = replace(result[key], **table)
    return result
