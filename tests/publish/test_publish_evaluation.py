"""The evaluation pages: one per programme, aggregates only, small numbers withheld (issue 18).

The site is the publish tests' own (``site_dir``), whose sample tables carry two programmes
(``publish_sample_evaluation.py``)."""

from __future__ import annotations

import re
from pathlib import Path


def text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def test_a_page_per_programme_linked_from_the_list_and_the_navigation(site_dir: Path) -> None:
    assert (site_dir / "evaluation" / "navig.html").is_file()
    assert (site_dir / "evaluation" / "tisch.html").is_file()
    listing = text(site_dir / "evaluation.html")
    assert "ATR Navigators" in listing and "150" in listing and "[c]" in listing  # TISCH withheld
    assert 'href="evaluation.html"' in (site_dir / "index.html").read_text(encoding="utf-8")
    for page in (site_dir / "evaluation").glob("*.html"):
        for href in re.findall(r'href="([^"#:]+\.html)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), (page.name, href)


def test_effects_show_matched_beside_naive_with_intervals(site_dir: Path) -> None:
    page = text(site_dir / "evaluation" / "navig.html")
    assert "−3.4 (−6.1 to −0.7)" in page and "Fewer than without the programme." in page
    assert "+5.2 (+1.1 to +9.3)" in page  # the naive comparison, beside it
    assert "145 and 130" in page  # people behind the estimate, rounded to 5


def test_an_estimate_resting_on_few_people_is_withheld(site_dir: Path) -> None:
    page = text(site_dir / "evaluation" / "navig.html")
    assert "−10.0" not in page and "not published (too few people)" in page


def test_balance_and_caveats_in_plain_words(site_dir: Path) -> None:
    page = text(site_dir / "evaluation" / "navig.html")
    assert "largest standardised difference" in page and "0.08, within the usual target of 0.1" in page
    assert "Matching cannot remove differences the records do not show" in page
    assert "Care-experienced children and young people 15" in page


def test_the_whole_school_programme_shows_its_comparison_with_similar_schools(site_dir: Path) -> None:
    page = text(site_dir / "evaluation" / "tisch.html")
    assert "Whole-school comparison (interrupted time series)" in page
    assert "three similar schools in the same local authority" in page  # the method in plain words
    assert "absence: share of possible sessions missed (percentage points) −0.84 (−1.31 to −0.37)" in page
    assert "Fell more than in the similar schools." in page
    assert "Cannot tell apart from the similar schools." in page  # suspensions: the interval holds 0
    assert "12 and 30" in page  # programme and comparison schools
    assert "Whole-school comparison" not in text(site_dir / "evaluation" / "navig.html")


def test_the_needs_assessment_has_an_evaluation_chapter(site_dir: Path) -> None:
    reports = sorted((site_dir / "reports").glob("*.html"))
    assert reports
    report = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reports[0].read_text(encoding="utf-8")))
    assert "Programme evaluation" in report
    assert "ATR Navigators (individual young people): 150 young people supported" in report
    assert "−3.4 (−6.1 to −0.7)" in report and "−10.0" not in report


def test_the_balance_plot_is_on_the_page_beside_its_table(site_dir: Path) -> None:
    """A static SVG (no JavaScript needed) with the verdict read out, the 0.1 threshold named in
    words, the plotted values as a table and a CSV; measures named in words, not identifiers."""
    html = (site_dir / "evaluation" / "navig.html").read_text(encoding="utf-8")
    figure = html[html.index('id="chart-evaluation-navig-balance"') :]
    figure = figure[: figure.index("</figure>")]
    assert 'role="img"' in figure and "0.1 threshold" in figure  # drawn on the chart itself
    label = re.search(r'aria-label="([^"]+)"', figure)
    assert label and "the largest is 0.08 (Suspension, year before)" in label.group(1)
    page = text(site_dir / "evaluation" / "navig.html")
    assert "The dashed line marks the threshold of 0.1" in page
    assert "Every one of the 2 measures compared is within the 0.1 threshold after matching." in page
    assert "Earlier adversity" in page and "prior_adversity_count" not in page
    assert page.index("Balance before and after matching: ATR Navigators") < page.index(
        "Standardised differences, before and after matching"
    )
    csv = (site_dir / "data" / "charts" / "evaluation-navig-balance.csv").read_text(encoding="utf-8")
    assert csv.splitlines() == [
        "measure,smd_before,smd_after,within",
        "Earlier adversity,0.62,0.04,Yes",
        '"Suspension, year before",0.41,0.08,Yes',
    ]
    assert 'id="chart-evaluation-tisch-balance"' not in (site_dir / "evaluation" / "tisch.html").read_text(
        encoding="utf-8"
    )  # nothing compared: no plot, and the page says so
    assert "no balance to show" in text(site_dir / "evaluation" / "tisch.html")
