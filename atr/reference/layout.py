"""The reference-data layout: which files, which columns, which table each becomes.

One declaration serves the loader, the downloader (which writes this layout) and the synthetic
geography (which imitates it). The layout is that of ``shared/data/reference`` (see its
``PROVENANCE.md``): 2011 LSOAs, 2011 MSOAs, December 2019 wards, 2019 districts, IoD2019.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CsvFile:
    name: str
    required_columns: tuple[str, ...]
    expected_rows: int | None = None  # for the real West Yorkshire data; None = not checked


@dataclass(frozen=True)
class BoundaryFile:
    name: str
    area_type: str
    code_property: str
    name_property: str
    optional: bool = False


IMD_FILE = CsvFile(
    "wy_lsoa_imd2019.csv",
    (
        "lsoa11_code",
        "lsoa11_name",
        "lad19_code",
        "lad19_name",
        "imd_score",
        "imd_rank",
        "imd_decile",
        "income_score",
        "income_rank",
        "income_decile",
        "employment_score",
        "employment_rank",
        "employment_decile",
        "education_rank",
        "education_decile",
        "health_rank",
        "health_decile",
        "crime_rank",
        "crime_decile",
        "barriers_rank",
        "barriers_decile",
        "living_env_rank",
        "living_env_decile",
        "idaci_rank",
        "idaci_decile",
    ),
)
POPULATION_FILE = CsvFile(
    "wy_lsoa_population.csv",
    (
        "lsoa11_code",
        "lad19_code",
        "pop_total_mid2015",
        "pop_aged_0_15_mid2015",
        "pop_aged_16_59_mid2015",
        "pop_aged_60_plus_mid2015",
    ),
)
LOOKUP_FILE = CsvFile(
    "wy_lsoa_lookup.csv",
    (
        "lsoa11_code",
        "lsoa11_name",
        "msoa11_code",
        "msoa11_name",
        "ward19_code",
        "ward19_name",
        "lad19_code",
        "lad19_name",
    ),
)
POSTCODE_FILE = CsvFile("wy_postcode_lsoa.csv", ("postcode", "lsoa11_code"))
"""Optional: postcode to LSOA. The real directory (ONSPD/NSPL) is not redistributable offline,
so the synthetic extracts ship their own; a real one can be dropped in with the same columns."""

CSV_FILES: tuple[CsvFile, ...] = (IMD_FILE, POPULATION_FILE, LOOKUP_FILE)

BOUNDARY_FILES: tuple[BoundaryFile, ...] = (
    BoundaryFile("wy_lad19_boundaries.geojson", "district", "lad19_code", "lad19_name"),
    BoundaryFile("wy_ward19_boundaries.geojson", "ward", "ward19_code", "ward19_name"),
    BoundaryFile("wy_msoa11_boundaries.geojson", "msoa", "msoa11_code", "msoa11_name"),
    BoundaryFile("wy_lsoa11_boundaries.geojson", "lsoa", "lsoa11_code", "lsoa11_name", optional=True),
)

REQUIRED_FILES: tuple[str, ...] = tuple(f.name for f in CSV_FILES) + tuple(
    b.name for b in BOUNDARY_FILES if not b.optional
)

REGION_CODE = "E47000003"
REGION_NAME = "West Yorkshire"
"""West Yorkshire Combined Authority: the system level of every figure."""

DISTRICTS: dict[str, str] = {
    "E08000032": "Bradford",
    "E08000033": "Calderdale",
    "E08000034": "Kirklees",
    "E08000035": "Leeds",
    "E08000036": "Wakefield",
}
"""The five places, by ONS code. Stable across every vintage this project uses."""

AREA_NOT_KNOWN_CODE = "E99999999"
AREA_NOT_KNOWN_NAME = "Area not known"
"""The explicit remainder of a region: people counted in West Yorkshire whose district is not known
(no address in the region, no council record). Published as a district-level row so that the
region's count is always the sum of its districts' plus this row. ``E99999999`` is the ONS
pseudo-code for an unknown area in England."""

DFE_LA_CODES: dict[str, str] = {
    "380": "E08000032",
    "381": "E08000033",
    "382": "E08000034",
    "383": "E08000035",
    "384": "E08000036",
}
"""DfE three-digit LA codes (the partner codes of council extracts) to ONS district codes."""
