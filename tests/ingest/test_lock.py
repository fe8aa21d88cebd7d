"""Two runs into one warehouse: the second stops at once with a clear message and exit status 3."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from atr.warehouse import BUSY_EXIT_CODE, warehouse_lock
from atr.warehouse.lock import lock_path

from .conftest import Atr
from .test_cli import extract

HOLD = """
import sys, time
from pathlib import Path
from atr.warehouse import warehouse_lock
with warehouse_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""
HOLD_DUCKDB = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS t (x INT)")
print("locked", flush=True)
time.sleep(60)
"""


def _holder(script: str, target: Path) -> subprocess.Popen[str]:
    process = subprocess.Popen([sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stdout.readline().strip() == "locked"
    return process


def test_a_second_ingest_is_told_the_warehouse_is_in_use(tmp_path: Path, atr: Atr) -> None:
    warehouse = tmp_path / "w.duckdb"
    holder = _holder(HOLD, warehouse)
    try:
        code, out = atr("ingest", extract(tmp_path), "-w", warehouse, "--demo")
    finally:
        holder.kill()
        holder.wait()
    assert code == BUSY_EXIT_CODE, out
    assert f"the warehouse is in use by another run (pid {holder.pid})" in " ".join(out.split())
    assert "Traceback" not in out and not warehouse.exists()
    code, out = atr("ingest", extract(tmp_path), "-w", warehouse, "--demo", "--max-quarantine-share", "1")
    assert code == 0, out  # the lock died with its holder


def test_the_engine_lock_of_another_command_gets_the_same_message(tmp_path: Path, atr: Atr) -> None:
    warehouse = tmp_path / "w.duckdb"
    holder = _holder(HOLD_DUCKDB, warehouse)
    try:
        code, out = atr("ingest", extract(tmp_path), "-w", warehouse, "--demo")
    finally:
        holder.kill()
        holder.wait()
    assert code == BUSY_EXIT_CODE, out
    assert "the warehouse is in use by another run (pid" in " ".join(out.split())
    assert "IOException" not in out and "Traceback" not in out


def test_the_lock_is_reentrant_in_one_process_and_released(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    with warehouse_lock(warehouse), warehouse_lock(warehouse):  # the same process may nest
        holder = subprocess.run(
            [sys.executable, "-c", HOLD, str(warehouse)], capture_output=True, text=True, timeout=60
        )
        assert holder.returncode != 0 and "in use by another run" in holder.stderr
    started = time.perf_counter()
    with warehouse_lock(warehouse):
        pass
    assert time.perf_counter() - started < 1.0
    assert lock_path(warehouse).read_text() == ""  # no stale pid once released
