"""What the platform benchmarks share: a fresh PostgreSQL database, `atr` run as a user runs it,
and `atr serve` up until a block ends.

One place for it, so the network, directory and workforce benchmarks set the platform up the
same way (same environment, same server) and their figures stay comparable.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

REPO = Path(__file__).resolve().parents[1]
SERVER = os.environ.get("ATR_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432")


def atr_env(url: str) -> dict[str, str]:
    """The environment without the caller's ATR_/DJANGO_ settings, on the database ``url``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ATR_", "DJANGO_"))}
    return {**env, "PYTHONPATH": str(REPO), "ATR_QUIET": "1", "ATR_DATABASE_URL": url}


def run_atr(project: Path, url: str, *args: str, timeout: int = 3600) -> float:
    """Run ``atr ARGS`` in ``project`` against ``url``; the wall time in seconds."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "atr", *args],
        cwd=project,
        env=atr_env(url),
        check=True,
        timeout=timeout,
        capture_output=True,
    )
    return time.perf_counter() - started


def fresh_database(name: str) -> str:
    """Drop and create the database ``name`` on the benchmark server; its URL."""
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return f"{SERVER}/{name}"


def drop_database(name: str) -> None:
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")


@contextmanager
def served(project: Path, url: str, port: int, ready_path: str = "") -> Iterator[str]:
    """`atr serve --workers 2` on ``port`` until the block ends; yields its root URL once
    ``ready_path`` answers (up to two minutes)."""
    root = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "atr", "serve", "--port", str(port), "--workers", "2"]
    with (project / "serve.log").open("w") as log:
        server = subprocess.Popen(
            command, cwd=project, env=atr_env(url), stdout=log, stderr=subprocess.STDOUT
        )
        try:
            for _ in range(240):
                try:
                    urllib.request.urlopen(root + ready_path, timeout=5)
                    break
                except OSError:
                    time.sleep(0.5)
            yield root
        finally:
            server.terminate()
            server.wait(timeout=30)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94] if len(values) > 1 else values[0]
