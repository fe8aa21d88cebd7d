"""Stage commands open the warehouse on the engine the project file names."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from atr.cli_options import open_project_warehouse, require_existing_warehouse
from atr.errors import UsageError


def test_without_a_project_the_engine_is_duckdb(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="warehouse not found"):
        require_existing_warehouse(tmp_path / "atr.duckdb")
    with open_project_warehouse(tmp_path / "atr.duckdb", None) as wh:
        assert wh.engine_name == "duckdb"
    assert require_existing_warehouse(tmp_path / "atr.duckdb").is_file()


@pytest.mark.spark
def test_a_spark_project_opens_a_spark_warehouse_folder(tmp_path: Path, spark_session: Any) -> None:
    project = tmp_path / "atr.toml"
    project.write_text('engine = "spark"\n', encoding="utf-8")
    folder = tmp_path / "build" / "warehouse.spark"
    with open_project_warehouse(folder, project) as wh:
        assert wh.engine_name == "spark"
        wh.execute("CREATE TABLE t AS SELECT 1 AS x")
    assert require_existing_warehouse(folder) == folder  # a folder counts as an existing warehouse
    with open_project_warehouse(folder, project, read_only=True) as wh:
        assert wh.scalar("SELECT x FROM t") == 1
