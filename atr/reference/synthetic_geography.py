"""A synthetic West Yorkshire geography, for machines with no real reference data.

It has the structure of the real thing (the five districts with their real codes and LSOA
counts; LSOAs nested in MSOAs and wards; IMD deciles mixed as each district's published
IoD2019 distribution; populations of the right size), but every LSOA, MSOA and ward is
invented: their codes start with ``X`` (never an ONS prefix) and their names say
"(synthetic)". Boundaries are grid squares, so maps look like a chessboard, on purpose.
Everything built on it is labelled synthetic (``ref_source.is_synthetic``).
"""

from __future__ import annotations

import csv
import json
import math
from pathlib import Path

import numpy as np

from atr.atomic import write_text_atomic
from atr.reference.layout import DISTRICTS, IMD_FILE, LOOKUP_FILE, POPULATION_FILE

# Number of LSOAs in each national IMD decile (1 = most deprived), per district: the published
# IoD2019 distribution (MHCLG File 10 / our reference PROVENANCE), so the demo's deprivation
# mix resembles the real one even on synthetic geography.
DECILE_MIX: dict[str, tuple[int, ...]] = {
    "E08000032": (104, 42, 44, 22, 18, 19, 18, 16, 11, 16),
    "E08000033": (20, 19, 13, 15, 10, 18, 18, 7, 4, 4),
    "E08000034": (31, 47, 32, 23, 26, 19, 22, 31, 18, 10),
    "E08000035": (114, 48, 42, 21, 45, 40, 56, 42, 41, 33),
    "E08000036": (33, 38, 24, 27, 23, 11, 14, 20, 12, 7),
}
LSOAS_PER_MSOA = 5
LSOAS_PER_WARD = 11
NATIONAL_LSOAS = 32_844
# Lower-left corner (lon, lat) of each district's grid, roughly where the district lies.
ORIGIN = {
    "E08000032": (-2.05, 53.75),
    "E08000033": (-2.10, 53.62),
    "E08000034": (-1.90, 53.58),
    "E08000035": (-1.70, 53.72),
    "E08000036": (-1.55, 53.62),
}
CELL = 0.012  # degrees; about 1 km


def _square(lon: float, lat: float) -> list[list[list[float]]]:
    corners = [(lon, lat), (lon + CELL, lat), (lon + CELL, lat + CELL), (lon, lat + CELL), (lon, lat)]
    return [[[round(x, 5), round(y, 5)] for x, y in corners]]


def _write_csv(path: Path, rows: list[dict[str, object]]) -> None:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    write_text_atomic(path, buffer.getvalue())


def _feature_collection(features: list[dict[str, object]]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":"))


def write_synthetic_reference(folder: Path, seed: int = 20191) -> Path:
    """Write the synthetic geography in the reference layout into ``folder`` (deterministic)."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    imd_rows: list[dict[str, object]] = []
    pop_rows: list[dict[str, object]] = []
    lookup_rows: list[dict[str, object]] = []
    cells: dict[str, list[list[list[list[float]]]]] = {}
    names: dict[str, tuple[str, str, str]] = {}  # area code -> (name, district code, type)
    serial = {"lsoa": 0, "msoa": 0, "ward": 0}

    for lad_code, lad_name in DISTRICTS.items():
        deciles = np.repeat(np.arange(1, 11), DECILE_MIX[lad_code])
        rng.shuffle(deciles)
        n = len(deciles)
        width = math.ceil(math.sqrt(n))
        ox, oy = ORIGIN[lad_code]
        for i, decile in enumerate(deciles.tolist()):
            serial["lsoa"] += 1
            if i % LSOAS_PER_MSOA == 0:
                serial["msoa"] += 1
            if i % LSOAS_PER_WARD == 0:
                serial["ward"] += 1
            lsoa = f"X01{serial['lsoa']:06d}"
            msoa = f"X02{serial['msoa']:06d}"
            ward = f"X05{serial['ward']:06d}"
            msoa_no = i // LSOAS_PER_MSOA + 1
            lsoa_name = f"{lad_name} {msoa_no:03d}{chr(65 + i % LSOAS_PER_MSOA)} (synthetic)"
            msoa_name = f"{lad_name} {msoa_no:03d} (synthetic)"
            ward_name = f"{lad_name} ward {i // LSOAS_PER_WARD + 1} (synthetic)"
            rank = int((decile - 1) * NATIONAL_LSOAS / 10 + rng.uniform(1, NATIONAL_LSOAS / 10))
            score = round(2.0 + 76.0 * math.exp(-rank / 7000.0), 3)

            def near(d: int) -> int:
                return int(np.clip(d + rng.integers(-1, 2), 1, 10))

            row: dict[str, object] = {
                "lsoa11_code": lsoa,
                "lsoa11_name": lsoa_name,
                "lad19_code": lad_code,
                "lad19_name": lad_name,
                "imd_score": score,
                "imd_rank": rank,
                "imd_decile": decile,
                "income_score": round(0.02 + 0.4 * math.exp(-rank / 8000.0), 3),
                "income_rank": rank,
                "income_decile": near(decile),
                "employment_score": round(0.02 + 0.3 * math.exp(-rank / 8000.0), 3),
                "employment_rank": rank,
                "employment_decile": near(decile),
            }
            for domain in ("education", "health", "crime", "barriers", "living_env", "idaci"):
                d = near(decile)
                row[f"{domain}_rank"] = int((d - 1) * NATIONAL_LSOAS / 10 + rng.uniform(1, 3284))
                row[f"{domain}_decile"] = d
            imd_rows.append(row)
            total = int(rng.normal(1640, 220))
            child_share = 0.16 + 0.012 * (10 - decile) + rng.normal(0, 0.015)
            old_share = 0.14 + 0.012 * (decile - 1) + rng.normal(0, 0.015)
            aged_0_15 = int(total * child_share)
            aged_60 = int(total * old_share)
            pop_rows.append(
                {
                    "lsoa11_code": lsoa,
                    "lsoa11_name": lsoa_name,
                    "lad19_code": lad_code,
                    "lad19_name": lad_name,
                    "pop_total_mid2015": total,
                    "pop_aged_0_15_mid2015": aged_0_15,
                    "pop_aged_16_59_mid2015": total - aged_0_15 - aged_60,
                    "pop_aged_60_plus_mid2015": aged_60,
                }
            )
            lookup_rows.append(
                {
                    "lsoa11_code": lsoa,
                    "lsoa11_name": lsoa_name,
                    "msoa11_code": msoa,
                    "msoa11_name": msoa_name,
                    "msoa11_hcl_name": msoa_name,
                    "ward19_code": ward,
                    "ward19_name": ward_name,
                    "lad19_code": lad_code,
                    "lad19_name": lad_name,
                }
            )
            square = _square(ox + (i % width) * CELL, oy + (i // width) * CELL)
            for code, name, kind in (
                (lsoa, lsoa_name, "lsoa"),
                (msoa, msoa_name, "msoa"),
                (ward, ward_name, "ward"),
                (lad_code, lad_name, "district"),
            ):
                cells.setdefault(code, []).append(square)
                names[code] = (name, lad_code, kind)

    _write_csv(folder / IMD_FILE.name, imd_rows)
    _write_csv(folder / POPULATION_FILE.name, pop_rows)
    _write_csv(folder / LOOKUP_FILE.name, lookup_rows)
    layers = {
        "district": ("wy_lad19_boundaries.geojson", "lad19"),
        "ward": ("wy_ward19_boundaries.geojson", "ward19"),
        "msoa": ("wy_msoa11_boundaries.geojson", "msoa11"),
        "lsoa": ("wy_lsoa11_boundaries.geojson", "lsoa11"),
    }
    for kind, (filename, prefix) in layers.items():
        features: list[dict[str, object]] = []
        for code, (name, lad_code, area_kind) in names.items():
            if area_kind != kind:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        f"{prefix}_code": code,
                        f"{prefix}_name": name,
                        "lad19_code": lad_code,
                        "lad19_name": DISTRICTS[lad_code],
                        "synthetic": True,
                    },
                    "geometry": {"type": "MultiPolygon", "coordinates": cells[code]},
                }
            )
        write_text_atomic(folder / filename, _feature_collection(features))
    write_text_atomic(
        folder / "PROVENANCE.md",
        "# SYNTHETIC reference geography\n\nInvented by ATR Observatory "
        "(atr/reference/synthetic_geography.py). Not real LSOAs. Do not publish as real.\n",
    )
    return folder
