"""The built site, read as files: pages, links, assets, downloads, offline-ness, page weight.

The browser tests (test_publish_browser.py) check the same site in Chromium; these checks need
no browser, so they run everywhere and fail fast.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag

import pytest
from typer.testing import CliRunner

from atr.cli import app
from atr.publish.dataset import PublishedData
from atr.publish.site import SITE_MARKER, write_site

REPO = Path(__file__).resolve().parents[2]


class Links(HTMLParser):
    """Every URL a page refers to (links, scripts, styles, images) and every element id."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src", "action", "poster", "data"):
            value = found.get(name)
            if value and not (tag == "object" and name != "data"):
                self.urls.append(value)


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_page_is_built(site_dir: Path, published_data: PublishedData) -> None:
    names = {p.relative_to(site_dir).as_posix() for p in pages(site_dir)}
    expected = {"index.html", "places.html", "data-quality.html", "downloads.html", "accessibility.html"}
    expected |= {f"indicators/{m.slug}.html" for m in published_data.indicators}
    expected |= {f"places/{d.slug}.html" for d in published_data.districts}
    assert published_data.network, "the sample tables carry the network KPIs"
    expected.add("network.html")  # the network section, only when network KPIs have figures
    expected |= {"evaluation.html", *(f"evaluation/{p.slug}.html" for p in published_data.evaluation)}
    if published_data.provision is not None:  # need against provision (atr provision, issue 17)
        expected.add("need-and-provision.html")
    places = [published_data.region, *published_data.districts]
    expected |= {f"reports/{a.slug}-needs-assessment.html" for a in places}
    assert names == expected
    assert (site_dir / SITE_MARKER).is_file()


def test_every_internal_link_resolves_and_nothing_points_off_the_machine(site_dir: Path) -> None:
    checked = 0
    for page in pages(site_dir):
        links = parse(page)
        for url in links.urls:
            assert not re.match(r"^(https?:)?//", url), f"{page}: external URL {url}"
            if url.startswith(("mailto:", "data:")):
                continue
            target, fragment = urldefrag(url)
            path = (page.parent / target).resolve() if target else page
            assert path.is_file(), f"{page.relative_to(site_dir)} links to missing {url}"
            if fragment and path.suffix == ".html":
                assert fragment in parse(path).ids, f"{page}: no #{fragment} in {target or page.name}"
            checked += 1
    assert checked > 200


def test_no_asset_refers_to_another_machine(site_dir: Path) -> None:
    css = (site_dir / "assets" / "css" / "atr-site.css").read_text(encoding="utf-8")
    assert "@font-face" not in css  # Arial, not GDS Transport: no font downloads
    for url in re.findall(r"url\(([^)]*)\)", css):
        assert not re.match(r"^[\"']?(https?:)?//", url), url
    for script in (site_dir / "assets").rglob("*.js"):
        text = script.read_text(encoding="utf-8")
        # Bundles mention URLs in comments and docs; what matters is no import from a CDN.
        assert not re.search(r"import\s*\(?\s*[\"']https?://", text), script


def test_every_chart_has_a_text_alternative_a_table_and_downloads(site_dir: Path) -> None:
    figures = 0
    for page in pages(site_dir):
        html = page.read_text(encoding="utf-8")
        for figure in re.findall(r'<figure class="atr-chart".*?</figure>', html, flags=re.S):
            figures += 1
            assert re.search(r'<svg role="img" aria-label="[^"]{40,}"', figure), page
            assert "<table" in figure and "Show the data in this chart" in figure
            csv_link = re.search(r'href="([^"]+\.csv)"', figure)
            svg_link = re.search(r'href="([^"]+\.svg)"', figure)
            assert csv_link and svg_link
            assert (page.parent / csv_link.group(1)).is_file() and (page.parent / svg_link.group(1)).is_file()
    assert figures >= 30


def test_chart_downloads_match_the_published_figures(site_dir: Path, published_data: PublishedData) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO((site_dir / "data" / "charts" / "cla_rate-districts.csv").read_text(encoding="utf-8"))
        )
    )
    for row in rows:
        if row["label"] == "England":
            continue
        area = published_data.place(row["label"])
        v = published_data.at("cla_rate", "2024/25", area.code)
        assert v is not None and float(row["value"]) == pytest.approx(v.value)
        assert float(row["lower"]) == pytest.approx(v.lower_95) and float(row["upper"]) == pytest.approx(
            v.upper_95
        )
    whole = list(
        csv.DictReader(io.StringIO((site_dir / "data" / "indicator_value.csv").read_text(encoding="utf-8")))
    )
    assert len(whole) == len(published_data.values)
    meta = list(
        csv.DictReader(io.StringIO((site_dir / "data" / "indicator_meta.csv").read_text(encoding="utf-8")))
    )
    assert [m["indicator_id"] for m in meta] == [
        m.indicator_id for m in (*published_data.indicators, *published_data.network)
    ]


def test_pages_say_what_the_numbers_say(site_dir: Path, published_data: PublishedData) -> None:
    index = (site_dir / "index.html").read_text(encoding="utf-8")
    assert "Outcomes improved for 6,000 young people by 2030" in index and "<progress" in index
    for outcome in {m.outcome for m in published_data.indicators}:
        assert f">{outcome}</h2>" in index
    leeds = (site_dir / "places" / "leeds.html").read_text(encoding="utf-8")
    assert (
        "significantly higher than West Yorkshire" in leeds
        or "significantly lower than West Yorkshire" in leeds
    )
    quality = (site_dir / "data-quality.html").read_text(encoding="utf-8")
    for heading in (
        "Completeness of the data received",
        "Quality of the record linkage",
        "What the observable ACE count can and cannot say",
        "Suppression and rounding",
    ):
        assert heading in quality
    assert "Counts from 1 to 7 are suppressed" in quality


def test_synthetic_banner_shows_only_for_synthetic_data(
    site_dir: Path, published_data: PublishedData, tmp_path: Path
) -> None:
    for page in pages(site_dir):
        assert 'data-atr-synthetic="true"' in page.read_text(encoding="utf-8"), page
    real = PublishedData(
        **{**published_data.__dict__, "extracts_are_synthetic": False, "reference_is_synthetic": False}
    )
    real.indicators = real.indicators[:1]
    write_site(real, tmp_path / "real")
    assert 'data-atr-synthetic="true"' not in (tmp_path / "real" / "index.html").read_text(encoding="utf-8")


def test_overview_weighs_under_one_megabyte(site_dir: Path) -> None:
    index = site_dir / "index.html"
    total = index.stat().st_size
    for url in parse(index).urls:
        target = (site_dir / urldefrag(url)[0]).resolve()
        if url.endswith((".css", ".js")) and target.is_file():
            total += target.stat().st_size
    assert total < 1_000_000, total
    assert "vega.min.js" not in index.read_text(encoding="utf-8")  # the overview needs no chart library


def test_vendored_assets_match_the_pinned_npm_packages() -> None:
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    pins = {**package["dependencies"], **package["devDependencies"]}
    vendored = json.loads(
        (REPO / "atr" / "publish" / "static" / "vendor" / "VERSIONS.json").read_text(encoding="utf-8")
    )["versions"]
    assert vendored == {name: pins[name] for name in vendored}
    assert pins["vega-lite"] == "6.4.3"  # the last vega-lite that supports Node 20
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    for name, version in pins.items():
        assert lock["packages"][f"node_modules/{name}"]["version"] == version


def test_publish_refuses_to_replace_a_folder_it_did_not_build(
    published_warehouse: Path, tmp_path: Path
) -> None:
    precious = tmp_path / "documents"
    precious.mkdir()
    (precious / "thesis.docx").write_text("keep me", encoding="utf-8")
    result = CliRunner().invoke(app, ["publish", "-w", str(published_warehouse), "--out", str(precious)])
    assert result.exit_code != 0 and "not a site built by `atr publish`" in str(
        result.exception or result.output
    )
    assert (precious / "thesis.docx").read_text(encoding="utf-8") == "keep me"
