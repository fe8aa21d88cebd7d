"""``atr reference download``: fetch the official files, check them, write the reference layout.

The files come from their publishers (MHCLG's IoD2019 File 7 on gov.uk; ONS's LSOA→ward
lookup and boundary layers on the Open Geography portal; see ``download_sources``; fetching and
reading back are in ``download_files``). Each is
checked before anything is written: its SHA-256 where one is known, always its columns and, from
the publisher, its row count. The rows for the configured districts are then written, in the
layout ``atr.reference.layout`` declares, into the user cache in one atomic swap, so a failed or
interrupted download leaves the previous cache as it was.

The HTTP client is the standard library's ``urllib``: one streamed GET per file with a timeout
is all that is needed, and it keeps ``atr`` free of an HTTP dependency.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from atr import __version__
from atr.atomic import atomic_directory
from atr.console import progress
from atr.errors import InputFileError
from atr.reference.download_files import (
    DownloadError,
    Fetched,
    fetch,
    read_csv_rows,
    read_features,
    require_int,
)
from atr.reference.download_sources import (
    FILE7_AREA_COLUMNS,
    FILE7_INDEX_COLUMNS,
    FILE7_POPULATION_COLUMNS,
    DownloadSource,
    apply_overrides,
    default_sources,
)
from atr.reference.layout import BOUNDARY_FILES, DISTRICTS, IMD_FILE, LOOKUP_FILE, POPULATION_FILE
from atr.reference.sources import cache_dir as default_cache_dir
from atr.reference.sources import missing_files

EXPECTED_WEST_YORKSHIRE = {"lsoa": 1_388, "msoa": 299, "ward": 124, "district": 5}
"""Area counts of the real West Yorkshire geography (see the shared PROVENANCE.md)."""


@dataclass
class DownloadResult:
    folder: Path
    skipped: bool
    rows: dict[str, int] = field(default_factory=dict)
    fetched: list[dict[str, str]] = field(default_factory=list)


# --- transforming ------------------------------------------------------------------------------
def _imd_and_population(
    fetched: Fetched, districts: dict[str, str], check_rows: bool
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    rows = read_csv_rows(fetched, exact_headers=True, check_rows=check_rows)
    imd: list[dict[str, str]] = []
    population: list[dict[str, str]] = []
    seen: set[str] = set()
    for line, raw in enumerate(rows, start=2):
        if raw["Local Authority District code (2019)"] not in districts:
            continue
        area = {ours: raw[theirs] for theirs, ours in FILE7_AREA_COLUMNS.items()}
        if not area["lsoa11_code"] or area["lsoa11_code"] in seen:
            raise InputFileError(
                fetched.label, "LSOA code empty or repeated", row=line, field="LSOA code (2011)"
            )
        seen.add(area["lsoa11_code"])
        record = dict(area)
        for theirs, ours in FILE7_INDEX_COLUMNS.items():
            value = raw[theirs]
            if ours.endswith(("_rank", "_decile")):
                value = require_int(value, fetched.label, line, theirs, low=1)
            record[ours] = value
        imd.append(record)
        pops = {
            ours: require_int(raw[theirs], fetched.label, line, theirs)
            for theirs, ours in FILE7_POPULATION_COLUMNS.items()
        }
        population.append(area | pops)
    return imd, population


def _lookup(
    fetched: Fetched,
    imd: list[dict[str, str]],
    msoa_codes: dict[str, str],
    label_msoa: str,
    check_rows: bool,
) -> list[dict[str, str]]:
    """LSOA → MSOA → ward → district for exactly the LSOAs of the IMD file.

    The ONS lookup gives the (best-fit) ward. The MSOA is derived as the shared reference data
    does it: a 2011 LSOA's name is its MSOA's name plus a letter ("Leeds 011A" is in "Leeds 011"),
    and the MSOA boundary layer gives that name's code.
    """
    wanted = {row["lsoa11_code"]: row for row in imd}
    result: dict[str, dict[str, str]] = {}
    for line, raw in enumerate(read_csv_rows(fetched, exact_headers=False, check_rows=check_rows), start=2):
        code = raw["LSOA11CD"]
        if code not in wanted:
            continue
        if code in result:
            raise InputFileError(fetched.label, "LSOA listed twice", row=line, field="LSOA11CD")
        if raw["LAD19CD"] != wanted[code]["lad19_code"]:
            raise InputFileError(
                fetched.label,
                f"district {raw['LAD19CD']} disagrees with File 7's {wanted[code]['lad19_code']}",
                row=line,
                field="LAD19CD",
            )
        msoa_name = raw["LSOA11NM"][:-1].strip()
        if msoa_name not in msoa_codes:
            raise InputFileError(label_msoa, f"no MSOA named '{msoa_name}' (for LSOA {code})")
        result[code] = {
            "lsoa11_code": code,
            "lsoa11_name": raw["LSOA11NM"],
            "msoa11_code": msoa_codes[msoa_name],
            "msoa11_name": msoa_name,
            "ward19_code": raw["WD19CD"],
            "ward19_name": raw["WD19NM"],
            "lad19_code": raw["LAD19CD"],
            "lad19_name": raw["LAD19NM"],
        }
    lacking = sorted(set(wanted) - set(result))
    if lacking:
        raise InputFileError(
            fetched.label, f"{len(lacking)} LSOA(s) of File 7 not in the lookup, e.g. {lacking[0]}"
        )
    return [result[c] for c in sorted(result)]


def _round(coords: Any) -> Any:
    if isinstance(coords, list):
        return [_round(c) for c in coords]
    return round(float(coords), 5)


def _boundary_layer(
    fetched: Fetched, code_key: str, prefix: str, areas: dict[str, dict[str, str]]
) -> tuple[str, list[dict[str, Any]]]:
    """Keep the features for ``areas`` (code → properties); every area must have one."""
    features: list[dict[str, Any]] = []
    found: set[str] = set()
    for props, geometry in read_features(fetched):
        code = props[code_key]
        if code in areas and code not in found:
            found.add(code)
            geometry = {"type": geometry["type"], "coordinates": _round(geometry.get("coordinates"))}
            features.append({"type": "Feature", "properties": areas[code], "geometry": geometry})
    lacking = sorted(set(areas) - found)
    if lacking:
        raise InputFileError(
            fetched.label, f"no boundary for {len(lacking)} {prefix} area(s), e.g. {lacking[0]}"
        )
    features.sort(key=lambda f: str(f["properties"][f"{prefix}_code"]))
    return json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")), features


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(sorted(rows, key=lambda r: r["lsoa11_code"]))


def _provenance(fetched: list[Fetched], rows: dict[str, int]) -> str:
    lines = [
        "# Reference data downloaded by `atr reference download`",
        "",
        f"Downloaded {datetime.now(UTC).isoformat(timespec='seconds')} by ATR Observatory {__version__}.",
        "Contains public sector information licensed under the Open Government Licence v3.0 "
        "(MHCLG English Indices of Deprivation 2019; ONS Open Geography, which also contains "
        "OS data © Crown copyright and database right).",
        "",
        "| source | URL | SHA-256 |",
        "|---|---|---|",
        *(f"| {f.source.title} | {f.url} | `{f.sha256}` |" for f in fetched),
        "",
        "| file | rows / features |",
        "|---|---|",
        *(f"| `{name}` | {count:,} |" for name, count in rows.items()),
        "",
        "Pin these checksums with `atr reference download --sources FILE` to refuse changed files.",
        "",
    ]
    return "\n".join(lines)


def _build(fetched: dict[str, Fetched], districts: dict[str, str], strict: bool, out: Path) -> dict[str, int]:
    imd, population = _imd_and_population(fetched["imd"], districts, strict)
    missing_districts = sorted(set(districts) - {r["lad19_code"] for r in imd})
    if missing_districts:
        raise InputFileError(fetched["imd"].label, f"no LSOAs for district(s) {', '.join(missing_districts)}")
    msoa_layer = read_features(fetched["msoa_boundaries"])
    msoa_codes = {p["MSOA11NM"]: p["MSOA11CD"] for p, _ in msoa_layer}
    lookup = _lookup(fetched["lookup"], imd, msoa_codes, fetched["msoa_boundaries"].label, strict)

    def areas(code: str, name: str, prefix: str) -> dict[str, dict[str, str]]:
        return {
            r[code]: {
                f"{prefix}_code": r[code],
                f"{prefix}_name": r[name],
                "lad19_code": r["lad19_code"],
                "lad19_name": r["lad19_name"],
            }
            for r in lookup
        }

    lsoa_counts = {code: sum(r["lad19_code"] == code for r in imd) for code in districts}
    lad_areas = {
        c: {"lad19_code": c, "lad19_name": n, "lsoa_count": str(lsoa_counts[c])} for c, n in districts.items()
    }
    layers = {
        "district": ("lad_boundaries", "LAD19CD", "lad19", lad_areas),
        "ward": ("ward_boundaries", "WD19CD", "ward19", areas("ward19_code", "ward19_name", "ward19")),
        "msoa": ("msoa_boundaries", "MSOA11CD", "msoa11", areas("msoa11_code", "msoa11_name", "msoa11")),
        "lsoa": ("lsoa_boundaries", "LSOA11CD", "lsoa11", areas("lsoa11_code", "lsoa11_name", "lsoa11")),
    }
    counts = {kind: len(layer[3]) for kind, layer in layers.items()}
    if strict and districts == DISTRICTS and counts != EXPECTED_WEST_YORKSHIRE:
        raise DownloadError(
            f"downloaded geography has {counts}, expected {EXPECTED_WEST_YORKSHIRE}",
            hint="a publisher file changed; check the sources",
        )
    _write_csv(out / IMD_FILE.name, imd)
    _write_csv(out / POPULATION_FILE.name, population)
    _write_csv(out / LOOKUP_FILE.name, lookup)
    rows = {IMD_FILE.name: len(imd), POPULATION_FILE.name: len(population), LOOKUP_FILE.name: len(lookup)}
    by_type = {b.area_type: b for b in BOUNDARY_FILES}
    for kind, (key, code_key, prefix, wanted) in layers.items():
        text, features = _boundary_layer(fetched[key], code_key, prefix, wanted)
        (out / by_type[kind].name).write_text(text, encoding="utf-8")
        rows[by_type[kind].name] = len(features)
    return rows


def download_reference(
    cache_root: Path | None = None,
    *,
    mirror: str | None = None,
    force: bool = False,
    sources: dict[str, DownloadSource] | None = None,
    sources_file: Path | None = None,
    strict_counts: bool | None = None,
    timeout: float = 120.0,
) -> DownloadResult:
    """Download, check and write the reference layout into ``<cache_root>/reference``.

    ``mirror`` is a base URL serving every file flat under its ``file_name`` (it replaces the
    publisher's host and path). Row and area counts are checked against the publisher's full
    files unless a mirror is used (a mirror may hold a subset); ``strict_counts`` overrides.
    """
    target = (cache_root or default_cache_dir()) / "reference"
    if not force and target.is_dir() and not missing_files(target):
        return DownloadResult(target, skipped=True)
    chosen = dict(sources) if sources is not None else default_sources(DISTRICTS)
    if sources_file is not None:
        chosen = apply_overrides(chosen, sources_file)
    strict = (mirror is None) if strict_counts is None else strict_counts
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".download-", dir=target.parent))
    try:
        fetched: dict[str, Fetched] = {}
        with progress() as bar:
            task = bar.add_task("Downloading reference files", total=len(chosen))
            for key, source in chosen.items():
                bar.update(task, description=f"Downloading {source.title}")
                fetched[key] = fetch(source, mirror, work, timeout)
                bar.advance(task)
        with atomic_directory(target) as staging:
            rows = _build(fetched, DISTRICTS, strict, staging)
            (staging / "PROVENANCE.md").write_text(
                _provenance(list(fetched.values()), rows), encoding="utf-8"
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return DownloadResult(
        target,
        skipped=False,
        rows=rows,
        fetched=[{"source": f.source.key, "url": f.url, "sha256": f.sha256} for f in fetched.values()],
    )
