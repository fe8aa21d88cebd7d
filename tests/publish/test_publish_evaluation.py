"""The evaluation pages: one per programme, aggregates only, small numbers withheld (issue 18)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from atr.publish import WarehouseSource, load_published, write_site
from atr.warehouse import open_warehouse


@pytest.fixture(scope="module")
def evaluation_site(warehouse_factory: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("evaluation-site")
    path = warehouse_factory(folder / "atr.duckdb")
    with open_warehouse(path) as wh:
        wh.execute(
            "CREATE TABLE evaluation_programme AS SELECT * FROM (VALUES "
            "('NAVIG', 'ATR Navigators', 'Youth workers at a crisis point.', '10 to 17', 'individual', "
            "'suspension, persistent_absence', 150, FALSE),"
            "('TISCH', 'Trauma-informed schools', 'Whole-school training.', '5 to 16', 'school', 'suspension', "
            "NULL, TRUE)) AS t(programme_code, name, description, ages, unit, outcomes, people_supported, suppressed)"
        )
        wh.execute(
            "CREATE TABLE evaluation_profile AS SELECT * FROM (VALUES "
            "('NAVIG', 'care_experienced', 'Care-experienced children and young people', 15, FALSE),"
            "('NAVIG', 'youth_justice', 'Young people in the youth justice system', NULL, TRUE)"
            ") AS t(programme_code, cohort, title, people, suppressed)"
        )
        wh.execute(
            "CREATE TABLE evaluation_effect AS SELECT * FROM (VALUES "
            "('NAVIG', 'suspension', 12, 'matched_did', -0.034, -0.061, -0.007, 143, 131, 1.9, 1.2),"
            "('NAVIG', 'suspension', 12, 'naive', 0.052, 0.011, 0.093, 150, 1846, 2.1, 1.3),"
            "('NAVIG', 'persistent_absence', 24, 'matched_did', -0.1, -0.3, 0.1, 6, 40, 1.5, 1.0),"
            "('NAVIG', 'persistent_absence', 24, 'naive', 0.2, 0.1, 0.3, 6, 1400, 2.0, 1.4)"
            ") AS t(programme_code, outcome, window_months, method, estimate, lower_95, upper_95, "
            "n_participants, n_comparison, e_value, e_value_ci)"
        )
        wh.execute(
            "CREATE TABLE evaluation_balance AS SELECT * FROM (VALUES "
            "('NAVIG', 'prior_adversity_count', 0.62, 0.04), ('NAVIG', 'suspension__pre12', 0.41, -0.08)"
            ") AS t(programme_code, covariate, smd_before, smd_after)"
        )
        data = load_published(WarehouseSource(wh, path))
    out = folder / "site"
    write_site(data, out)
    return out


def text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#39;", "'")


def test_a_page_per_programme_linked_from_the_list_and_the_navigation(evaluation_site: Path) -> None:
    assert (evaluation_site / "evaluation" / "navig.html").is_file()
    assert (evaluation_site / "evaluation" / "tisch.html").is_file()
    listing = text(evaluation_site / "evaluation.html")
    assert "ATR Navigators" in listing and "150" in listing and "[c]" in listing  # TISCH withheld
    assert 'href="evaluation.html"' in (evaluation_site / "index.html").read_text(encoding="utf-8")
    for page in (evaluation_site / "evaluation").glob("*.html"):
        for href in re.findall(r'href="([^"#:]+\.html)"', page.read_text(encoding="utf-8")):
            assert (page.parent / href).resolve().is_file(), (page.name, href)


def test_effects_show_matched_beside_naive_with_intervals(evaluation_site: Path) -> None:
    page = text(evaluation_site / "evaluation" / "navig.html")
    assert "−3.4 (−6.1 to −0.7)" in page and "Fewer than without the programme." in page
    assert "+5.2 (+1.1 to +9.3)" in page  # the naive comparison, beside it
    assert "145 and 130" in page  # people behind the estimate, rounded to 5


def test_an_estimate_resting_on_few_people_is_withheld(evaluation_site: Path) -> None:
    page = text(evaluation_site / "evaluation" / "navig.html")
    assert "−10.0" not in page and "not published (too few people)" in page


def test_balance_and_caveats_in_plain_words(evaluation_site: Path) -> None:
    page = text(evaluation_site / "evaluation" / "navig.html")
    assert "largest standardised difference" in page and "0.08, within the usual target of 0.1" in page
    assert "Matching cannot remove differences the records do not show" in page
    assert "Care-experienced children and young people 15" in page


def test_the_needs_assessment_has_an_evaluation_chapter(evaluation_site: Path) -> None:
    reports = sorted((evaluation_site / "reports").glob("*.html"))
    assert reports
    report = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", reports[0].read_text(encoding="utf-8")))
    assert "Programme evaluation" in report
    assert "ATR Navigators (individual young people): 150 young people supported" in report
    assert "−3.4 (−6.1 to −0.7)" in report and "−10.0" not in report
