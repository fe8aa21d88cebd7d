"""The whole step on the synthetic geography: a planted gap is found, the allocation adds up."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from atr.errors import ConfigError, InputFileError
from atr.indicators import DisclosureSettings
from atr.provision import AllocationSettings, ProvisionSettings, run_provision
from atr.provision.geography import load_geography
from atr.provision.kinds import load_need_kinds
from atr.provision.need import disclose
from atr.warehouse import Warehouse

from .conftest import service

DISTRICT = "E08000033"  # Calderdale: the smallest district, so the test is quick


def _feed(wh: Warehouse, folder: Path, pages: Callable[..., Path]) -> tuple[Path, str]:
    """Early help in every ward of the district but its neediest; one district-wide service."""
    need = {
        r["ward19_code"]: r["need"]
        for r in wh.rows(
            """SELECT a.ward19_code, sum(p.pop_aged_0_15 * l.imd_score) AS need
               FROM ref_population p JOIN ref_lsoa l USING (lsoa11_code) JOIN ref_area_lookup a USING (lsoa11_code)
               WHERE a.lad19_code = ? GROUP BY 1""",
            [DISTRICT],
        )
    }
    planted = max(need, key=lambda w: need[w])
    geo = load_geography(wh)
    items: list[Any] = [service("district-wide", "early-help", areas=(DISTRICT,), capacity=40)]
    for ward in sorted(need):
        if ward == planted:
            continue
        lsoa = min(code for code, w in geo.lsoa_ward.items() if w == ward)
        lon, lat = geo.lsoa_centre(lsoa)
        assert lon is not None and lat is not None
        items.append(service(f"eh-{ward}", "early-help", lat_lon=(lat, lon), ages=(0, 19), capacity=10))
    return pages(folder, items, per_page=10), planted


def test_a_planted_gap_is_found_and_the_allocation_adds_up(
    wh: Warehouse, tmp_path: Path, pages: Callable[..., Path]
) -> None:
    folder, planted = _feed(wh, tmp_path / "feed", pages)
    allocation = AllocationSettings(total=500, unit="places", universal_share=0.3, level="ward")
    result = run_provision(wh, ProvisionSettings(directory=str(folder), allocation=allocation))
    assert result.rejected == 0 and result.read == result.placed
    rows = wh.rows(
        "SELECT * FROM need_provision_ward WHERE need_kind = 'family_support' AND lad19_code = ? ORDER BY gap_rank",
        [DISTRICT],
    )
    top = rows[0]
    assert top["ward_code"] == planted and top["gap_rank"] == 1 and top["gap"] > 0 and top["gap_holds"]
    assert top["services_located"] == 0 and top["services_reaching"] == 1  # only the district-wide one
    assert top["nearest_km"] > 0
    assert top["need_basis"] == "population and deprivation"  # no published estimates here
    others = [r for r in rows if r["ward_code"] != planted]
    assert all(r["services_located"] == 1 and r["services_reaching"] == 2 for r in others)
    geo = load_geography(wh)
    points = [
        p
        for p in wh.rows(
            "SELECT longitude, latitude FROM provision_service_place WHERE place_type = 'location'"
        )
    ]
    for r in rows:  # the nearest of the services' locations, from the ward's centre
        lon, lat = geo.ward_centres[r["ward_code"]]
        scale = 111.32 * math.cos(math.radians(lat))
        expected = min(
            math.hypot((p["longitude"] - lon) * scale, (p["latitude"] - lat) * 110.57) for p in points
        )
        assert r["nearest_km"] == pytest.approx(expected, abs=0.01)
    assert sum(r["provision"] for r in rows) == pytest.approx(len(rows))  # one unit per service
    assert sum(r["capacity"] for r in rows) == pytest.approx(40 + 10 * len(others), abs=0.001)
    shares = wh.rows("SELECT sum(allocation) AS total, count(*) AS areas FROM provision_allocation")[0]
    assert shares["total"] == pytest.approx(500) and shares["areas"] == len(load_geography(wh).ward_district)
    scenarios = {r["scenario"] for r in wh.rows("SELECT DISTINCT scenario FROM provision_sensitivity")}
    assert {"declared", "universal_only", "need_only", "kind:domestic_abuse"} <= scenarios
    assert wh.scalar("SELECT max(abs(change)) FROM provision_sensitivity WHERE scenario = 'declared'") == 0


def test_without_a_directory_the_tables_are_written_empty(wh: Warehouse) -> None:
    result = run_provision(wh, ProvisionSettings())
    assert result.skipped and wh.count("need_provision_ward") == 0 and wh.count("provision_allocation") == 0


def test_an_unknown_need_kind_for_the_allocation_is_a_clear_error(
    wh: Warehouse, tmp_path: Path, pages: Callable[..., Path]
) -> None:
    folder = pages(tmp_path / "feed", [service("a", "early-help", areas=("Leeds",))])
    settings = ProvisionSettings(directory=str(folder), allocation=AllocationSettings(need_kind="nothing"))
    with pytest.raises(ConfigError, match="need_kind 'nothing'"):
        run_provision(wh, settings)


def test_recorded_need_is_disclosure_controlled() -> None:
    rule = DisclosureSettings()
    assert [disclose(n, rule) for n in (0, 1, 7, 8, 12, 13)] == [0, None, None, 10, 10, 15]


def test_a_need_kinds_file_names_the_kind_and_field_it_cannot_use(tmp_path: Path) -> None:
    bad = tmp_path / "kinds.yaml"
    bad.write_text("kinds:\n  da:\n    terms: [x]\n    recorded: person.name\n", encoding="utf-8")
    with pytest.raises(InputFileError, match="kind 'da'") as caught:
        load_need_kinds(bad)
    assert "field 'recorded'" in str(caught.value)
