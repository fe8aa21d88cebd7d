"""One writing run per warehouse: a lock file beside it, held for the whole run.

Why: two `atr ingest` or `atr run` processes writing one warehouse used to meet inside the
engine, and the second died with the engine's raw lock error and the exit status of a rejected
file. Now the first takes ``<warehouse>.lock`` (an advisory ``flock``, released by the operating
system even if the process is killed) and writes its process id into it; the second stops at
once with "the warehouse is in use by another run (pid …)" and exit status 3. The engine's own
lock error (another kind of command holding a DuckDB file) is turned into the same message.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from atr.errors import AtrError
from atr.warehouse.base import Warehouse

BUSY_EXIT_CODE = 3


class WarehouseBusy(AtrError):
    """Another run is writing the warehouse (exit status 3)."""

    exit_code = BUSY_EXIT_CODE

    def __init__(self, warehouse: Path, pid: str | None) -> None:
        super().__init__(
            f"{warehouse}: the warehouse is in use by another run (pid {pid or 'unknown'})",
            hint="wait for that run to finish, or use another warehouse",
        )
        self.pid = pid


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(warehouse.name + ".lock")


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's lock for the block, or raise :class:`WarehouseBusy` at once."""
    path = lock_path(warehouse)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            raise WarehouseBusy(warehouse, holder or None) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def busy_error(warehouse: Path, exc: BaseException) -> WarehouseBusy | None:
    """The engine's "could not set lock" error as :class:`WarehouseBusy`, else None."""
    text = str(exc)
    if "Could not set lock" not in text and "Conflicting lock" not in text:
        return None
    pid = re.search(r"PID (\d+)", text)
    return WarehouseBusy(warehouse, pid.group(1) if pid else None)


@contextmanager
def exclusive_warehouse(path: Path, opener: Callable[[], Warehouse]) -> Iterator[Warehouse]:
    """Take the warehouse's lock, then open it with ``opener``; both released after the block."""
    with warehouse_lock(path):
        try:
            wh = opener()
        except Exception as exc:  # the engine's own error type
            busy = busy_error(path, exc)
            if busy is None:
                raise
            raise busy from exc
        with wh:
            yield wh
