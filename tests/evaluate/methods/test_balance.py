"""Standardised mean differences, checked by hand, and the balance plot."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from atr.evaluate.methods import (
    BALANCE_COLUMNS,
    balance_plot_spec,
    balance_table,
    standardised_mean_difference,
    worst_imbalance,
)


def _small() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "participant": [True, True, True, False, False, False, False],
            "age": [14.0, 15.0, 16.0, 12.0, 13.0, 16.0, 11.0],
            "district": ["Leeds", "Leeds", "Bradford", "Leeds", "Bradford", "Bradford", "Bradford"],
        }
    )


def test_smd_is_the_mean_difference_over_the_pooled_sd() -> None:
    frame = _small()
    treated = frame["participant"]
    pooled = math.sqrt((pd.Series([14, 15, 16]).var() + pd.Series([12, 13, 16, 11]).var()) / 2)
    assert standardised_mean_difference(frame["age"], treated) == pytest.approx((15 - 13) / pooled)


def test_after_matching_uses_the_weights_and_the_before_denominator() -> None:
    frame = _small()
    weights = pd.Series([1, 1, 1, 0, 2, 1, 0], dtype="float64")
    table = balance_table(frame, weights, programme_code="NAV", numeric=["age"], categorical=["district"])
    assert tuple(table.columns) == BALANCE_COLUMNS
    assert list(table["covariate"]) == ["age", "district=Bradford", "district=Leeds"]
    age = table.set_index("covariate").loc["age"]
    pooled = math.sqrt((pd.Series([14, 15, 16]).var() + pd.Series([12, 13, 16, 11]).var()) / 2)
    assert age["smd_after"] == pytest.approx((15 - (2 * 13 + 16) / 3) / pooled)
    assert worst_imbalance(table, "smd_before") == pytest.approx(table["smd_before"].abs().max())


def test_a_constant_covariate_is_balanced() -> None:
    frame = _small().assign(age=10.0)
    assert standardised_mean_difference(frame["age"], frame["participant"]) == 0.0


def test_the_balance_plot_reads_out_its_values() -> None:
    table = pd.DataFrame(
        {
            "programme_code": "NAV",
            "covariate": ["age", "imd_decile"],
            "smd_before": [0.2, -0.45],
            "smd_after": [0.03, -0.08],
        }
    )
    spec = balance_plot_spec(table)
    assert spec["layer"][1]["encoding"]["y"]["sort"] == ["imd_decile", "age"]  # worst first
    assert {v["when"] for v in spec["data"]["values"]} == {"Before matching", "After matching"}
    assert min(v["smd"] for v in spec["data"]["values"]) >= 0
    assert "0.08" in spec["description"] and "within" in spec["description"]
    assert spec["layer"][0]["data"]["values"] == [{"threshold": 0.1}]
    assert all(layer["mark"]["aria"] is False for layer in spec["layer"])


def test_a_covariate_that_is_not_a_number_is_named_with_its_row() -> None:
    frame = _small().assign(age=["14", "15", "x", "12", "13", "16", "11"])
    with pytest.raises(ValueError, match=r"column 'age' must be numeric: row 2 holds 'x'"):
        balance_table(frame, pd.Series(1.0, index=frame.index), programme_code="NAV", numeric=["age"])
