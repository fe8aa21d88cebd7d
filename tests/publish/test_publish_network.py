"""The dashboard's network section: "Becoming a trauma-informed system", only when there are figures."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path

from typer.testing import CliRunner

from atr.publish.dataset import PublishedData
from atr.publish.figures_network import SECTION_TITLE, sector_name


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_the_section_shows_every_network_kpi_with_its_latest_figure(
    site_dir: Path, published_data: PublishedData
) -> None:
    html = (site_dir / "network.html").read_text(encoding="utf-8")
    assert f'<h1 class="govuk-heading-xl">{SECTION_TITLE}</h1>' in html
    ids = {m.indicator_id for m in published_data.network}
    assert ids == {
        "network_members",
        "network_members_lived_experience",
        "network_organisations_pledged",
        "network_event_reach",
        "network_pledges_recent_progress",
        # the workforce capability (#16)
        "workforce_staff_trained",
        "workforce_current_self_assessment",
        *(f"workforce_maturity_{p}" for p in ("safety", "trust", "choice", "collaboration", "empowerment")),
        "workforce_maturity_cultural_consideration",
        "workforce_wellbeing_compassion_satisfaction",
        "workforce_wellbeing_burnout",
        "workforce_wellbeing_secondary_traumatic_stress",
    }
    region = published_data.region.code
    members = published_data.at("network_members", "2024/25", region)
    assert members is not None and members.count is not None
    assert f"2024/25: {round(members.count):,} members across {published_data.region.name}." in html
    share = published_data.at("network_organisations_pledged", "2024/25", region)
    assert share is not None and share.value is not None
    assert f"2024/25: {share.value:.1f}% (95% confidence interval" in html
    for meta in published_data.network:
        assert f'id="{meta.slug}"' in html and meta.title in html


def test_sector_charts_carry_the_published_figures(site_dir: Path, published_data: PublishedData) -> None:
    rows = _csv(site_dir / "data" / "charts" / "network-network_members-sectors.csv")
    region = published_data.region.code
    published = {
        sector_name(v.breakdown_value): v
        for v in published_data.breakdown("network_members", "2024/25", region, "sector")
    }
    by_label = {r["label"]: r for r in rows}
    assert set(published) <= set(by_label)
    for label, v in published.items():
        assert by_label[label]["suppressed"] == ("true" if v.suppressed else "false")
        assert by_label[label]["count"] == ("" if v.count is None else str(v.count))
    assert any(v.suppressed for v in published.values()), "the sample has small sectors to hide"
    districts = _csv(site_dir / "data" / "charts" / "network-network_members-districts.csv")
    assert {r["label"] for r in districts} >= {d.name for d in published_data.districts}
    downloads = (site_dir / "downloads.html").read_text(encoding="utf-8")
    assert "data/charts/network-network_members-sectors.csv" in downloads


def test_network_kpis_stay_out_of_the_population_pages(site_dir: Path, published_data: PublishedData) -> None:
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="network.html"' in index  # the navigation and the pointer to the section
    assert all(not m.is_network for m in published_data.indicators)
    for meta in published_data.network:
        assert not (site_dir / "indicators" / f"{meta.slug}.html").exists()
        assert f">{meta.title}</a>" not in index
    leeds = (site_dir / "places" / "leeds.html").read_text(encoding="utf-8")
    assert "Members of the ATR Network" not in leeds
    assert 'href="../network.html"' in leeds  # every page's navigation


def test_no_network_figures_no_section(tmp_path: Path, warehouse_factory: Callable[..., Path]) -> None:
    from atr.cli import app

    warehouse = warehouse_factory(tmp_path / "atr.duckdb", network=False)
    out = tmp_path / "site"
    result = CliRunner().invoke(app, ["publish", "--warehouse", str(warehouse), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not (out / "network.html").exists()
    assert "network.html" not in (out / "index.html").read_text(encoding="utf-8")
