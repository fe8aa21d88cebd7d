"""One place for terminal output: the shared Rich console and progress bars.

Stages report progress through :func:`progress` so the end-to-end run can show one display,
and so tests can run silently (``ATR_QUIET=1`` or a non-terminal stderr).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)

console = Console(stderr=False, highlight=False)
err_console = Console(stderr=True, highlight=False)


def quiet() -> bool:
    """True when progress display should be suppressed (tests, CI logs)."""
    return os.environ.get("ATR_QUIET", "") not in ("", "0")


_active: Progress | None = None


@contextmanager
def progress(transient: bool = True) -> Iterator[Progress]:
    """A Rich progress display with the columns used across the project.

    Rich allows one live display at a time, so when a display is already open (the end-to-end
    run shows one across all stages) a stage's bars join it and are removed when it finishes.
    """
    global _active
    if _active is not None:
        outer = _active
        before = set(outer.task_ids)
        try:
            yield outer
        finally:
            for task_id in set(outer.task_ids) - before:
                outer.remove_task(task_id)
        return
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=transient,
        disable=quiet(),
    ) as bar:
        _active = bar
        try:
            yield bar
        finally:
            _active = None
