"""`atr reference download` against a local HTTP server serving small official-format files."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import threading
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.errors import InputFileError
from atr.reference.download import DownloadError, download_reference
from atr.reference.download_sources import DownloadSource, apply_overrides, default_sources
from atr.reference.layout import CSV_FILES, DISTRICTS
from atr.reference.loader import load_reference, read_reference_csv
from atr.reference.sources import resolve_reference_source
from atr.warehouse import DuckDBWarehouse

FILE7 = "File_7_-_All_IoD2019_Scores__Ranks__Deciles_and_Population_Denominators_3.csv"
LOOKUP = "LSOA11_WD19_LAD19_EW_LU.csv"
LAYERS = {
    "lad": "LAD_Dec_2019_UK_BGC.geojson",
    "ward": "Wards_Dec_2019_UK_BGC.geojson",
    "msoa": "MSOA_Dec_2011_EW_BGC.geojson",
    "lsoa": "LSOA_Dec_2011_EW.geojson",
}
# The published File 7 headers, spelled out here independently of the code under test.
_R, _D = " Rank (where 1 is most deprived)", " Decile (where 1 is most deprived 10% of LSOAs)"
_INDICES = [
    ("Index of Multiple Deprivation (IMD) Score", "Index of Multiple Deprivation (IMD)"),
    ("Income Score (rate)", "Income"),
    ("Employment Score (rate)", "Employment"),
    ("Education, Skills and Training Score", "Education, Skills and Training"),
    ("Health Deprivation and Disability Score", "Health Deprivation and Disability"),
    ("Crime Score", "Crime"),
    ("Barriers to Housing and Services Score", "Barriers to Housing and Services"),
    ("Living Environment Score", "Living Environment"),
    (
        "Income Deprivation Affecting Children Index (IDACI) Score (rate)",
        "Income Deprivation Affecting Children Index (IDACI)",
    ),
    (
        "Income Deprivation Affecting Older People (IDAOPI) Score (rate)",
        "Income Deprivation Affecting Older People (IDAOPI)",
    ),
    ("Children and Young People Sub-domain Score", "Children and Young People Sub-domain"),
    ("Adult Skills Sub-domain Score", "Adult Skills Sub-domain"),
    ("Geographical Barriers Sub-domain Score", "Geographical Barriers Sub-domain"),
    ("Wider Barriers Sub-domain Score", "Wider Barriers Sub-domain"),
    ("Indoors Sub-domain Score", "Indoors Sub-domain"),
    ("Outdoors Sub-domain Score", "Outdoors Sub-domain"),
]
FILE7_HEADERS = [
    "LSOA code (2011)",
    "LSOA name (2011)",
    "Local Authority District code (2019)",
    "Local Authority District name (2019)",
    *[h for score, label in _INDICES for h in (score, label + _R, label + _D)],
    "Total population: mid 2015 (excluding prisoners)",
    "Dependent Children aged 0-15: mid 2015 (excluding prisoners)",
    "Population aged 16-59: mid 2015 (excluding prisoners)",
    "Older population aged 60 and over: mid 2015 (excluding prisoners)",
    "Working age population 18-59/64: for use with Employment Deprivation Domain (excluding prisoners)",
]
OUTSIDE = {"E08000019": "Sheffield"}  # in the national files, must be filtered out


def _square(i: int) -> dict[str, Any]:
    x, y = -2.0 + i * 0.01, 53.5
    ring = [[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def _collection(rows: list[dict[str, str]]) -> str:
    feats = [{"type": "Feature", "properties": r, "geometry": _square(i)} for i, r in enumerate(rows)]
    return json.dumps({"type": "FeatureCollection", "features": feats})


def write_fixture(folder: Path) -> dict[str, int]:
    """Three LSOAs in two MSOAs and two wards per district, plus Sheffield and one Welsh LSOA."""
    folder.mkdir(parents=True, exist_ok=True)
    file7: list[list[str]] = []
    lookup: list[list[str]] = []
    lsoas: list[dict[str, str]] = []
    msoas: dict[str, str] = {}
    wards: dict[str, tuple[str, str]] = {}
    population: dict[str, int] = {}
    n = 0
    for d, (lad, name) in enumerate({**DISTRICTS, **OUTSIDE}.items()):
        for j, suffix in enumerate(("001A", "001B", "002A")):
            n += 1
            lsoa, lsoa_name = f"E01{n:06d}", f"{name} {suffix}"
            msoa_name = lsoa_name[:-1]
            msoas.setdefault(msoa_name, f"E02{len(msoas) + 1:06d}")
            ward = f"E05{d:04d}{j % 2:02d}"
            wards[ward] = (f"{name} ward {j % 2}", lad)
            decile = (n % 10) + 1
            index_values = [f"{10 + n / 7:.3f}", str(100 * n), str(decile)] * len(_INDICES)
            pops = [1500 + n, 300, 900, 300 + n, 950]
            population[lad] = population.get(lad, 0) + pops[0]
            file7.append([lsoa, lsoa_name, lad, name, *index_values, *map(str, pops)])
            lookup.append([lsoa, lsoa_name, ward, wards[ward][0], lad, name, str(n)])
            lsoas.append({"LSOA11CD": lsoa, "LSOA11NM": lsoa_name})
    lookup.append(["W01000001", "Isle of Anglesey 001A", "W05000001", "Amlwch", "W06000001", "Anglesey", "0"])
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([FILE7_HEADERS, *file7])
    (folder / FILE7).write_text(buffer.getvalue(), encoding="utf-8")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(
        [["LSOA11CD", "LSOA11NM", "WD19CD", "WD19NM", "LAD19CD", "LAD19NM", "FID"], *lookup]
    )
    (folder / LOOKUP).write_text("\ufeff" + buffer.getvalue(), encoding="utf-8")  # ONS CSVs carry a BOM
    lads = [{"lad19cd": c, "lad19nm": nm} for c, nm in {**DISTRICTS, **OUTSIDE}.items()]
    (folder / LAYERS["lad"]).write_text(_collection(lads))
    ward_rows = [{"WD19CD": c, "WD19NM": nm, "LAD19CD": lad} for c, (nm, lad) in wards.items()]
    (folder / LAYERS["ward"]).write_text(_collection(ward_rows))
    (folder / LAYERS["msoa"]).write_text(
        _collection([{"MSOA11CD": c, "MSOA11NM": nm} for nm, c in msoas.items()])
    )
    (folder / LAYERS["lsoa"]).write_text(_collection(lsoas))
    return population


class _Server(ThreadingHTTPServer):
    requests: list[str]


class _Handler(SimpleHTTPRequestHandler):
    """Serves the fixture folder; ``/service/<file>?resultOffset=…`` pages a GeoJSON like ArcGIS."""

    server: _Server

    def do_GET(self) -> None:
        self.server.requests.append(self.path)
        parts = urlsplit(self.path)
        if parts.path.startswith("/service/"):
            doc = json.loads((Path(self.directory) / parts.path.removeprefix("/service/")).read_text())
            query = parse_qs(parts.query)
            offset, count = int(query["resultOffset"][0]), 2  # tiny pages, to exercise paging
            page = doc["features"][offset : offset + count]
            more = offset + count < len(doc["features"])
            body = json.dumps({"type": "FeatureCollection", "features": page, "exceededTransferLimit": more})
            self.send_response(200)
            self.send_header("Content-Type", "application/geo+json")
            self.end_headers()
            self.wfile.write(body.encode())
            return
        super().do_GET()

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture
def server(tmp_path: Path) -> Iterator[_Server]:
    folder = tmp_path / "mirror"
    write_fixture(folder)
    server = _Server(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def mirror(server: _Server, tmp_path: Path) -> tuple[str, Path]:
    """(base URL, folder it serves)."""
    return f"http://127.0.0.1:{server.server_address[1]}", tmp_path / "mirror"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "cache"
    monkeypatch.setenv("ATR_CACHE_DIR", str(root))
    return root


def test_download_fills_the_cache_and_resolution_picks_it(mirror: tuple[str, Path], cache: Path) -> None:
    assert resolve_reference_source().kind == "synthetic"
    result = download_reference(mirror=mirror[0])
    assert result.folder == cache / "reference" and not result.skipped
    source = resolve_reference_source()
    assert source.kind == "cache" and source.path == (cache / "reference").resolve()
    for spec in CSV_FILES:
        table = read_reference_csv(source.path, spec)  # the loader's own column checks
        assert table.num_rows == 15
        assert set(table.column("lad19_code").to_pylist()) == set(DISTRICTS)
    lookup = list(csv.DictReader((source.path / "wy_lsoa_lookup.csv").open()))
    first = next(r for r in lookup if r["lsoa11_name"] == "Bradford 001B")
    assert first["msoa11_name"] == "Bradford 001" and first["msoa11_code"].startswith("E02")
    imd = list(csv.DictReader((source.path / "wy_lsoa_imd2019.csv").open()))
    assert {"idaci_score", "idaci_rank", "idaopi_decile", "outdoors_subdomain_score"} <= set(imd[0])
    provenance = (source.path / "PROVENANCE.md").read_text()
    assert (
        "127.0.0.1" in provenance
        and hashlib.sha256((mirror[1] / FILE7).read_bytes()).hexdigest() in provenance
    )
    again = download_reference(mirror=mirror[0])
    assert again.skipped


def test_downloaded_data_loads_into_the_warehouse(mirror: tuple[str, Path], cache: Path) -> None:
    expected_population = write_fixture(mirror[1])
    download_reference(mirror=mirror[0])
    with DuckDBWarehouse(":memory:") as wh:
        summary = load_reference(wh, resolve_reference_source())
        assert (summary.lsoa_count, summary.msoa_count, summary.ward_count) == (15, 10, 10)
        assert {d["lad19_code"]: d["population"] for d in summary.districts} == {
            code: expected_population[code] for code in DISTRICTS
        }
        assert wh.scalar("SELECT count(*) FROM ref_boundary WHERE area_type = 'district'") == 5
        assert wh.scalar("SELECT count(*) FROM ref_boundary WHERE area_type = 'lsoa'") == 15
        assert wh.scalar("SELECT is_synthetic FROM ref_source") is False


def test_checksum_mismatch_names_the_file_and_url(mirror: tuple[str, Path], cache: Path) -> None:
    good = hashlib.sha256((mirror[1] / FILE7).read_bytes()).hexdigest()
    sources = default_sources(DISTRICTS)
    sources["imd"] = replace(sources["imd"], sha256="0" * 64)
    with pytest.raises(DownloadError, match=rf"{FILE7} from {mirror[0]}/{FILE7}: checksum mismatch"):
        download_reference(mirror=mirror[0], sources=sources)
    assert not (cache / "reference").exists()
    sources["imd"] = replace(sources["imd"], sha256=good.upper())
    assert not download_reference(mirror=mirror[0], sources=sources).skipped


def test_wrong_columns_are_refused(mirror: tuple[str, Path], cache: Path) -> None:
    path = mirror[1] / FILE7
    path.write_text(path.read_text().replace("Crime Score", "Crime score", 1))
    with pytest.raises(InputFileError, match=rf"{FILE7} from .*: missing column\(s\): Crime Score"):
        download_reference(mirror=mirror[0])


def test_server_404_names_the_url(mirror: tuple[str, Path], cache: Path) -> None:
    (mirror[1] / LOOKUP).unlink()
    with pytest.raises(DownloadError, match=rf"{mirror[0]}/{LOOKUP}: HTTP 404"):
        download_reference(mirror=mirror[0])


def test_unreachable_server_names_the_url(cache: Path) -> None:
    with pytest.raises(DownloadError, match=r"http://127\.0\.0\.1:9/.*cannot connect"):
        download_reference(mirror="http://127.0.0.1:9", timeout=5)


def test_publisher_row_counts_are_checked(mirror: tuple[str, Path], cache: Path) -> None:
    with pytest.raises(InputFileError, match="expected 32,844 data rows, found 18"):
        download_reference(mirror=mirror[0], strict_counts=True)


def test_failed_refresh_keeps_the_previous_cache(mirror: tuple[str, Path], cache: Path) -> None:
    download_reference(mirror=mirror[0])
    before = (cache / "reference" / "wy_lsoa_imd2019.csv").read_text()
    (mirror[1] / LAYERS["ward"]).write_text("{not json")
    with pytest.raises(InputFileError, match=rf"{LAYERS['ward']} from .*not valid GeoJSON"):
        download_reference(mirror=mirror[0], force=True)
    assert (cache / "reference" / "wy_lsoa_imd2019.csv").read_text() == before
    assert sorted(p.name for p in cache.iterdir()) == ["reference"]


def test_publisher_urls_with_paged_feature_queries(
    server: _Server, mirror: tuple[str, Path], cache: Path
) -> None:
    base = mirror[0]
    sources: dict[str, DownloadSource] = {
        key: replace(s, url=f"{base}/{s.file_name}", paged=False)
        for key, s in default_sources(DISTRICTS).items()
    }
    sources["lsoa_boundaries"] = replace(
        sources["lsoa_boundaries"], url=f"{base}/service/{LAYERS['lsoa']}?where=1%3D1&f=geojson", paged=True
    )
    result = download_reference(sources=sources, strict_counts=False)
    assert result.rows["wy_lsoa11_boundaries.geojson"] == 15
    pages = [p for p in server.requests if p.startswith("/service/")]
    assert len(pages) == 9  # 18 features (15 + Sheffield's 3), 2 per page
    assert "resultOffset=16" in pages[-1] and "where=1%3D1" in pages[-1]


def test_sources_file_overrides_and_rejects_unknown_keys(tmp_path: Path) -> None:
    sources = default_sources(DISTRICTS)
    good = tmp_path / "sources.toml"
    good.write_text('[imd]\nsha256 = "abc"\n[msoa_boundaries]\nurl = "https://example.org/q"\n')
    changed = apply_overrides(sources, good)
    assert changed["imd"].sha256 == "abc" and changed["msoa_boundaries"].url == "https://example.org/q"
    bad = tmp_path / "bad.toml"
    bad.write_text('[imd]\nchecksum = "abc"\n')
    with pytest.raises(InputFileError, match="unknown setting"):
        apply_overrides(sources, bad)
    bad.write_text('[census]\nurl = "x"\n')
    with pytest.raises(InputFileError, match="unknown source 'census'"):
        apply_overrides(sources, bad)


def test_command_line(mirror: tuple[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["reference", "download", "--cache-dir", str(tmp_path / "c"), "--mirror", mirror[0]]
    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.output
    assert "wy_lsoa_imd2019.csv: 15" in first.output
    assert "already complete" in runner.invoke(app, args).output
    assert "already complete" not in runner.invoke(app, [*args, "--force"]).output
    assert resolve_reference_source(tmp_path / "c" / "reference").kind == "explicit"
