"""The synthetic directory's planted gaps (atr.synthetic.directory) are what the analysis finds."""

from __future__ import annotations

from pathlib import Path

from atr.provision import ProvisionSettings, run_provision
from atr.reference.sources import ReferenceSource
from atr.synthetic import areas_from_reference, planted_gaps, synthetic_services, write_oruk_pages
from atr.warehouse import Warehouse

# the directory's taxonomy codes with a planted gap → the need kinds that compare them
KIND_OF_CODE = {
    "domestic-abuse": "domestic_abuse",
    "substance-misuse": "substance_misuse",
    "children-mental-health": "children_mental_health",
}


def test_every_planted_gap_is_an_unserved_ward_of_high_need(
    wh: Warehouse, geography_warehouse: Path, tmp_path: Path
) -> None:
    areas = areas_from_reference(ReferenceSource("synthetic", geography_warehouse.parent / "reference"))
    write_oruk_pages(synthetic_services(areas, seed=5), tmp_path / "directory")
    result = run_provision(wh, ProvisionSettings(directory=str(tmp_path / "directory")))
    assert result.rejected == 0 and result.placed == result.read >= 600
    found = {
        (r["ward_code"], r["need_kind"])
        for r in wh.rows("SELECT ward_code, need_kind FROM need_provision_ward WHERE high_need_unserved")
    }
    planted = {(g.ward_code, KIND_OF_CODE[g.kind_code]) for g in planted_gaps(areas)}
    assert len(planted) == 15 and planted <= found
    # and they are gaps on the share measure too: each holds across the interval
    for ward, kind in planted:
        row = wh.rows(
            "SELECT gap, gap_holds, services_located, nearest_km FROM need_provision_ward "
            "WHERE ward_code = ? AND need_kind = ?",
            [ward, kind],
        )[0]
        assert row["gap"] > 0 and row["gap_holds"] and row["services_located"] == 0 and row["nearest_km"] > 0
    # found among few: the flag is not raised for most wards
    assert len(found) < 0.25 * wh.count("need_provision_ward")
