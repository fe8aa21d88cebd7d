"""From a network extract to KPIs: ingest → the network year tables → indicators, made safe."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from atr.derive.network import MEMBER_YEAR, ORGANISATION_YEAR, PLEDGE_YEAR, build_network_years, year_tables
from atr.indicators.catalogue import load_catalogue
from atr.indicators.disclosure import round_to_base
from atr.indicators.engine import run_indicators
from atr.ingest.runner import run_ingest
from atr.pseudonymise import PseudonymisationKey
from atr.publish.dataset import load_published
from atr.publish.site import write_site
from atr.publish.sources import WarehouseSource
from atr.reference.layout import REGION_CODE
from atr.synthetic.network import as_ingested, generate_network, write_synthetic_network
from atr.warehouse import open_warehouse
from tests.indicators.synthetic_derived import load_synthetic_reference
from tests.network.conftest import EXTRACT_DATE, small_export

PERIODS = ["2023/24", "2024/25", "2025/26"]


def _tables(rows: Any, extract_date: date = EXTRACT_DATE) -> dict[str, list[dict[str, Any]]]:
    built = year_tables(as_ingested(rows), {"WYATR": extract_date}, PERIODS)
    return {name: table.to_pylist() for name, table in built.items()}


def test_members_come_from_the_years_last_snapshot_one_row_per_counted_member() -> None:
    rows = small_export()
    rows.member_counts.append(
        replace_snapshot(rows.member_counts[0], "M3", date(2025, 5, 31), members=99, lived=50)
    )  # an earlier snapshot in the same year: not the year's figure
    members = _tables(rows)[MEMBER_YEAR]
    assert {m["financial_year"] for m in members} == {"2025/26"}  # no snapshot in the earlier years
    assert len(members) == 40 + 12
    assert sum(m["lived_experience"] for m in members) == 9 + 2
    assert {m["snapshot_date"] for m in members} == {date(2025, 6, 30)}
    assert sorted({(m["sector"], m["lad19_code"]) for m in members}) == [
        ("education", "E08000032"),
        ("police", "E08000035"),
    ]


def replace_snapshot(row: Any, record_id: str, when: date, *, members: int, lived: int) -> Any:
    from dataclasses import replace

    return replace(row, record_id=record_id, snapshot_date=when, members=members, lived_experience=lived)


def test_organisations_count_once_a_year_with_their_pledge_or_charter_by_then() -> None:
    orgs = _tables(small_export(), date(2025, 7, 1))[ORGANISATION_YEAR]
    by_year: dict[str, dict[str, bool]] = {}
    for o in orgs:
        by_year.setdefault(o["financial_year"], {})[o["organisation_id"]] = o["pledged"]
    # O0 joined Jan 2024 and signed the charter (P1, an organisation's) in May 2024; O1's pledges are
    # staff members' own, so O1 has not pledged as an organisation; O2 joined March 2024.
    assert by_year["2023/24"] == {"O0": False, "O1": False, "O2": False}
    assert by_year["2024/25"] == {"O0": True, "O1": False, "O2": False}
    assert set(by_year["2025/26"]) == {"O0", "O1", "O2"}
    assert next(o for o in orgs if o["organisation_id"] == "O0")["lad19_code"] is None  # two districts


def test_recent_progress_is_known_only_in_the_year_the_extract_closes() -> None:
    pledges = _tables(small_export(), date(2025, 7, 1))[PLEDGE_YEAR]
    assert {p["financial_year"] for p in pledges} == {"2024/25", "2025/26"}  # none made before May 2024
    latest = {p["pledge_id"]: p["recent_progress"] for p in pledges if p["financial_year"] == "2025/26"}
    assert latest == {"P1": False, "P2": True, "P3": False, "P4": False}
    assert all(p["recent_progress"] is None for p in pledges if p["financial_year"] == "2024/25")
    earlier = _tables(small_export(), date(2025, 3, 31))[PLEDGE_YEAR]
    assert {p["financial_year"] for p in earlier} == {"2024/25"}  # 2025/26 had not begun
    assert {p["pledge_id"]: p["recent_progress"] for p in earlier}["P2"] is True
    assert next(p for p in pledges if p["pledge_id"] == "P3")["sector"] is None  # no organisation


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The synthetic network written, ingested, derived and counted, on the synthetic geography."""
    folder = tmp_path_factory.mktemp("network-kpis")
    write_synthetic_network(folder / "extract", seed=3)
    key = PseudonymisationKey(b"network-kpi-test-key-0123456789abcdef0123", "file")
    catalogue = [i for i in load_catalogue() if "network" in i.sources]
    with open_warehouse(folder / "atr.duckdb") as wh:
        load_synthetic_reference(wh, folder / "reference")
        report = run_ingest(wh, folder / "extract", key)
        built = build_network_years(wh, PERIODS[:2])
        run_indicators(wh, folder / "published", catalogue=catalogue, sii_repetitions=10)
        values = wh.query("SELECT * FROM indicator_value").to_pandas()
        site = write_site(load_published(WarehouseSource(wh, folder / "atr.duckdb")), folder / "site")
    return {"report": report, "built": built, "values": values, "catalogue": catalogue, "site": site}


def test_the_extract_is_ingested_whole_and_every_kpi_has_figures(pipeline: dict[str, Any]) -> None:
    tables = [t for t in pipeline["report"].tables if t.dataset == "network"]
    assert len(tables) == 8 and all(t.status == "accepted" and t.rows_quarantined == 0 for t in tables)
    assert all(t.rows_read == t.rows_accepted for t in tables)
    assert all(n > 0 for n in pipeline["built"].values())
    values = pipeline["values"]
    assert {i.id for i in pipeline["catalogue"]} == set(values["indicator_id"])


def test_region_figures_match_the_export_after_rounding(pipeline: dict[str, Any]) -> None:
    export = generate_network(3)
    last = max(m.snapshot_date for m in export.member_counts if m.snapshot_date <= date(2025, 3, 31))
    members = sum(m.members for m in export.member_counts if m.snapshot_date == last)
    attendees = sum(r.attendees for r in export.event_reach)
    orgs = sum(o.joined_date <= date(2025, 3, 31) for o in export.organisations)
    year_end = date(2025, 3, 31)
    pledged = {
        p.organisation_id
        for p in export.pledges
        if p.pledger_kind == "organisation" and p.made_date <= year_end
    }
    values = pipeline["values"]

    def region(indicator: str) -> Any:
        row = values[
            (values["indicator_id"] == indicator)
            & (values["period"] == "2024/25")
            & (values["area_code"] == REGION_CODE)
            & (values["breakdown"] == "all")
        ]
        assert len(row) == 1
        return row.iloc[0]

    assert region("network_members")["value"] == round_to_base([members], 5)[0]
    assert region("network_event_reach")["value"] == round_to_base([attendees], 5)[0]
    share = region("network_organisations_pledged")
    assert share["denominator"] == round_to_base([orgs], 5)[0]
    assert share["count"] == round_to_base([len(pledged)], 5)[0]
    assert share["lower_95"] < share["value"] < share["upper_95"]  # a Wilson interval


def test_small_network_cells_are_protected(pipeline: dict[str, Any]) -> None:
    values = pipeline["values"]
    shown = values[~values["suppressed"]]
    assert not ((shown["count"] >= 1) & (shown["count"] < 8)).any()
    assert not ((shown["denominator"] >= 1) & (shown["denominator"] < 8)).any()
    hidden = values[values["suppressed"]]
    assert hidden[["count", "denominator", "value", "lower_95", "upper_95"]].isna().all().all()
    lived = values[(values["indicator_id"] == "network_members_lived_experience") & ~values["suppressed"]]
    assert (lived["count"] >= 8).all() | (lived["count"] == 0).all()


def test_the_dashboard_publishes_the_section(pipeline: dict[str, Any]) -> None:
    site = pipeline["site"].out
    html = (site / "network.html").read_text(encoding="utf-8")
    values = pipeline["values"]
    members = values[
        (values["indicator_id"] == "network_members")
        & (values["period"] == "2024/25")
        & (values["area_code"] == REGION_CODE)
        & (values["breakdown"] == "all")
    ].iloc[0]
    assert f"2024/25: {int(members['count']):,} members across West Yorkshire." in html
    assert (site / "data" / "charts" / "network-network_event_reach-sectors.csv").is_file()
    assert 'href="network.html"' in (site / "index.html").read_text(encoding="utf-8")
