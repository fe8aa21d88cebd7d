"""Benchmark the network platform under load; prints a Markdown section.

Target (issue 15): with PostgreSQL holding 10,000 members, 2,000 organisations, 20,000 pledges
and 5,000 events, ``atr serve`` (gunicorn, 2 workers) answers the public search and profile pages
at p95 <= 150 ms with 0 errors under 50 concurrent simulated users for 60 s, on this 2-core machine.

What it does, as a user would: creates a fresh PostgreSQL database (``atr_bench`` on the local
server, or ``ATR_BENCH_DATABASE_URL``), runs ``atr web migrate`` and ``atr web demo`` at that
size, starts ``atr serve --workers 2``, then runs 50 simulated users for 60 s with a bounded
asyncio client (httpx). Each user repeatedly opens a page and reads it for 0.5–1.5 s (a think
time, as locust's ``between(0.5, 1.5)``) before the next: half search pages (words and/or
sector, district and interest filters, PostgreSQL full-text search), half profile pages of
organisations and listed members. Latency is measured from request to the last byte. The load
generator shares the two cores with the server, so the figures include that contention.

Usage: ``python benchmarks/bench_platform.py`` (needs the PostgreSQL server on 127.0.0.1:5432);
``ATR_BENCH_QUICK=1`` runs a small, short smoke test of the script (not a result).
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
import psycopg
from platform_harness import drop_database, fresh_database, p95, run_atr, served

DATABASE = "atr_bench"
USERS, SECONDS, TARGET_MS = 50, 60, 150.0
SIZE = ["--organisations", "2000", "--members", "10000", "--pledges", "20000", "--events", "5000"]
if os.environ.get("ATR_BENCH_QUICK") == "1":  # a smoke run of the script itself; never recorded
    SECONDS, SIZE = 5, ["--organisations", "250", "--members", "500", "--pledges", "500", "--events", "100"]
WORDS = ["school", "housing", "trauma", "youth", "police", "health", "family", "community", "leeds", "nurse"]
SECTORS = ["education", "police", "housing", "primary_care", "voluntary_community", "local_authority"]
DISTRICTS = ["E08000032", "E08000033", "E08000034", "E08000035", "E08000036"]
INTERESTS = ["schools", "policing", "housing", "youth", "training", "lived_experience"]


def _paths(url: str, rng: random.Random) -> list[str]:
    with psycopg.connect(url) as conn:
        orgs = [r[0] for r in conn.execute("SELECT id FROM network_organisation")]
        people = [r[0] for r in conn.execute("SELECT id FROM network_member WHERE listed")]
    searches = []
    for _ in range(200):
        parts = []
        if rng.random() < 0.7:
            parts.append(f"q={rng.choice(WORDS)}")
        if rng.random() < 0.5:
            parts.append(f"sector={rng.choice(SECTORS)}")
        if rng.random() < 0.5:
            parts.append(f"district={rng.choice(DISTRICTS)}")
        if rng.random() < 0.3:
            parts.append(f"interest={rng.choice(INTERESTS)}")
        searches.append("find/?" + "&".join(parts))
    profiles = [f"organisations/{i}/" for i in rng.sample(orgs, min(200, len(orgs)))]
    profiles += [f"people/{i}/" for i in rng.sample(people, min(200, len(people)))]
    return [p for pair in zip(searches, profiles, strict=False) for p in pair] + profiles[200:]


async def _user(
    client: httpx.AsyncClient,
    paths: list[str],
    seed: int,
    until: float,
    out: list[tuple[str, float, int]],
    kinds: list[str],
) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        path = rng.choice(paths)
        started = time.perf_counter()
        try:
            response = await client.get(path)
            status = response.status_code
        except httpx.HTTPError as exc:  # recorded as status 0 with its kind, e.g. a reset connection
            status = 0
            kinds.append(type(exc).__name__)
        out.append((path, (time.perf_counter() - started) * 1000, status))
        await asyncio.sleep(rng.uniform(0.5, 1.5))


async def _load(root: str, paths: list[str], kinds: list[str]) -> list[tuple[str, float, int]]:
    results: list[tuple[str, float, int]] = []
    limits = httpx.Limits(max_connections=USERS, max_keepalive_connections=USERS)
    async with httpx.AsyncClient(base_url=root, limits=limits, timeout=30) as client:
        for path in paths[:20]:  # warm the workers' connections and caches
            await client.get(path)
        until = time.monotonic() + SECONDS
        await asyncio.gather(*(_user(client, paths, n, until, results, kinds) for n in range(USERS)))
    return results


def main() -> None:
    url = fresh_database(DATABASE)
    with tempfile.TemporaryDirectory(prefix="atr-bench-platform-") as tmp:
        project = Path(tmp)
        migrate_s = run_atr(project, url, "web", "migrate")
        seed_s = run_atr(project, url, "web", "demo", "--seed", "15", *SIZE)
        with served(project, url, 8700 + os.getpid() % 200) as root:
            paths = _paths(url, random.Random(15))
            load_before = os.getloadavg()[0]
            kinds: list[str] = []
            results = asyncio.run(_load(root, paths, kinds))
    drop_database(DATABASE)
    search = [ms for path, ms, _ in results if path.startswith("find/")]
    profile = [ms for path, ms, _ in results if not path.startswith("find/")]
    errors = sum(1 for _, _, status in results if status != 200)
    p95_search, p95_profile = p95(search), p95(profile)
    met = errors == 0 and max(p95_search, p95_profile) <= TARGET_MS
    print("## Network platform (`bench_platform.py`)\n")
    print(
        f"PostgreSQL; `atr web demo {' '.join(SIZE)}` (plus charter signatures by 2 in 5 organisations): "
        f"`atr web migrate` {migrate_s:.0f} s, `atr web demo` {seed_s:.0f} s. `atr serve` (gunicorn, 2 workers "
        f"of 4 threads), {USERS} simulated users for {SECONDS} s, think time 0.5–1.5 s, "
        f"{len(results) / SECONDS:.0f} requests/s. Machine load average during the run: "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after (2 cores, shared).\n"
    )
    print("| pages | requests | median (ms) | p95 (ms) | max (ms) | errors |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, values in (("search (`/find/?…`)", search), ("profiles (organisations, people)", profile)):
        errs = sum(
            1 for p, _, s in results if s != 200 and p.startswith("find/") == label.startswith("search")
        )
        print(
            f"| {label} | {len(values)} | {statistics.median(values):.0f} | {p95(values):.0f} | "
            f"{max(values):.0f} | {errs} |"
        )
    statuses = Counter(str(status) for _, _, status in results if status != 200) + Counter(kinds)
    if statuses:
        print(
            "\nErrors by status (0 = no HTTP answer) and kind: "
            + ", ".join(f"{k} × {n}" for k, n in statuses.items())
        )
    print(
        f"\nTarget: p95 <= {TARGET_MS:.0f} ms for search and profile pages, 0 errors — search "
        f"{p95_search:.0f} ms, profiles {p95_profile:.0f} ms, {errors} errors, {'met' if met else 'NOT met'}."
    )


if __name__ == "__main__":
    main()
