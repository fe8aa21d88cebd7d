"""Benchmark need against provision at full West Yorkshire scale; prints a Markdown section.

The issue's target: the need-against-provision step at full West Yorkshire scale in under 60 s.
This builds derived tables of full size synthetically (``tests/indicators/synthetic_derived.py``:
about 530,000 children over six years, 100,000 adult-years, the modelled ward rows) on the
synthetic geography, writes the synthetic Open Referral UK directory (``atr.synthetic.directory``)
at 600 services and at ``SERVICES`` (default 20,000, a large council's directory and more), and
times ``run_provision`` on each: reading the page files, placing, need, comparison, allocation.

Usage: ``python benchmarks/bench_provision.py [SERVICES [CHILDREN]]`` (a small CHILDREN checks the
script quickly; the timing that counts is at the default).
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atr.provision import ProvisionSettings, run_provision  # noqa: E402
from atr.reference import ReferenceSource  # noqa: E402
from atr.synthetic import areas_from_reference, synthetic_services, write_oruk_pages  # noqa: E402
from atr.warehouse import open_warehouse  # noqa: E402
from tests.indicators.synthetic_derived import load_synthetic_reference, write_derived  # noqa: E402

CHILDREN = 530_000
ADULTS = 100_000
TARGET_SECONDS = 60


def main() -> None:
    os.environ.setdefault("ATR_QUIET", "1")
    largest = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    children = int(sys.argv[2]) if len(sys.argv) > 2 else CHILDREN
    lines = ["## Need against provision (`bench_provision.py`)", ""]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["ATR_CACHE_DIR"] = str(folder / "cache")
        started = time.perf_counter()
        with open_warehouse(folder / "bench.duckdb") as wh:
            load_synthetic_reference(wh, folder / "reference")
            write_derived(wh, children=children, adults=max(1, children * ADULTS // CHILDREN))
            child_years, adult_years = wh.count("child_year"), wh.count("adult_year")
            build = time.perf_counter() - started
            areas = areas_from_reference(ReferenceSource("synthetic", folder / "reference"))
            lines += [
                f"Synthetic geography, {child_years:,} child-years and {adult_years:,} adult-years "
                f"(built in {build:.0f} s). Target: under {TARGET_SECONDS} s.",
                "",
                "| services | read, placed, compared, allocated | places | verdict |",
                "|---|---|---|---|",
            ]
            for count in (600, largest):
                directory = folder / f"directory-{count}"
                write_oruk_pages(synthetic_services(areas, seed=1, services=count), directory)
                started = time.perf_counter()
                result = run_provision(wh, ProvisionSettings(directory=str(directory)))
                seconds = time.perf_counter() - started
                verdict = "meets" if seconds < TARGET_SECONDS else "MISSES"
                lines.append(f"| {result.read:,} | {seconds:.1f} s | {result.places:,} | {verdict} |")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    lines += ["", f"Peak memory of the process: {peak_mb:,.0f} MB."]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
