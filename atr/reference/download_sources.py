"""Where ``atr reference download`` fetches each official file from, and what it must look like.

Kept apart from the download code so the facts about the publishers' files (URLs, exact
headers, row counts) can be read, reviewed and updated in one place.

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

ONS_FEATURES = "https://services1.arcgis.com/ESMARspQHYMw9BZ9/arcgis/rest/services"
ONS_HUB_DOWNLOAD = "https://geoportal.statistics.gov.uk/api/download/v1/items"


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


# --- IoD2019 File 7: the exact published headers and the names we give them -------------------
_RANK = " Rank (where 1 is most deprived)"
_DECILE = " Decile (where 1 is most deprived 10% of LSOAs)"
_DOMAINS: tuple[tuple[str, str, str], ...] = (
    ("Index of Multiple Deprivation (IMD)", "", "imd"),
    ("Income", " (rate)", "income"),
    ("Employment", " (rate)", "employment"),
    ("Education, Skills and Training", "", "education"),
    ("Health Deprivation and Disability", "", "health"),
    ("Crime", "", "crime"),
    ("Barriers to Housing and Services", "", "barriers"),
    ("Living Environment", "", "living_env"),
    ("Income Deprivation Affecting Children Index (IDACI)", " (rate)", "idaci"),
    ("Income Deprivation Affecting Older People (IDAOPI)", " (rate)", "idaopi"),
    ("Children and Young People Sub-domain", "", "cyp_subdomain"),
    ("Adult Skills Sub-domain", "", "adult_skills_subdomain"),
    ("Geographical Barriers Sub-domain", "", "geographical_barriers_subdomain"),
    ("Wider Barriers Sub-domain", "", "wider_barriers_subdomain"),
    ("Indoors Sub-domain", "", "indoors_subdomain"),
    ("Outdoors Sub-domain", "", "outdoors_subdomain"),
)
FILE7_AREA_COLUMNS: dict[str, str] = {
    "LSOA code (2011)": "lsoa11_code",
    "LSOA name (2011)": "lsoa11_name",
    "Local Authority District code (2019)": "lad19_code",
    "Local Authority District name (2019)": "lad19_name",
}
FILE7_INDEX_COLUMNS: dict[str, str] = {
    header: name
    for label, score_suffix, short in _DOMAINS
    for header, name in (
        (f"{label} Score{score_suffix}", f"{short}_score"),
        (f"{label}{_RANK}", f"{short}_rank"),
        (f"{label}{_DECILE}", f"{short}_decile"),
    )
}
FILE7_POPULATION_COLUMNS: dict[str, str] = {
    "Total population: mid 2015 (excluding prisoners)": "pop_total_mid2015",
    "Dependent Children aged 0-15: mid 2015 (excluding prisoners)": "pop_aged_0_15_mid2015",
    "Population aged 16-59: mid 2015 (excluding prisoners)": "pop_aged_16_59_mid2015",
    "Older population aged 60 and over: mid 2015 (excluding prisoners)": "pop_aged_60_plus_mid2015",
    "Working age population 18-59/64: for use with Employment Deprivation Domain "
    "(excluding prisoners)": "pop_working_age_18_59_64_mid2015",
}
FILE7_HEADERS: tuple[str, ...] = (
    *FILE7_AREA_COLUMNS,
    *FILE7_INDEX_COLUMNS,
    *FILE7_POPULATION_COLUMNS,
)
"""All 57 headers of File 7, in the published order."""

LOOKUP_HEADERS: tuple[str, ...] = ("LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM", "LAD19CD", "LAD19NM")


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
    """The official sources for ``districts`` (ONS code → name)."""
    unconfirmed = (
        "ONS re-publishes boundary services under new names; if this one is gone, find the "
        "layer on geoportal.statistics.gov.uk and set its query URL with --sources."
    )
    return {
        "imd": DownloadSource(
            key="imd",
            title="English Indices of Deprivation 2019, File 7 (MHCLG)",
            url=(
                "https://assets.publishing.service.gov.uk/government/uploads/system/uploads/"
                "attachment_data/file/845345/"
                "File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv"
            ),
            file_name="File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv",
            kind="csv",
            required=FILE7_HEADERS,
            expected_rows=32_844,
        ),
        "lookup": DownloadSource(
            key="lookup",
            title="LSOA (2011) to Ward (2019) Lookup in England and Wales (ONS)",
            url=f"{ONS_HUB_DOWNLOAD}/cbf3896924a74e58ac96b7ec66a34071/csv?layers=0",
            file_name="LSOA11_WD19_LAD19_EW_LU.csv",
            kind="csv",
            required=LOOKUP_HEADERS,
            expected_rows=34_753,
        ),
        "lad_boundaries": DownloadSource(
            key="lad_boundaries",
            title="Local Authority Districts (December 2019) Boundaries UK BGC (ONS)",
            url=feature_query(
                "Local_Authority_Districts_December_2019_GCB_UK_2022",
                district_filter("LAD19CD", districts, by_name=False),
                "LAD19CD,LAD19NM",
            ),
            file_name="LAD_Dec_2019_UK_BGC.geojson",
            kind="geojson",
            required=("LAD19CD",),
            paged=True,
            note=unconfirmed,
        ),
        "ward_boundaries": DownloadSource(
            key="ward_boundaries",
            title="Wards (December 2019) Boundaries UK BGC (ONS)",
            url=feature_query(
                "Wards_December_2019_Boundaries_UK_BGC_2022",
                district_filter("LAD19CD", districts, by_name=False),
                "WD19CD,WD19NM,LAD19CD",
            ),
            file_name="Wards_Dec_2019_UK_BGC.geojson",
            kind="geojson",
            required=("WD19CD",),
            paged=True,
            note=unconfirmed,
        ),
        "msoa_boundaries": DownloadSource(
            key="msoa_boundaries",
            title="Middle Layer Super Output Areas (December 2011) Boundaries EW BGC (ONS)",
            url=feature_query(
                "Middle_Layer_Super_Output_Areas_DEC_2011_EW_BGC_V3",
                district_filter("MSOA11NM", districts, by_name=True),
                "MSOA11CD,MSOA11NM",
            ),
            file_name="MSOA_Dec_2011_EW_BGC.geojson",
            kind="geojson",
            required=("MSOA11CD", "MSOA11NM"),
            paged=True,
            confirmed=False,
            note=unconfirmed,
        ),
        "lsoa_boundaries": DownloadSource(
            key="lsoa_boundaries",
            title="Lower Layer Super Output Areas (December 2011) Boundaries EW (ONS)",
            url=feature_query(
                "Lower_Layer_Super_Output_Areas_December_2011_Boundaries_EW_BFC",
                district_filter("LSOA11NM", districts, by_name=True),
                "LSOA11CD,LSOA11NM",
            ),
            file_name="LSOA_Dec_2011_EW.geojson",
            kind="geojson",
            required=("LSOA11CD",),
            paged=True,
            confirmed=False,
            note=unconfirmed,
        ),
    }


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
                path, f"unknown setting(s) {', '.join(unknown)} (allowed: {', '.join(sorted(known))})",
                field=key,
            )  # fmt: skip
        result[key] = replace(result[key], **table)
    return result
