"""The project context: the project file, the warehouse and the key, each loaded once per command."""

from __future__ import annotations

from pathlib import Path

import pytest

import atr.context as context_module
from atr.context import ProjectContext
from atr.pseudonymise import PseudonymisationKey, write_new_key


def write_project(folder: Path, text: str) -> Path:
    path = folder / "atr.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_options_override_the_project_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = write_project(tmp_path, 'warehouse = "w/atr.duckdb"\nkey_file = "project.key"\n')
    monkeypatch.setenv("ATR_WAREHOUSE", str(tmp_path / "env.duckdb"))
    from_file = ProjectContext.load(project)
    assert from_file.warehouse_path == tmp_path / "w" / "atr.duckdb"  # the file beats $ATR_WAREHOUSE
    assert from_file.config.key_file == tmp_path / "project.key"
    chosen = ProjectContext.load(project, warehouse=tmp_path / "x.duckdb", key_file=tmp_path / "k")
    assert (chosen.warehouse_path, chosen.config.key_file) == (tmp_path / "x.duckdb", tmp_path / "k")
    assert ProjectContext.load().warehouse_path == tmp_path / "env.duckdb"  # no project: the variable
    monkeypatch.delenv("ATR_WAREHOUSE")
    assert ProjectContext.load().warehouse_path == Path.cwd() / "build" / "atr.duckdb"


def test_the_key_is_loaded_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_new_key(tmp_path / "k")
    calls: list[Path | None] = []
    real = context_module.load_key

    def counting(key_file: Path | None = None, *, allow_throwaway: bool = False) -> PseudonymisationKey:
        calls.append(key_file)
        return real(key_file, allow_throwaway=allow_throwaway)

    monkeypatch.setattr(context_module, "load_key", counting)
    ctx = ProjectContext.load(key_file=tmp_path / "k")
    assert ctx.key() is ctx.key()
    assert calls == [tmp_path / "k"]


def test_the_warehouse_is_opened_once_and_closed_at_the_end(tmp_path: Path) -> None:
    with ProjectContext.load(warehouse=tmp_path / "atr.duckdb") as ctx:
        wh = ctx.warehouse()
        assert ctx.warehouse() is wh
        wh.execute("CREATE TABLE t AS SELECT 1 AS x")
    with ProjectContext.load(warehouse=tmp_path / "atr.duckdb") as ctx:
        assert ctx.warehouse(read_only=True).scalar("SELECT x FROM t") == 1
        with pytest.raises(RuntimeError, match="read-only"):
            ctx.warehouse()
