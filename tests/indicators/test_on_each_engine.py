"""One indicator computed on each engine: the cells are counted by the engine's SQL, so the
counts, denominators and the breakdowns that must add up are checked on DuckDB and on Spark."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
import pyarrow as pa
import pytest

from atr.indicators.catalogue import load_catalogue
from atr.indicators.engine import compute_indicator
from atr.reference.layout import REGION_CODE
from atr.warehouse import Warehouse

from .synthetic_derived import PERIODS, child_year_frame, load_synthetic_reference

pytestmark = pytest.mark.engines
REPS = 1000  # the fewest the simulated limits accept


@pytest.fixture(scope="module")
def derived(
    engine: str, open_test_warehouse: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Warehouse]:
    folder = tmp_path_factory.mktemp("indicators")
    wh: Warehouse = open_test_warehouse(engine, folder)
    load_synthetic_reference(wh, folder / "reference")
    wh.write_arrow("child_year", pa.Table.from_pandas(child_year_frame(wh, 2000), preserve_index=False))
    yield wh
    wh.close()


@pytest.fixture(scope="module")
def frame(derived: Warehouse) -> pd.DataFrame:
    indicator = next(i for i in load_catalogue() if i.id == "toxic_trio_recorded_any2")
    known = {
        (r["area_type"], r["area_code"]) for r in derived.rows("SELECT area_type, area_code FROM ref_area")
    }
    result: pd.DataFrame = compute_indicator(
        derived, indicator, PERIODS, known | {("region", REGION_CODE)}, REPS
    )
    return result


def test_district_counts_match_an_independent_count(derived: Warehouse, frame: pd.DataFrame) -> None:
    direct = pd.DataFrame(
        derived.rows(
            "SELECT financial_year AS period, lad19_code AS area_code, count(*) FILTER (WHERE toxic_trio_any2) AS x, "
            "count(*) AS n FROM child_year WHERE age BETWEEN 0 AND 17 AND lad19_code IS NOT NULL GROUP BY ALL"
        )
    )
    districts = frame[(frame["area_type"] == "district") & (frame["breakdown"] == "all")]
    merged = districts.merge(direct, on=["period", "area_code"], validate="one_to_one")
    assert len(merged) == 5 * len(PERIODS)
    assert (merged["count"] == merged["x"]).all() and (merged["denominator"] == merged["n"]).all()


def test_breakdowns_add_up_to_the_whole(frame: pd.DataFrame) -> None:
    counts = frame[frame["breakdown"] != "inequality"]
    totals = counts[counts["breakdown"] == "all"].set_index(["period", "area_code"])["count"]
    for breakdown in ("sex", "age_band", "imd_decile"):
        sums = counts[counts["breakdown"] == breakdown].groupby(["period", "area_code"])["count"].sum()
        assert len(sums) > 0
        pd.testing.assert_series_equal(sums, totals.loc[sums.index], check_names=False, check_dtype=False)
