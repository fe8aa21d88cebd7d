"""The project file: validated, helpful errors, paths resolved against the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from atr.errors import ConfigError
from atr.project import EXAMPLE_PROJECT, load_project


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "atr.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_project_loads_with_paths_relative_to_the_file(tmp_path: Path) -> None:
    config = load_project(write(tmp_path, EXAMPLE_PROJECT))
    assert config.engine == "duckdb"
    assert config.warehouse == (tmp_path / "build" / "atr.duckdb").resolve()
    assert config.extracts == [(tmp_path / "data" / "extract").resolve()]
    assert config.periods[0] == "2019/20" and config.periods[-1] == "2024/25"
    assert config.link.match_threshold == 0.9
    assert config.disclosure.suppress_below == 8


def test_unknown_key_is_named_with_the_known_keys(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_project(write(tmp_path, 'warehose = "x.duckdb"\n'))
    message = str(err.value)
    assert "unknown key 'warehose'" in message
    assert "warehouse" in message
    assert str(tmp_path / "atr.toml") in message


def test_wrong_type_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"'link\.match_threshold'"):
        load_project(write(tmp_path, "[link]\nmatch_threshold = 'high'\n"))


def test_engine_must_be_known(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="'engine'"):
        load_project(write(tmp_path, 'engine = "oracle"\n'))


def test_spark_projects_default_to_a_warehouse_folder_and_the_environment_master(tmp_path: Path) -> None:
    config = load_project(write(tmp_path, 'engine = "spark"\n'))
    assert config.warehouse == (tmp_path / "build" / "warehouse.spark").resolve()
    assert config.spark_master is None  # so $ATR_SPARK_MASTER, then local[2], decide
    chosen = load_project(write(tmp_path, 'engine = "spark"\nwarehouse = "w"\nspark_master = "yarn"\n'))
    assert chosen.warehouse == (tmp_path / "w").resolve() and chosen.spark_master == "yarn"
    assert load_project(write(tmp_path, "")).warehouse == (tmp_path / "build" / "atr.duckdb").resolve()


def test_periods_must_be_financial_years(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="2023/25"):
        load_project(write(tmp_path, 'periods = ["2023/25"]\n'))


def test_missing_and_malformed_files(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_project(tmp_path / "nope.toml")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_project(write(tmp_path, "engine = \n"))


def test_per_stage_paths_are_relative_to_the_project_file(tmp_path: Path) -> None:
    config = load_project(
        write(
            tmp_path,
            'catalogue = "kpis"\n[derive]\npublished_estimates_dir = "estimates"\n[ingest]\ndatasets = ["csc"]\n',
        )
    )
    assert config.catalogue == (tmp_path / "kpis").resolve()
    assert config.derive.published_estimates_dir == (tmp_path / "estimates").resolve()
    assert config.ingest.datasets == ["csc"]
    with pytest.raises(ConfigError, match=r"ingest\.datasets"):
        load_project(write(tmp_path, "[ingest]\ndatasets = 'csc'\n"))
