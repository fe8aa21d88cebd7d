"""docs/api.md's notebook example runs as written, and ``atr.api`` mirrors the commands."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
import typer

from atr import api
from atr.cli import app

DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"

COMMANDS = {  # api function → the command it mirrors
    "reference_load": ("reference", "load"),
    "reference_download": ("reference", "download"),
    "synth": ("synth",),
    "key_new": ("key", "new"),
    "ingest": ("ingest",),
    "link": ("link",),
    "derive": ("derive",),
    "evaluate": ("evaluate",),
    "indicators": ("indicators",),
    "provision": ("provision",),
    "publish": ("publish",),
    "report": ("report",),
    "run": ("run",),
    "demo": ("demo",),
}
RENAMED = {"only": "indicator", "check": None}
"""A command parameter named otherwise by its function (None: it is a function of its own)."""


def notebook_code() -> str:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert len(blocks) == 1, "docs/api.md should hold one notebook example"
    return str(blocks[0])


def command_parameters(path: tuple[str, ...]) -> set[str]:
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return {p.name for p in command.params if p.name}


@pytest.mark.parametrize("function", sorted(COMMANDS))
def test_each_function_takes_its_commands_arguments(function: str) -> None:
    accepted = set(inspect.signature(getattr(api, function)).parameters) - {"context"}
    expected = {RENAMED.get(p, p) for p in command_parameters(COMMANDS[function])} - {None}
    assert accepted == expected


@pytest.mark.slow
def test_the_notebook_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, object] = {}
    exec(compile(notebook_code(), str(DOC), "exec"), namespace)  # our own documentation, as a reader runs it
    work = tmp_path / "build" / "notebook"
    assert (work / "site" / "index.html").is_file()
    linked = namespace["linked"]
    assert linked.report["truth"]["people"]["pairwise_precision"] > 0.9
    assert namespace["kpis"].indicators > 5
