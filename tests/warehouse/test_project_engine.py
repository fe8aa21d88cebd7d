"""Stage commands open the warehouse on the engine the project file names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from atr.context import ProjectContext
from atr.errors import UsageError


def test_without_a_project_the_engine_is_duckdb(tmp_path: Path) -> None:
    with ProjectContext.load(warehouse=tmp_path / "atr.duckdb") as ctx:
        with pytest.raises(UsageError, match="warehouse not found"):
            ctx.require_existing_warehouse()
        assert ctx.warehouse().engine_name == "duckdb"
        assert ctx.require_existing_warehouse().is_file()


@pytest.mark.spark
def test_a_spark_project_opens_a_spark_warehouse_folder(tmp_path: Path, spark_session: Any) -> None:
    project = tmp_path / "atr.toml"
    project.write_text('engine = "spark"\n', encoding="utf-8")
    folder = tmp_path / "build" / "warehouse.spark"
    with ProjectContext.load(project) as ctx:
        assert ctx.warehouse_path == folder
        wh = ctx.warehouse()
        assert wh.engine_name == "spark"
        wh.execute("CREATE TABLE t AS SELECT 1 AS x")
        assert ctx.require_existing_warehouse() == folder  # a folder counts as an existing warehouse
    with ProjectContext.load(project) as ctx:
        assert ctx.warehouse(read_only=True).scalar("SELECT x FROM t") == 1
