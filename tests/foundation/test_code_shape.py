"""The shape rules of the code base: formatted by ruff, no skip-formatting comments, modules of
400 lines or fewer.

A skip-formatting comment lets a module meet the line limit only unformatted (the tables it
hides grow several-fold under ruff), so it is banned outright; large literal tables belong in
data files (``atr/<stage>/data/``). Generated code (Django migrations) is exempt from the line limit: it is
rewritten by its generator, not by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MAX_LINES = 400


def _python_files(*folders: str) -> list[Path]:
    return sorted(
        p for folder in folders for p in (REPO / folder).rglob("*.py") if "node_modules" not in p.parts
    )


def test_no_skip_formatting_comment_anywhere() -> None:
    marker = "fmt: " + "skip"  # spelled apart so this file does not match itself
    found = [
        f"{path.relative_to(REPO)}:{number}"
        for path in _python_files("atr", "tests", "benchmarks")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if marker in line
    ]
    assert found == []


def test_every_module_in_atr_is_at_most_400_lines() -> None:
    long = {
        str(path.relative_to(REPO)): n
        for path in _python_files("atr")
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_the_code_is_formatted_by_ruff() -> None:
    """So the line counts above are counts of formatted code."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "atr", "tests", "benchmarks"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
