"""Benchmark the identity store: what encryption costs ingest and link; prints a Markdown section.

Rows shaped like ``identity_person`` (29 columns: names, dates, postcodes, hashes) are made in
memory, ``ATR_BENCH_IDENTITY_ROWS`` of them (default 1,000,000), and the store's operations are
timed against the same rows in plain Parquet: writing the whole store (an ingest), replacing one
partner's batch (a re-ingest), reading it into a DuckDB temporary table (what link does), and
purging a tenth of it. The cost is linear in rows, so the scale-1.0 figure (4,829,564 identity
rows, docs/link.md) is extrapolated from the measured rate.

Usage: ``python benchmarks/bench_identity.py``.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atr.identity import IdentityStore, rows_of_batches  # noqa: E402
from atr.ingest.outputs import IDENTITY_COLUMNS  # noqa: E402
from atr.pseudonymise import PseudonymisationKey  # noqa: E402
from atr.warehouse import DuckDBWarehouse  # noqa: E402

SCALE_1_ROWS = 4_829_564
KEY = PseudonymisationKey(b"benchmark-key-not-secret-0123456789abcdef", "file")
NAMES = np.array([f"name{i:04d}" for i in range(3000)])
PARTNERS = np.array(["380", "381", "382", "383", "384", "RGD", "QWO", "13"])


def identity_rows(n: int, seed: int = 3) -> pa.Table:
    rng = np.random.default_rng(seed)
    columns: dict[str, pa.Array] = {}
    for name, kind in IDENTITY_COLUMNS:
        if name == "dataset":
            columns[name] = pa.array(np.array(["csc", "school", "gp_registration"])[rng.integers(0, 3, n)])
        elif name == "partner_code":
            columns[name] = pa.array(PARTNERS[rng.integers(0, len(PARTNERS), n)])
        elif name.endswith("_hash") or name == "person_id":  # 32 hex digits, the first one 0-7
            halves = zip(rng.integers(0, 2**63, n), rng.integers(0, 2**63, n), strict=True)
            columns[name] = pa.array([f"{a:016x}{b:016x}" for a, b in halves])
        elif kind == "DATE":
            days = np.datetime64("1930-01-01") + rng.integers(0, 30000, n).astype("timedelta64[D]")
            columns[name] = pa.array(days)
        elif kind == "INTEGER":
            columns[name] = pa.array(rng.integers(1, 2025, n).astype(np.int32))
        elif name.startswith("postcode") or name == "lsoa11_code":
            columns[name] = pa.array(
                [f"LS{a} {b}AB" for a, b in zip(rng.integers(1, 30, n), rng.integers(1, 9, n), strict=True)]
            )
        else:
            columns[name] = pa.array(NAMES[rng.integers(0, len(NAMES), n)])
    return pa.table(columns)


def an_eighth(rows: pa.Table | pa.RecordBatch) -> pa.Array:
    """Rows whose pseudonym starts with 0 (its first digit is 0-7): an eighth, as a purge might remove."""
    return pc.equal(pc.utf8_slice_codeunits(rows.column("person_id"), 0, 1), "0")


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    n = int(float(os.environ.get("ATR_BENCH_IDENTITY_ROWS", "1000000")))
    load = os.getloadavg()[0]
    table = identity_rows(n)
    one_partner = pc.equal(table.column("partner_code"), "383")
    with tempfile.TemporaryDirectory() as tmp:
        plain = Path(tmp) / "plain.parquet"
        store = IdentityStore(Path(tmp) / "atr.identity.parquet", KEY)
        results: list[tuple[str, float, float]] = []

        results.append(
            (
                "write the whole store (ingest)",
                timed(lambda: pq.write_table(table, plain, compression="zstd")),
                timed(lambda: store.stage([table]).commit()),
            )
        )
        replace = rows_of_batches([("csc", "383"), ("school", "383"), ("gp_registration", "383")])
        batch = table.filter(one_partner)

        def plain_replace() -> None:
            old = pq.read_table(plain)
            pq.write_table(
                pa.concat_tables([old.filter(pc.invert(replace(old))), batch]), plain, compression="zstd"
            )

        results.append(
            (
                "replace one partner's batches (re-ingest)",
                timed(plain_replace),
                timed(lambda: store.stage([batch], remove=replace).commit()),
            )
        )
        with DuckDBWarehouse(":memory:") as wh:
            results.append(
                (
                    "read into a DuckDB temp table (link)",
                    timed(lambda: wh.write_temp_arrow("p", pq.read_table(plain))),
                    timed(lambda: store.load_into(wh)),
                )
            )

        def plain_purge() -> None:
            old = pq.read_table(plain)
            pq.write_table(old.filter(pc.invert(an_eighth(old))), plain, compression="zstd")

        results.append(
            (
                "purge an eighth of the rows (retention)",
                timed(plain_purge),
                timed(lambda: store.rewrite(an_eighth)),
            )
        )
        sizes = plain.stat().st_size / 1e6, store.path.stat().st_size / 1e6
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    factor = SCALE_1_ROWS / n
    print("## Identity store (`bench_identity.py`)\n")
    print(
        f"{n:,} identity rows of {len(IDENTITY_COLUMNS)} columns; plain Parquet (zstd) against the "
        f"encrypted store (AES-GCM, every column and the footer). Scale 1.0 = {SCALE_1_ROWS:,} rows, "
        "extrapolated linearly.\n"
    )
    print("| operation | plain (s) | encrypted (s) | overhead | encrypted at scale 1.0 (s, extrapolated) |")
    print("|---|---:|---:|---:|---:|")
    for name, a, b in results:
        print(f"| {name} | {a:.2f} | {b:.2f} | {b / a - 1:+.0%} | {b * factor:.0f} |")
    print(
        f"\nFile size after the purge: plain {sizes[0]:.0f} MB, encrypted {sizes[1]:.0f} MB. Peak memory {peak:.2f} GB."
    )
    print(
        f"Load average at the start: {load:.1f} on {os.cpu_count()} cores (times are wall clock, shared machine)."
    )


if __name__ == "__main__":
    main()
