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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from atr.errors import AtrError

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


_HELD: dict[Path, list[int]] = {}  # lock file → [file descriptor, holds] in this process


def acquire(warehouse: Path) -> None:
    """Take the warehouse's lock, or raise :class:`WarehouseBusy` at once.

    Re-entrant within one process (a command that opens the warehouse twice, or ``atr run``
    calling a stage's API): only other processes are kept out. Pair with :func:`release`."""
    path = lock_path(warehouse).resolve()
    if path in _HELD:
        _HELD[path][1] += 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        os.close(fd)
        raise WarehouseBusy(warehouse, holder or None) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
    _HELD[path] = [fd, 1]


def release(warehouse: Path) -> None:
    """Give back one hold of the lock; the last one unlocks it."""
    path = lock_path(warehouse).resolve()
    held = _HELD.get(path)
    if held is None:
        return
    held[1] -= 1
    if held[1] == 0:
        del _HELD[path]
        os.ftruncate(held[0], 0)
        fcntl.flock(held[0], fcntl.LOCK_UN)
        os.close(held[0])


@contextmanager
def warehouse_lock(warehouse: Path) -> Iterator[None]:
    """Hold the warehouse's lock for the block (see :func:`acquire`)."""
    acquire(warehouse)
    try:
        yield
    finally:
        release(warehouse)


def busy_error(warehouse: Path, exc: BaseException) -> WarehouseBusy | None:
    """The engine's "could not set lock" error as :class:`WarehouseBusy`, else None."""
    text = str(exc)
    if "Could not set lock" not in text and "Conflicting lock" not in text:
        return None
    pid = re.search(r"PID (\d+)", text)
    return WarehouseBusy(warehouse, pid.group(1) if pid else None)
