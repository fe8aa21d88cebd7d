"""Benchmark the workforce capability; prints a Markdown section.

Targets (issue 16): a 50,000-row completions file validates and saves in ≤ 30 s; the programme
team's system view over 2,000 organisations renders in ≤ 1 s on PostgreSQL.

What it does: creates a fresh PostgreSQL database (``atr_bench_workforce`` on the local server,
or ``ATR_BENCH_POSTGRES``), runs ``atr web migrate`` and ``atr web demo --organisations 2000``
(which seeds the synthetic workforce: completions, self-assessment rounds, wellbeing rounds),
then, in this process, uploads a 50,000-row CSV for one organisation (and the same file again,
which must save nothing) and renders ``/workforce/system/`` as a programme-team user five times.

Usage: ``python benchmarks/bench_workforce.py``; ``ATR_BENCH_QUICK=1`` runs a small smoke test of
the script (not a result).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from platform_harness import drop_database, fresh_database, run_atr

DATABASE = "atr_bench_workforce"
ROWS, ORGANISATIONS = 50_000, 2000
UPLOAD_TARGET_S, SYSTEM_TARGET_S = 30.0, 1.0
if os.environ.get("ATR_BENCH_QUICK") == "1":  # a smoke run of the script itself; never recorded
    ROWS, ORGANISATIONS = 2_000, 100


def _completions_file(org_pk: int, rows: int) -> bytes:
    codes = ("ti-intro", "ts-practice", "te-complex", "ti-leaders")
    first = date(2023, 4, 1)
    lines = ["organisation,staff_ref,role,team,course,completion_date"]
    for n in range(rows):
        day = first + timedelta(days=n % 1000)
        lines.append(
            f"ORG{org_pk},B{n // 2:06d},Support worker,Team {n % 40},{codes[n % 4]},{day.isoformat()}"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


def _measure(url: str) -> dict[str, float]:
    os.environ.update({"ATR_DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "atr.platform.settings"})
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.test import Client

    from atr.platform.network.models import Organisation
    from atr.platform.workforce.upload import save_completions

    org = Organisation.objects.order_by("pk").first()
    assert org is not None
    data = _completions_file(org.pk, ROWS)
    started = time.perf_counter()
    first = save_completions(org, "bench.csv", data, None, date(2026, 3, 31))
    upload_s = time.perf_counter() - started
    started = time.perf_counter()
    again = save_completions(org, "bench.csv", data, None, date(2026, 3, 31))
    again_s = time.perf_counter() - started
    assert first.saved == ROWS and again.saved == 0, (first.saved, again.saved)
    team = User.objects.create_user(username="bench-team@example.org", password=None)
    team.groups.add(Group.objects.get(name="programme team"))
    client = Client()
    client.force_login(team)
    client.get("/workforce/system/")  # warm: template compilation and the first connection
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        response = client.get("/workforce/system/")
        timings.append(time.perf_counter() - started)
        assert response.status_code == 200
    return {
        "upload": upload_s,
        "again": again_s,
        "system_median": statistics.median(timings),
        "system_max": max(timings),
    }


def main() -> None:
    url = fresh_database(DATABASE)
    try:
        with tempfile.TemporaryDirectory(prefix="atr-bench-workforce-") as tmp:
            project = Path(tmp)
            migrate_s = run_atr(project, url, "web", "migrate")
            size = ["--organisations", str(ORGANISATIONS), "--members", str(ORGANISATIONS * 2)]
            seed_s = run_atr(
                project, url, "web", "demo", "--seed", "15", *size, "--pledges", "500", "--events", "50"
            )
            load_before = os.getloadavg()[0]
            found = _measure(url)
    finally:
        from django.db import connections

        connections.close_all()
        drop_database(DATABASE)
    met_upload = found["upload"] <= UPLOAD_TARGET_S
    met_system = found["system_max"] <= SYSTEM_TARGET_S
    print("## Workforce (`bench_workforce.py`)\n")
    print(
        f"PostgreSQL; `atr web migrate` {migrate_s:.0f} s, `atr web demo --organisations {ORGANISATIONS}` "
        f"(with the synthetic workforce) {seed_s:.0f} s. Load average {load_before:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (2 cores, shared).\n"
    )
    print("| measure | seconds | target | met |")
    print("|---|---:|---:|---|")
    print(
        f"| upload {ROWS:,} completions (check + save) | {found['upload']:.1f} | ≤ {UPLOAD_TARGET_S:.0f} | {'yes' if met_upload else 'no'} |"
    )
    print(f"| the same file again (saves nothing) | {found['again']:.1f} | – | – |")
    print(
        f"| system view, {ORGANISATIONS:,} organisations (median / max of 5) | "
        f"{found['system_median']:.2f} / {found['system_max']:.2f} | ≤ {SYSTEM_TARGET_S:.0f} | {'yes' if met_system else 'no'} |"
    )


if __name__ == "__main__":
    main()
