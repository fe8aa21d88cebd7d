"""The `atr` command: every command documents an example; user errors are one line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from atr.cli import app

runner = CliRunner()


def all_commands() -> list[list[str]]:
    root = typer.main.get_command(app)
    found: list[list[str]] = []

    def walk(command: object, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in subcommands.items():
                walk(sub, [*path, name])
        else:
            found.append(path)

    walk(root, [])
    return found


def test_help_lists_the_stages() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in ("reference", "demo", "run", "init"):
        assert name in result.output


@pytest.mark.parametrize("command", all_commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example: atr" in " ".join(result.output.split())


def run_atr(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "atr", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_user_error_is_one_line_without_traceback(tmp_path: Path) -> None:
    result = run_atr("run", "missing.toml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("error:")
    assert "Traceback" not in result.stderr
    assert "missing.toml" in result.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    result = run_atr("--debug", "run", "missing.toml", cwd=tmp_path)
    assert result.returncode != 0
    assert "Traceback" in result.stderr


def test_init_writes_a_project_that_loads(tmp_path: Path) -> None:
    assert run_atr("init", "atr.toml", cwd=tmp_path).returncode == 0
    again = run_atr("init", "atr.toml", cwd=tmp_path)
    assert again.returncode == 2 and "already exists" in again.stderr
