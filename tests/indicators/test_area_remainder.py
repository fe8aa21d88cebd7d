"""West Yorkshire is the sum of its districts plus an explicit "area not known" remainder.

One rule for every indicator in the catalogue: a region's count and denominator are never
larger than its districts' unless the difference is published as the remainder row, so a district
is never compared with a region figure it is not part of.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from atr.indicators.catalogue import load_catalogue
from atr.indicators.comparison import NOT_COMPARED
from atr.indicators.engine import compute_indicator, run_indicators
from atr.reference.layout import AREA_NOT_KNOWN_CODE, REGION_CODE
from atr.warehouse import Warehouse, open_warehouse

from .synthetic_derived import PERIODS, load_synthetic_reference, write_derived

REPS = 1000
UNPLACED = "substr(entity_id, length(entity_id), 1) IN ('3', 'b')"
"""About one person in eight has no known area (far more than real data, to exercise the rule)."""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("remainder")
    path = folder / "atr.duckdb"
    with open_warehouse(path) as wh:
        load_synthetic_reference(wh, folder / "reference")
        write_derived(wh, children=3000, adults=600)
        for table in ("child_year", "adult_year"):
            wh.execute(
                f"UPDATE {table} SET lad19_code = NULL, ward19_code = NULL, msoa11_code = NULL, "
                f"lsoa11_code = NULL, imd_decile = NULL, imd_quintile = NULL WHERE {UNPLACED}"
            )
        # Network members whose district the platform does not know (the network's own tables).
        wh.execute("UPDATE network_member_year SET lad19_code = NULL WHERE sector IN ('other', 'police')")
        run_indicators(wh, folder / "published", sii_repetitions=REPS)
        published = wh.query("SELECT * FROM indicator_value").to_pandas()
    return {"path": path, "published": published}


def _known(wh: Warehouse) -> set[tuple[str, str]]:
    rows = wh.rows("SELECT area_type, area_code FROM ref_area")
    return {(r["area_type"], r["area_code"]) for r in rows} | {("region", REGION_CODE)}


@pytest.mark.parametrize("indicator", load_catalogue(), ids=lambda i: i.id)
def test_region_is_the_sum_of_its_districts_and_the_remainder(built: dict[str, Any], indicator: Any) -> None:
    with open_warehouse(built["path"]) as wh:
        frame = compute_indicator(wh, indicator, PERIODS, _known(wh), REPS)
    frame = frame[frame["breakdown"] != "inequality"]
    keys = ["period", "breakdown", "breakdown_value"]
    region = frame[frame["area_type"] == "region"].set_index(keys).sort_index()
    districts = frame[frame["area_type"] == "district"]
    assert len(region) > 0
    if "district" not in indicator.areas:  # West Yorkshire only (e.g. organisations serving several)
        assert districts.empty
        return
    for column in ("count", "denominator"):
        summed = districts.groupby(keys)[column].sum(min_count=1).reindex(region.index)
        expected = region[column].astype(float)
        if indicator.method == "modelled":  # estimates, each rounded to a whole person: ±0.5 a district
            np.testing.assert_allclose(summed.to_numpy(float), expected.to_numpy(), rtol=0, atol=2.5)
        else:
            pd.testing.assert_series_equal(summed.astype(float), expected, check_names=False)
    if indicator.method != "modelled":
        remainder = districts[districts["area_code"] == AREA_NOT_KNOWN_CODE]
        assert not remainder.empty, "the unplaced people must show as the remainder"


def test_the_remainder_is_published_under_disclosure_control_and_never_compared(
    built: dict[str, Any],
) -> None:
    published = built["published"]
    remainder = published[published["area_code"] == AREA_NOT_KNOWN_CODE]
    assert set(remainder["area_type"]) == {"district"}
    assert set(remainder["indicator_id"]) >= {"looked_after_rate", "children_in_need_rate"}
    assert (remainder["denominator"].fillna(0) > 0).any()
    assert (remainder["comparison"] == NOT_COMPARED).all()
    shown = remainder[~remainder["suppressed"]]
    assert (shown["count"] % 5 == 0).all() and ((shown["count"] == 0) | (shown["count"] >= 10)).all()
    assert "inequality" not in set(remainder["breakdown"])
