"""With derive's modelled estimates and year tables: intervals carried through, recorded need controlled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyarrow as pa
import pytest

from atr.provision import ProvisionSettings, run_provision
from atr.provision.geography import load_geography
from atr.warehouse import Warehouse

from .conftest import service

DISTRICT = "E08000033"


def _derived(wh: Warehouse) -> dict[str, float]:
    """Ward rows of modelled_toxic_trio for family support's measure, and a child_year."""
    geo = load_geography(wh)
    wards = sorted(geo.ward_district)
    estimate = {w: 50.0 + 10 * (i % 7) for i, w in enumerate(wards)}
    rows = [
        {
            "area_code": w,
            "area_type": "ward",
            "lad19_code": geo.ward_district[w],
            "measure": "two_or_more_narrow",
            "estimate": e,
            "lower": 0.8 * e,
            "upper": 1.3 * e,
        }
        for w, e in estimate.items()
    ]
    wh.write_arrow("modelled_toxic_trio", pa.Table.from_pylist(rows))
    first = wards[0]  # 12 children recorded there in the latest year, 3 in the next ward, none elsewhere
    children = (
        [(first, "2024/25", True)] * 12 + [(wards[1], "2024/25", True)] * 3 + [(first, "2023/24", True)] * 40
    )
    wh.write_arrow(
        "child_year",
        pa.Table.from_pylist(
            [{"ward19_code": w, "financial_year": y, "toxic_trio_any2": f} for w, y, f in children]
            + [{"ward19_code": wards[2], "financial_year": "2024/25", "toxic_trio_any2": False}]
        ),
    )
    return estimate


def test_modelled_need_keeps_its_interval_through_gap_and_allocation(
    wh: Warehouse, tmp_path: Path, pages: Callable[..., Path]
) -> None:
    estimate = _derived(wh)
    folder = pages(tmp_path / "feed", [service("wide", "early-help", areas=(DISTRICT,))])
    run_provision(wh, ProvisionSettings(directory=str(folder)))
    rows = {
        r["ward_code"]: r
        for r in wh.rows("SELECT * FROM need_provision_ward WHERE need_kind = 'family_support'")
    }
    wards = sorted(rows)
    assert {r["need_basis"] for r in rows.values()} == {"modelled"}
    first = rows[wards[0]]
    assert first["modelled_need"] == estimate[wards[0]] and first["need_upper_95"] == 1.3 * estimate[wards[0]]
    assert first["gap_lower"] < first["gap"] < first["gap_upper"]
    # recorded in the latest year only, disclosure-controlled: 12 → 10, 3 → withheld, 0 stays 0
    assert first["recorded_need"] == 10 and first["recorded_period"] == "2024/25"
    assert rows[wards[1]]["recorded_need"] is None and rows[wards[1]]["recorded_suppressed"]
    assert rows[wards[2]]["recorded_need"] == 0
    calderdale = [r for r in rows.values() if r["lad19_code"] == DISTRICT]
    assert sum(r["provision_share"] for r in calderdale) == pytest.approx(
        1, abs=1e-4
    )  # the one district-wide service
    allocation = wh.rows("SELECT * FROM provision_allocation ORDER BY area_code")
    assert all(a["need_basis"] == "modelled" for a in allocation)
    assert all(a["allocation_low"] < a["allocation"] < a["allocation_high"] for a in allocation)
    scenarios = {r["scenario"] for r in wh.rows("SELECT DISTINCT scenario FROM provision_sensitivity")}
    assert {"need_lower", "need_upper"} <= scenarios
