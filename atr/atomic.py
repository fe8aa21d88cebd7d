"""Atomic writes: a reader sees the old file or the new one, never half of either.

Every output file and folder the project publishes goes through here, so a killed run leaves
the previous outputs intact.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; move it over ``target`` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if tmp.exists():  # mkstemp makes the file private; give it the usual permissions
            tmp.chmod(0o666 & ~_umask())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_text_atomic(target: Path, text: str) -> None:
    """Write a text file atomically (UTF-8)."""
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes_atomic(target: Path, data: bytes) -> None:
    """Write a binary file atomically."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


STALE_UNOWNED_SECONDS = 3600  # a building folder whose owner is not recorded: stale after an hour


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale(target: Path) -> list[Path]:
    """Remove what killed runs left beside ``target``; return the folders removed.

    A building folder's name carries the process id that made it (``.site.<pid>.<random>.building``):
    it is stale once that process is gone (folders from before ids were recorded: after an hour).
    A run killed between the swap's two renames leaves no ``target`` but ``.target.old``: that
    previous build is put back.
    """
    removed = []
    pattern = re.compile(rf"\.{re.escape(target.name)}\.(?:(\d+)\.)?[^/]*\.building")
    for path in target.parent.glob(f".{target.name}.*.building"):
        match = pattern.fullmatch(path.name)
        if match is None or not path.is_dir():
            continue
        owner = match.group(1)
        stale = (
            not _alive(int(owner)) if owner else time.time() - path.stat().st_mtime > STALE_UNOWNED_SECONDS
        )
        if stale:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path)
    retired = target.with_name(f".{target.name}.old")
    if retired.is_dir():
        if target.exists():
            shutil.rmtree(retired)
        else:
            os.replace(retired, target)
    return removed


@contextmanager
def atomic_directory(target: Path) -> Iterator[Path]:
    """Yield a fresh folder beside ``target``; swap it in for ``target`` only on success.

    The swap is two renames (old aside, new in), so the window in which ``target`` is missing
    is a few microseconds and never leaves a half-written folder in its place. Leftovers of
    killed runs are cleaned first (:func:`clean_stale`).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    clean_stale(target)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".building", dir=target.parent)
    )
    try:
        yield staging
        if target.exists():
            retired = target.with_name(f".{target.name}.old")
            if retired.exists():
                shutil.rmtree(retired)
            os.replace(target, retired)
            os.replace(staging, target)
            shutil.rmtree(retired)
        else:
            os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
