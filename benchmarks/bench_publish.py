"""Benchmark the publish stage; prints a Markdown section.

Targets (issue 8): the scale-1.0 site builds in under 3 minutes, and the overview page with
everything it loads weighs under 1 MB.

The tables are a realistic stand-in for the indicator stage's scale-1.0 output, built by
``tests/publish/publish_sample_tables.py`` on the real West Yorkshire geography when
``../shared/data/reference`` is present (else the synthetic geography): 23 indicators (the size
of the shipped catalogue), six financial years, West Yorkshire, 5 districts, 124 wards and 299
MSOAs, breakdowns by IMD decile and quintile, sex, age band and ethnic group, SII rows, England
rows. Publishing does not depend on how many people are behind the figures, only on how many
figures there are, so this is the scale that matters. Set ``ATR_BENCH_WAREHOUSE`` to time a real
warehouse (after ``atr indicators``) instead. Also times one district's PDF report.

Usage: ``python benchmarks/bench_publish.py``
"""

from __future__ import annotations

import gzip
import os
import re
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "publish"))

from publish_sample_tables import CATALOGUE, write_sample_tables  # noqa: E402

from atr.publish.dataset import load_published  # noqa: E402
from atr.publish.report import write_report  # noqa: E402
from atr.publish.site import write_site  # noqa: E402
from atr.publish.sources import WarehouseSource  # noqa: E402
from atr.reference.loader import load_reference  # noqa: E402
from atr.reference.sources import ReferenceSource, resolve_reference_source  # noqa: E402
from atr.warehouse import open_warehouse  # noqa: E402

BUILD_TARGET_SECONDS = 180
OVERVIEW_TARGET_BYTES = 1_000_000
INDICATORS = 23


def page_weight(site: Path, page: Path) -> tuple[int, int]:
    """Bytes (raw, gzip) of a page plus every stylesheet and script it loads."""
    html = page.read_text(encoding="utf-8")
    files = [page]
    for url in re.findall(r'(?:href|src)="([^"#]+\.(?:css|js))"', html):
        files.append((page.parent / url).resolve())
    raw = sum(f.stat().st_size for f in files)
    packed = sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)
    return raw, packed


def build_warehouse(path: Path) -> None:
    shared = REPO / ".." / "shared" / "data" / "reference"
    source = (
        resolve_reference_source(shared.resolve())
        if (shared / "wy_lsoa_imd2019.csv").is_file()
        else ReferenceSource("synthetic", path.parent / "synthetic-reference")
    )
    with open_warehouse(path) as wh:
        load_reference(wh, source)
        write_sample_tables(
            wh,
            extra_indicators=INDICATORS - len(CATALOGUE),
            small_areas=("ward", "msoa"),
            extra_breakdowns=True,
        )


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    with tempfile.TemporaryDirectory() as tmp:
        existing = os.environ.get("ATR_BENCH_WAREHOUSE")
        warehouse = Path(existing) if existing else Path(tmp) / "atr.duckdb"
        if not existing:
            build_warehouse(warehouse)
        started = time.perf_counter()
        with open_warehouse(warehouse, read_only=True) as wh:
            data = load_published(WarehouseSource(wh, warehouse))
        load_seconds = time.perf_counter() - started
        site = Path(tmp) / "site"
        summary = write_site(data, site)
        build_seconds = load_seconds + summary.seconds
        size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
        overview_raw, overview_gzip = page_weight(site, site / "index.html")
        heaviest = max(site.rglob("*.html"), key=lambda p: page_weight(site, p)[0])
        heavy_raw, heavy_gzip = page_weight(site, heaviest)
        report = write_report(data, data.districts[0].name, Path(tmp) / "report.pdf")
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    source = f"`{existing}`" if existing else f"sample tables ({len(data.indicators)} indicators)"
    build_ok = "✅" if build_seconds < BUILD_TARGET_SECONDS else "❌"
    weight_ok = "✅" if overview_raw < OVERVIEW_TARGET_BYTES else "❌"
    print("## publish\n")
    print(f"Input: {source}, {len(data.values):,} `indicator_value` rows.\n")
    print("| measure | value | target |")
    print("|---|---|---|")
    print(
        f"| site build (read tables + render + write) | {build_seconds:.1f} s | < {BUILD_TARGET_SECONDS} s {build_ok} |"
    )
    print(f"| pages / charts / files | {summary.pages} / {summary.charts} / {summary.files} | |")
    print(f"| site size on disk | {size / 1e6:.1f} MB | |")
    print(
        f"| overview page weight (HTML + CSS + JS) | {overview_raw / 1e3:.0f} KB ({overview_gzip / 1e3:.0f} KB gzip) | < 1 MB {weight_ok} |"
    )
    print(
        f"| heaviest page (`{heaviest.relative_to(site)}`) | {heavy_raw / 1e3:.0f} KB ({heavy_gzip / 1e3:.0f} KB gzip) | |"
    )
    print(f"| PDF needs assessment ({report.place}) | {report.seconds:.1f} s, {report.pages} pages | |")
    print(f"| peak memory | {peak_mib:.0f} MiB | |")


if __name__ == "__main__":
    main()
