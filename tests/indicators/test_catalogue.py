"""The shipped catalogue, and how bad indicator files are reported."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from atr.errors import InputFileError
from atr.indicators.catalogue import catalogue_dir, load_catalogue, load_indicator

GOOD = {
    "id": "example",
    "title": "Example",
    "definition": "An example.",
    "outcome": "Reduce something",
    "method": "proportion",
    "multiplier": 100,
    "unit": "%",
    "polarity": "low_is_good",
    "age_band": "0-17",
    "breakdowns": ["sex"],
    "numerator": {"table": "child_year", "where": "cp_plan"},
    "denominator": {"table": "child_year", "where": "age BETWEEN 0 AND 17"},
    "sources": ["csc"],
}


def _write(folder: Path, data: dict[str, object], name: str = "example") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_shipped_catalogue_covers_the_programme() -> None:
    indicators = load_catalogue()
    assert len(indicators) >= 15
    ids = [i.id for i in indicators]
    assert len(set(ids)) == len(ids)
    assert len(list(catalogue_dir().glob("*.yaml"))) == len(ids)
    methods = {i.method for i in indicators}
    assert {"proportion", "rate", "dsr", "mean", "modelled"} <= methods
    text = " ".join(f"{i.id} {i.title} {i.outcome}".lower() for i in indicators)
    for topic in (
        "toxic trio",
        "child protection",
        "children in need",
        "looked-after",
        "first-time entrants",
        "persistent",
        "suspension",
        "permanently excluded",
        "four or more",
        "domestic-abuse",
        "multiple disadvantage",
        "protective",
    ):
        assert topic in text, topic
    for indicator in indicators:
        assert indicator.sources and indicator.definition and indicator.outcome
        assert "region" in indicator.areas


def test_error_names_file_and_field(tmp_path: Path) -> None:
    bad = dict(GOOD, multiplier=-1)
    with pytest.raises(InputFileError) as caught:
        load_indicator(_write(tmp_path, bad))
    assert "example.yaml" in str(caught.value) and "field 'multiplier'" in str(caught.value)


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"numerator": {"table": "child_year", "where": "cp_plan AND"}}, "numerator.where", "not valid SQL"),
        (
            {"numerator": {"table": "child_year", "where": "1; DROP TABLE x"}},
            "numerator.where",
            "without ';'",
        ),
        ({"colour": "red"}, "colour", "unknown field"),
        ({"method": "median"}, "method", "Input should be"),
        ({"breakdowns": ["sex", "sex"]}, "(top level)", "listed twice"),
        ({"areas": ["district"]}, "(top level)", "region"),
        ({"method": "dsr", "standard": None}, "(top level)", "esp2013"),
        ({"method": "mean"}, "(top level)", "numerator.value"),
        (
            {"denominator": {"table": "ref_population", "population": "pop_total"}},
            "(top level)",
            "same table",
        ),
        (
            {"method": "rate", "denominator": {"table": "ref_population", "population": "pop_total"}},
            "(top level)",
            "cannot be broken down by sex",
        ),
        ({"periods": ["2023/25"]}, "periods", "not a financial year"),
        ({"id": "Bad Id"}, "id", "lower case"),
    ],
)
def test_invalid_indicators_are_rejected(
    tmp_path: Path, change: dict[str, object], field: str, message: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        load_indicator(_write(tmp_path, {**GOOD, **change}))
    assert f"field '{field}'" in str(caught.value)
    assert message in str(caught.value)


def test_id_must_match_file_and_catalogue_folder_checks(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="must match the file name"):
        load_indicator(_write(tmp_path, GOOD, name="other"))
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputFileError, match="no indicator files"):
        load_catalogue(empty)
    good = tmp_path / "good"
    good.mkdir()
    _write(good, GOOD)
    assert [i.id for i in load_catalogue(good)] == ["example"]
    with pytest.raises(InputFileError, match="no indicator named nope"):
        load_catalogue(good, only=["nope"])


def test_not_yaml(tmp_path: Path) -> None:
    path = tmp_path / "example.yaml"
    path.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(InputFileError, match="not readable YAML"):
        load_indicator(path)
    path.write_text("- a list", encoding="utf-8")
    with pytest.raises(InputFileError, match="mapping"):
        load_indicator(path)
