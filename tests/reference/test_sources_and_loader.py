"""Where reference data comes from, and what the loader makes of it (real, synthetic, broken)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from atr.errors import InputFileError
from atr.reference.layout import DISTRICTS, REQUIRED_FILES
from atr.reference.loader import ReferenceSummary, load_reference
from atr.reference.sources import ReferenceSource, cache_dir, resolve_reference_source
from atr.reference.synthetic_geography import DECILE_MIX
from atr.warehouse import DuckDBWarehouse, Warehouse

# District populations and LSOA counts from shared/data/reference/PROVENANCE.md (mid-2015).
REAL_DISTRICTS = {
    "E08000032": (310, 529_879),
    "E08000033": (128, 207_832),
    "E08000034": (259, 432_855),
    "E08000035": (482, 771_857),
    "E08000036": (209, 333_068),
}


def _complete_folder(path: Path) -> Path:
    """A folder that *looks* complete to the resolver (it checks presence, not content)."""
    path.mkdir(parents=True)
    for name in REQUIRED_FILES:
        (path / name).write_text("x")
    return path


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    monkeypatch.setenv("ATR_CACHE_DIR", str(tmp_path / "cache"))
    return {
        "explicit": _complete_folder(tmp_path / "explicit"),
        "environment": _complete_folder(tmp_path / "env"),
        "cache": _complete_folder(tmp_path / "cache" / "reference"),
    }


def test_resolution_order(places: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATR_REFERENCE_DIR", str(places["environment"]))
    chosen = resolve_reference_source(places["explicit"])
    assert (chosen.kind, chosen.path) == ("explicit", places["explicit"].resolve())
    chosen = resolve_reference_source()
    assert (chosen.kind, chosen.path) == ("environment", places["environment"].resolve())
    monkeypatch.delenv("ATR_REFERENCE_DIR")
    chosen = resolve_reference_source()
    assert (chosen.kind, chosen.path) == ("cache", places["cache"].resolve())
    (places["cache"] / REQUIRED_FILES[0]).unlink()  # an incomplete cache is passed over
    chosen = resolve_reference_source()
    assert chosen.kind == "synthetic" and chosen.is_synthetic
    assert chosen.path == cache_dir() / "synthetic-reference"
    assert "SYNTHETIC" in chosen.describe()


def test_an_incomplete_explicit_folder_is_an_error(
    places: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    (places["explicit"] / "wy_lsoa_lookup.csv").unlink()
    with pytest.raises(
        InputFileError, match=r"wy_lsoa_lookup\.csv: reference file missing \(given explicitly\)"
    ):
        resolve_reference_source(places["explicit"])
    with pytest.raises(InputFileError, match="does not exist"):
        resolve_reference_source(places["explicit"] / "nowhere")
    monkeypatch.setenv("ATR_REFERENCE_DIR", str(places["explicit"]))
    with pytest.raises(InputFileError, match=r"from \$ATR_REFERENCE_DIR"):
        resolve_reference_source()


def _load(source: ReferenceSource) -> tuple[ReferenceSummary, Warehouse]:
    wh = DuckDBWarehouse(":memory:")
    return load_reference(wh, source), wh


def test_loader_on_the_real_reference_data(reference_dir: Path) -> None:
    summary, wh = _load(resolve_reference_source(reference_dir))
    with wh:
        assert not summary.source.is_synthetic
        assert (summary.lsoa_count, summary.ward_count, summary.msoa_count) == (1_388, 124, 299)
        assert {d["lad19_code"]: (d["lsoas"], d["population"]) for d in summary.districts} == REAL_DISTRICTS
        assert {d["lad19_code"]: d["lad19_name"] for d in summary.districts} == DISTRICTS
        assert sum(d["aged_0_15"] for d in summary.districts) == 461_707
        areas = {
            r["area_type"]: r["n"] for r in wh.rows("SELECT area_type, count(*) n FROM ref_area GROUP BY 1")
        }
        assert areas == {"region": 1, "district": 5, "ward": 124, "msoa": 299, "lsoa": 1_388}


def test_synthetic_geography_has_the_real_structure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATR_CACHE_DIR", str(tmp_path / "cache"))
    source = resolve_reference_source()
    summary, wh = _load(source)
    with wh:
        assert summary.source.is_synthetic
        assert wh.scalar("SELECT is_synthetic FROM ref_source") is True
        assert {d["lad19_code"]: d["lsoas"] for d in summary.districts} == {
            code: sum(mix) for code, mix in DECILE_MIX.items()
        }
        assert summary.lsoa_count == sum(counts for counts, _ in REAL_DISTRICTS.values())
        prefixes = wh.rows(
            "SELECT DISTINCT substr(lsoa11_code, 1, 3) AS l, substr(msoa11_code, 1, 3) AS m, "
            "substr(ward19_code, 1, 3) AS w FROM ref_lsoa"
        )
        assert prefixes == [{"l": "X01", "m": "X02", "w": "X05"}]
        # Nested: each MSOA and each ward lies in one district; every area has a boundary.
        assert (
            wh.scalar(
                "SELECT max(n) FROM (SELECT count(DISTINCT lad19_code) n FROM ref_lsoa GROUP BY msoa11_code)"
            )
            == 1
        )
        assert (
            wh.scalar(
                "SELECT max(n) FROM (SELECT count(DISTINCT lad19_code) n FROM ref_lsoa GROUP BY ward19_code)"
            )
            == 1
        )
        assert (
            wh.scalar(
                "SELECT count(*) FROM ref_area a LEFT JOIN ref_boundary b USING (area_code) "
                "WHERE a.area_type <> 'region' AND b.area_code IS NULL"
            )
            == 0
        )
        deciles = wh.rows(
            "SELECT imd_decile, count(*) n FROM ref_lsoa WHERE lad19_code = 'E08000032' GROUP BY 1 ORDER BY 1"
        )
        assert tuple(r["n"] for r in deciles) == DECILE_MIX["E08000032"]
        assert all(d["population"] > 100_000 for d in summary.districts)


@pytest.fixture
def broken_copy(tmp_path: Path, shared_dir: Path) -> Iterator[Path]:
    """A private copy of the real reference files, to damage (never the shared originals)."""
    source = shared_dir / "data" / "reference"
    if not (source / "wy_lsoa_imd2019.csv").is_file():
        pytest.skip("real reference data not available")
    copy = tmp_path / "reference"
    shutil.copytree(source, copy)
    for path in copy.iterdir():
        path.chmod(0o644)
    yield copy


def test_missing_file_is_named(broken_copy: Path) -> None:
    (broken_copy / "wy_msoa11_boundaries.geojson").unlink()
    with pytest.raises(InputFileError, match=r"wy_msoa11_boundaries\.geojson: boundary file not found"):
        _load(ReferenceSource("explicit", broken_copy))
    with pytest.raises(InputFileError, match=r"wy_msoa11_boundaries\.geojson: reference file missing"):
        resolve_reference_source(broken_copy)


def test_wrong_columns_are_named(broken_copy: Path) -> None:
    path = broken_copy / "wy_lsoa_imd2019.csv"
    text = path.read_text()
    path.write_text(text.replace("imd_decile", "imd_dec", 1))
    with pytest.raises(InputFileError, match=r"wy_lsoa_imd2019\.csv: missing column\(s\): imd_decile"):
        _load(ReferenceSource("explicit", broken_copy))


def test_missing_value_names_row_and_field(broken_copy: Path) -> None:
    path = broken_copy / "wy_lsoa_imd2019.csv"
    lines = path.read_text().splitlines()
    fields = lines[3].split(",")
    assert lines[0].split(",")[6] == "imd_decile"
    fields[6] = ""  # imd_decile of data row 3 (file line 4)
    lines[3] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(InputFileError, match=r"wy_lsoa_imd2019\.csv, row 4, field 'imd_decile'"):
        _load(ReferenceSource("explicit", broken_copy))


def test_corrupt_geojson_is_one_clear_error(broken_copy: Path, tmp_path: Path) -> None:
    path = broken_copy / "wy_ward19_boundaries.geojson"
    path.write_bytes(path.read_bytes()[:5000])
    with pytest.raises(InputFileError, match=r"wy_ward19_boundaries\.geojson: not valid GeoJSON"):
        _load(ReferenceSource("explicit", broken_copy))
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "atr",
            "reference",
            "load",
            "--reference-dir",
            str(broken_copy),
            "--warehouse",
            str(tmp_path / "wh.duckdb"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("error:") and "wy_ward19_boundaries.geojson" in result.stderr
    assert "Traceback" not in result.stderr
