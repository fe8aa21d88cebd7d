"""Atomic writes leave the old output in place when the writer fails."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from atr.atomic import atomic_directory, atomic_path, clean_stale, write_text_atomic


def test_failed_write_keeps_the_previous_file(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    write_text_atomic(target, "old\n")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("killed")
    assert target.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_directory_swap_and_failure(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with atomic_directory(site) as staging:
        (staging / "index.html").write_text("v1")
    with pytest.raises(RuntimeError), atomic_directory(site) as staging:
        (staging / "index.html").write_text("v2-partial")
        raise RuntimeError("killed")
    assert (site / "index.html").read_text() == "v1"
    with atomic_directory(site) as staging:
        (staging / "index.html").write_text("v2")
    assert (site / "index.html").read_text() == "v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


KILLED_BUILD = """
import os, sys, time
from pathlib import Path
from atr.atomic import atomic_directory
with atomic_directory(Path(sys.argv[1])) as staging:
    (staging / "index.html").write_text("half")
    print(staging, flush=True)
    time.sleep(60)
"""


def test_a_build_killed_midway_is_cleaned_by_the_next(tmp_path: Path) -> None:
    import signal
    import subprocess
    import sys

    site = tmp_path / "site"
    with atomic_directory(site) as staging:
        (staging / "index.html").write_text("v1")
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_BUILD, str(site)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None
    left = Path(process.stdout.readline().strip())
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert left.is_dir() and left.name.startswith(f".site.{process.pid}.")  # what a kill leaves
    unowned = tmp_path / ".site.oldstyle.building"  # from before owners were recorded
    unowned.mkdir()
    os.utime(unowned, (0, 0))
    own = tmp_path / f".site.{os.getpid()}.x.building"  # a live process's build is left alone
    own.mkdir()
    with atomic_directory(site) as staging:
        (staging / "index.html").write_text("v2")
    assert (site / "index.html").read_text() == "v2"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", own.name])


def test_a_kill_between_the_renames_gets_the_previous_site_back(tmp_path: Path) -> None:
    site = tmp_path / "site"
    with atomic_directory(site) as staging:
        (staging / "index.html").write_text("v1")
    os.replace(site, tmp_path / ".site.old")  # the first rename happened, the second did not
    assert clean_stale(site) == []
    assert (site / "index.html").read_text() == "v1" and not (tmp_path / ".site.old").exists()
