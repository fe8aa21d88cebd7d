"""Benchmark the Open Referral UK API of the service directory under load; prints a Markdown section.

Target (issue 17): ``GET /api/oruk/services`` with a search and a taxonomy filter, over 20,000
services on PostgreSQL, answers at p95 <= 100 ms with 0 errors under 50 concurrent clients.

What it does, as in ``bench_platform.py``: a fresh PostgreSQL database (``atr_bench_directory`` on
the local server), ``atr web migrate``, ``atr web demo --services 20000`` (the synthetic directory,
imported through the Open Referral UK importer, with a token network), ``atr serve --workers 2``,
then 50 simulated clients for 60 s with a bounded asyncio client (httpx), each asking for one
page of services matching a word (PostgreSQL full-text search) and a kind of service (a taxonomy
code or term id), reading it and waiting 0.5–1.5 s before the next. Latency is measured from
request to the last byte; the load generator shares the two cores with the server.

Usage: ``python benchmarks/bench_directory.py`` (needs the PostgreSQL server on 127.0.0.1:5432);
``ATR_BENCH_QUICK=1`` runs a small, short smoke test of the script (not a result).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from platform_harness import drop_database, fresh_database, p95, run_atr, served

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from atr.platform.directory.taxonomy import SERVICE_KINDS  # noqa: E402  (Django-free)

DATABASE = "atr_bench_directory"
USERS, SECONDS, TARGET_MS, SERVICES = 50, 60, 100.0, 20_000
if os.environ.get("ATR_BENCH_QUICK") == "1":  # a smoke run of the script itself; never recorded
    SECONDS, SERVICES = 5, 800
NETWORK = ["--organisations", "5", "--members", "5", "--pledges", "0", "--events", "0"]
WORDS = [
    "support",
    "family",
    "young",
    "leeds",
    "bradford",
    "recovery",
    "advice",
    "therapy",
    "calder",
    "group",
]


def _paths(rng: random.Random) -> list[str]:
    """Search + taxonomy queries: half by code, half by term id; some on a later page."""
    paths = []
    for _ in range(400):
        kind = rng.choice(SERVICE_KINDS)
        term = kind.code if rng.random() < 0.5 else kind.id
        page = 1 if rng.random() < 0.8 else rng.randint(2, 4)
        paths.append(f"api/oruk/services?search={rng.choice(WORDS)}&taxonomy_term_id={term}&page={page}")
    return paths


async def _user(
    client: httpx.AsyncClient,
    paths: list[str],
    seed: int,
    until: float,
    out: list[tuple[float, int]],
    kinds: list[str],
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        started = time.perf_counter()
        try:
            response = await client.get(rng.choice(paths))
            status = response.status_code
        except httpx.HTTPError as exc:  # status 0, with its kind
            status = 0
            kinds.append(type(exc).__name__)
        out.append(((time.perf_counter() - started) * 1000, status))
        await asyncio.sleep(rng.uniform(0.5, 1.5))


async def _load(root: str, paths: list[str], kinds: list[str]) -> list[tuple[float, int]]:
    results: list[tuple[float, int]] = []
    limits = httpx.Limits(max_connections=USERS, max_keepalive_connections=USERS)
    async with httpx.AsyncClient(base_url=root, limits=limits, timeout=30) as client:
        for path in paths[:20]:  # warm the workers' connections and caches
            await client.get(path)
        until = time.monotonic() + SECONDS
        await asyncio.gather(*(_user(client, paths, n, until, results, kinds) for n in range(USERS)))
    return results


def main() -> None:
    url = fresh_database(DATABASE)
    with tempfile.TemporaryDirectory(prefix="atr-bench-directory-") as tmp:
        project = Path(tmp)
        migrate_s = run_atr(project, url, "web", "migrate")
        seed_s = run_atr(project, url, "web", "demo", "--seed", "17", *NETWORK, "--services", str(SERVICES))
        with served(project, url, 8900 + os.getpid() % 100, "api/oruk/") as root:
            load_before = os.getloadavg()[0]
            kinds: list[str] = []
            results = asyncio.run(_load(root, _paths(random.Random(17)), kinds))
    drop_database(DATABASE)
    times = [ms for ms, _ in results]
    errors = sum(1 for _, status in results if status != 200)
    p95_ms = p95(times)
    print("## Service directory API (`bench_directory.py`)\n")
    print(
        f"PostgreSQL; `atr web demo --services {SERVICES}`: `atr web migrate` {migrate_s:.0f} s, demo and import "
        f"{seed_s:.0f} s. `atr serve` (gunicorn, 2 workers of 4 threads), {USERS} clients for {SECONDS} s on "
        f"`/api/oruk/services?search=…&taxonomy_term_id=…`, think time 0.5–1.5 s, {len(results) / SECONDS:.0f} "
        f"requests/s. Load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores, shared).\n"
    )
    print("| requests | median (ms) | p95 (ms) | max (ms) | errors |")
    print("|---:|---:|---:|---:|---:|")
    print(f"| {len(times)} | {statistics.median(times):.0f} | {p95_ms:.0f} | {max(times):.0f} | {errors} |")
    statuses = Counter(str(status) for _, status in results if status != 200) + Counter(kinds)
    if statuses:
        print(
            "\nErrors by status (0 = no HTTP answer): " + ", ".join(f"{k} × {n}" for k, n in statuses.items())
        )
    met = errors == 0 and p95_ms <= TARGET_MS
    print(
        f"\nTarget: p95 <= {TARGET_MS:.0f} ms, 0 errors — p95 {p95_ms:.0f} ms, {errors} errors, {'met' if met else 'NOT met'}."
    )


if __name__ == "__main__":
    main()
