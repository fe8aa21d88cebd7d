"""Atomic writes leave the old output in place when the writer fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.atomic import atomic_directory, atomic_path, write_text_atomic


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
