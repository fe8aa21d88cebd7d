"""Load reference files into warehouse tables.

Tables (documented in ``docs/tables.md``):

- ``ref_lsoa``: one row per 2011 LSOA with IoD2019 ranks, deciles and scores, the national IMD
  quintile, and its MSOA, ward and district;
- ``ref_area_lookup``: LSOA → MSOA → ward → district;
- ``ref_population``: population denominators per LSOA (IoD2019's mid-2015 estimates);
- ``ref_area``: every area at every level (region, district, ward, MSOA, LSOA) with its parent
  district: the list of places indicators are computed for;
- ``ref_boundary``: GeoJSON geometry per area for maps;
- ``ref_postcode``: postcode → LSOA, when a postcode directory is available;
- ``ref_source``: which source was loaded and whether it is synthetic.

Files are read in Python with pyarrow, so loading does not depend on the engine.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from atr.errors import InputFileError
from atr.reference.layout import (
    BOUNDARY_FILES,
    IMD_FILE,
    LOOKUP_FILE,
    POPULATION_FILE,
    POSTCODE_FILE,
    REGION_CODE,
    REGION_NAME,
    BoundaryFile,
    CsvFile,
)
from atr.reference.sources import ReferenceSource
from atr.warehouse import Warehouse


@dataclass(frozen=True)
class ReferenceSummary:
    source: ReferenceSource
    districts: list[dict[str, Any]]
    lsoa_count: int
    msoa_count: int
    ward_count: int
    postcode_count: int


def read_reference_csv(folder: Path, spec: CsvFile) -> pa.Table:
    """Read one CSV, checking it exists and has the columns the layout requires."""
    path = folder / spec.name
    if not path.is_file():
        raise InputFileError(path, "reference file not found")
    try:
        table = pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(strings_can_be_null=True))
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"not a readable CSV: {exc}") from exc
    missing = [c for c in spec.required_columns if c not in table.column_names]
    if missing:
        raise InputFileError(path, f"missing column(s): {', '.join(missing)}")
    if table.num_rows == 0:
        raise InputFileError(path, "no data rows")
    for column in spec.required_columns:
        nulls = table.column(column).null_count
        if nulls and column.endswith(("_code", "_decile", "_rank")):
            first = pc.index(pc.is_null(table.column(column)), True).as_py()
            raise InputFileError(path, "value is missing", row=first + 2, field=column)
    return table


def read_boundaries(folder: Path, spec: BoundaryFile) -> list[dict[str, Any]]:
    """Read a GeoJSON FeatureCollection; returns rows for ``ref_boundary``."""
    path = folder / spec.name
    if not path.is_file():
        if spec.optional:
            return []
        raise InputFileError(path, "boundary file not found")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(path, f"not valid GeoJSON: {exc}") from exc
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise InputFileError(path, "not a GeoJSON FeatureCollection")
    rows = []
    for i, feature in enumerate(doc.get("features") or []):
        props = feature.get("properties") or {}
        geometry = feature.get("geometry")
        if not isinstance(geometry, dict) or geometry.get("type") not in ("Polygon", "MultiPolygon"):
            raise InputFileError(path, "feature has no polygon geometry", row=i + 1, field="geometry")
        code = props.get(spec.code_property)
        if not code:
            raise InputFileError(path, "feature has no area code", row=i + 1, field=spec.code_property)
        rows.append(
            {
                "area_type": spec.area_type,
                "area_code": str(code),
                "area_name": str(props.get(spec.name_property) or code),
                "lad19_code": str(props.get("lad19_code") or code),
                "geometry": json.dumps(geometry, separators=(",", ":")),
            }
        )
    if not rows:
        raise InputFileError(path, "no features")
    return rows


def _check_consistent(imd: pa.Table, lookup: pa.Table, population: pa.Table, folder: Path) -> None:
    imd_codes = set(imd.column("lsoa11_code").to_pylist())
    for table, spec in ((lookup, LOOKUP_FILE), (population, POPULATION_FILE)):
        codes = set(table.column("lsoa11_code").to_pylist())
        if codes != imd_codes:
            extra = sorted(codes - imd_codes)[:3]
            lacking = sorted(imd_codes - codes)[:3]
            raise InputFileError(
                folder / spec.name,
                f"LSOAs differ from {IMD_FILE.name} (extra: {extra or 'none'}, missing: {lacking or 'none'})",
            )


def load_reference(
    warehouse: Warehouse, source: ReferenceSource, postcode_directory: Path | None = None
) -> ReferenceSummary:
    """Load every reference table from ``source`` in one transaction."""
    folder = source.path
    if source.is_synthetic:
        from atr.reference.synthetic_geography import write_synthetic_reference

        write_synthetic_reference(folder)
    imd = read_reference_csv(folder, IMD_FILE)
    population = read_reference_csv(folder, POPULATION_FILE)
    lookup = read_reference_csv(folder, LOOKUP_FILE)
    _check_consistent(imd, lookup, population, folder)
    boundaries = [row for spec in BOUNDARY_FILES for row in read_boundaries(folder, spec)]

    postcode_path = postcode_directory or (folder / POSTCODE_FILE.name)
    postcodes = (
        read_reference_csv(postcode_path.parent, CsvFile(postcode_path.name, POSTCODE_FILE.required_columns))
        if postcode_path.is_file()
        else None
    )

    with warehouse.transaction():
        warehouse.write_arrow("_ref_imd_raw", imd)
        warehouse.write_arrow("ref_area_lookup", lookup)
        warehouse.write_arrow("_ref_population_raw", population)
        warehouse.execute(
            """
            CREATE OR REPLACE TABLE ref_lsoa AS
            SELECT i.*, CAST(ceil(i.imd_decile / 2.0) AS INTEGER) AS imd_quintile,
                   l.msoa11_code, l.msoa11_name, l.ward19_code, l.ward19_name
            FROM _ref_imd_raw i JOIN ref_area_lookup l USING (lsoa11_code)
            ORDER BY lsoa11_code
            """
        )
        warehouse.execute(
            """
            CREATE OR REPLACE TABLE ref_population AS
            SELECT lsoa11_code, lad19_code,
                   CAST(pop_total_mid2015 AS BIGINT) AS pop_total,
                   CAST(pop_aged_0_15_mid2015 AS BIGINT) AS pop_aged_0_15,
                   CAST(pop_aged_16_59_mid2015 AS BIGINT) AS pop_aged_16_59,
                   CAST(pop_aged_60_plus_mid2015 AS BIGINT) AS pop_aged_60_plus,
                   2015 AS population_year
            FROM _ref_population_raw ORDER BY lsoa11_code
            """
        )
        warehouse.execute("DROP TABLE _ref_imd_raw")
        warehouse.execute("DROP TABLE _ref_population_raw")
        warehouse.execute(
            f"""
            CREATE OR REPLACE TABLE ref_area AS
            SELECT '{REGION_CODE}' AS area_code, '{REGION_NAME}' AS area_name, 'region' AS area_type,
                   CAST(NULL AS VARCHAR) AS lad19_code
            UNION ALL SELECT DISTINCT lad19_code, lad19_name, 'district', lad19_code FROM ref_area_lookup
            UNION ALL SELECT DISTINCT ward19_code, ward19_name, 'ward', lad19_code FROM ref_area_lookup
            UNION ALL SELECT DISTINCT msoa11_code, msoa11_name, 'msoa', lad19_code FROM ref_area_lookup
            UNION ALL SELECT lsoa11_code, lsoa11_name, 'lsoa', lad19_code FROM ref_area_lookup
            """
        )
        warehouse.write_arrow("ref_boundary", pa.Table.from_pylist(boundaries))
        if postcodes is not None:
            warehouse.write_arrow("_ref_postcode_raw", postcodes.select(["postcode", "lsoa11_code"]))
            warehouse.execute(
                """
                CREATE OR REPLACE TABLE ref_postcode AS
                SELECT DISTINCT upper(regexp_replace(postcode, '\\s+', '', 'g')) AS postcode_key,
                       postcode, lsoa11_code FROM _ref_postcode_raw
                """
            )
            warehouse.execute("DROP TABLE _ref_postcode_raw")
        else:
            warehouse.execute(
                "CREATE OR REPLACE TABLE ref_postcode (postcode_key VARCHAR, postcode VARCHAR, lsoa11_code VARCHAR)"
            )
        warehouse.write_arrow(
            "ref_source",
            pa.Table.from_pylist(
                [
                    {
                        "kind": source.kind,
                        "path": str(folder),
                        "is_synthetic": source.is_synthetic,
                        "postcode_directory": str(postcode_path) if postcodes is not None else None,
                        "loaded_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    }
                ]
            ),
        )
        warehouse.set_meta("reference_is_synthetic", source.is_synthetic)
    return summarise_reference(warehouse, source)


def summarise_reference(warehouse: Warehouse, source: ReferenceSource) -> ReferenceSummary:
    districts = warehouse.rows(
        """
        SELECT l.lad19_code, l.lad19_name, count(*) AS lsoas,
               sum(p.pop_total) AS population, sum(p.pop_aged_0_15) AS aged_0_15
        FROM ref_lsoa l JOIN ref_population p USING (lsoa11_code)
        GROUP BY ALL ORDER BY l.lad19_name
        """
    )
    return ReferenceSummary(
        source=source,
        districts=districts,
        lsoa_count=warehouse.count("ref_lsoa"),
        msoa_count=int(warehouse.scalar("SELECT count(DISTINCT msoa11_code) FROM ref_lsoa")),
        ward_count=int(warehouse.scalar("SELECT count(DISTINCT ward19_code) FROM ref_lsoa")),
        postcode_count=warehouse.count("ref_postcode"),
    )
