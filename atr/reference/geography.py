"""The geography as one in-memory table, for code that runs before any warehouse exists.

The synthetic-population generator needs each LSOA's district, MSOA, ward, deprivation and
population before ingest; it reads them here, through the same files and checks as the loader.
"""

from __future__ import annotations

import pyarrow as pa

from atr.reference.layout import IMD_FILE, LOOKUP_FILE, POPULATION_FILE
from atr.reference.loader import read_reference_csv
from atr.reference.sources import ReferenceSource


def read_geography(source: ReferenceSource) -> pa.Table:
    """One row per LSOA: codes at every level, IMD decile/quintile/score, IDACI decile, populations.

    Columns: lsoa11_code, lsoa11_name, msoa11_code, ward19_code, lad19_code, lad19_name,
    imd_score, imd_decile, imd_quintile, idaci_decile, pop_total, pop_aged_0_15,
    pop_aged_16_59, pop_aged_60_plus. Sorted by lsoa11_code.
    """
    if source.is_synthetic:
        from atr.reference.synthetic_geography import write_synthetic_reference

        write_synthetic_reference(source.path)
    imd = read_reference_csv(source.path, IMD_FILE)
    lookup = read_reference_csv(source.path, LOOKUP_FILE)
    population = read_reference_csv(source.path, POPULATION_FILE)
    joined = (
        imd.select(
            [
                "lsoa11_code",
                "lsoa11_name",
                "lad19_code",
                "lad19_name",
                "imd_score",
                "imd_decile",
                "idaci_decile",
            ]
        )
        .join(lookup.select(["lsoa11_code", "msoa11_code", "ward19_code"]), "lsoa11_code")
        .join(
            population.select(
                [
                    "lsoa11_code",
                    "pop_total_mid2015",
                    "pop_aged_0_15_mid2015",
                    "pop_aged_16_59_mid2015",
                    "pop_aged_60_plus_mid2015",
                ]
            ),
            "lsoa11_code",
        )
        .rename_columns(
            {
                "pop_total_mid2015": "pop_total",
                "pop_aged_0_15_mid2015": "pop_aged_0_15",
                "pop_aged_16_59_mid2015": "pop_aged_16_59",
                "pop_aged_60_plus_mid2015": "pop_aged_60_plus",
            }
        )
    )
    quintile = pa.array([(d + 1) // 2 for d in joined.column("imd_decile").to_pylist()], pa.int64())
    return joined.append_column("imd_quintile", quintile).sort_by("lsoa11_code")
