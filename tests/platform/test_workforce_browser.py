"""The workforce pages in a real browser (#16): an organisation lead uploads completions (one file
with bad rows), sees coverage, completes and submits a self-assessment and downloads its report;
axe finds no WCAG 2.2 A/AA violation on any workforce page type.

Reuses the platform's served demo (its ``atr web demo`` seeds the synthetic workforce) and the
browser session helpers of ``test_platform_browser.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from platform_served import Served, serve, set_up, submit
from test_platform_browser import CHROMIUM, Session, axe, browser, playwright_api

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium not installed: run scripts/install_system_deps.sh"
    ),
]
__all__ = ["browser", "playwright_api"]  # the browser fixture, shared with the network's tests
ORG = "workforce/organisations/1/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = tmp_path_factory.mktemp("workforce-browser")
    set_up(project)
    with serve(project) as served:
        yield served


def test_a_lead_uploads_sees_coverage_assesses_and_downloads_the_report(
    browser: Any, site: Served, tmp_path: Path
) -> None:
    session = Session(browser, site, accept_downloads=True)
    page = session.page
    session.sign_in("lead@example.org")
    page.get_by_role("link", name="Workforce", exact=True).click()
    page.locator("main a[href$='/workforce/organisations/1/']").click()
    page.get_by_role("link", name="Upload training completions").click()
    upload = tmp_path / "lms-export.csv"
    upload.write_text(
        "Organisation,Staff ref,Role,Team,Course,Completion date\n"
        "ORG1,N0001,Support worker,Outreach,ti-intro,2025-06-01\n"
        "ORG1,N0002,Support worker,Outreach,ti-intro,01/07/2025\n"
        "ORG1,N0003,Team leader,Outreach,ts-practice,2025-08-01\n"
        "ORG1,N0004,Support worker,Outreach,no-such-course,2025-08-01\n"
        "ORG1,N0005,,Outreach,ti-intro,2025-08-01\n",
        encoding="utf-8",
    )
    page.get_by_label("Completions file (CSV or Excel)").set_input_files(str(upload))
    submit(page, "Upload and check")
    main = page.locator("main").inner_text()
    assert "3 completions saved" in main and "2 set aside" in main
    rows = page.locator("table tbody tr")
    assert (
        rows.count() == 2
        and "no-such-course" in rows.nth(0).inner_text()
        and "role" in rows.nth(1).inner_text()
    )
    page.get_by_role("link", name=re.compile("See coverage")).click()
    assert "Trained to their required level" in page.locator("main").inner_text()
    assert page.locator("svg[role='img']").count() == 1

    page.get_by_role("link", name="Self-assessment").click()
    submit(page, "Start or continue this year's self-assessment")
    submit(page, "Submit the self-assessment")  # nothing scored: refused
    assert (
        page.title().startswith("Error:")
        and "score every item" in page.locator(".govuk-error-summary").inner_text()
    )
    for radio in page.locator("input[type='radio'][value='3']").all():
        radio.check()
    page.locator("input[type='radio'][name='score_DAT1'][value='1']").check()
    page.get_by_label(re.compile("^Evidence for SAF1")).fill(
        "Environment walk-through with people who use the service."
    )
    submit(page, "Submit the self-assessment")
    assert "has been submitted" in page.content()
    assert "Data and evaluation" in page.locator("main").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the report (PDF)").click()
    assert Path(info.value.path()).read_bytes().startswith(b"%PDF")
    assert not session.errors, session.errors
    session.close()


def test_every_workforce_page_type_has_no_wcag_violations(browser: Any, site: Served) -> None:
    found: dict[str, list[str]] = {}

    def check(name: str, page: Any) -> None:
        violations = axe(page)
        if violations:
            found[name] = violations

    lead = Session(browser, site, bypass_csp=True)
    lead.sign_in("lead@example.org")
    pages = ["workforce/", "workforce/courses/", ORG, f"{ORG}upload/", f"{ORG}levels/"]
    pages += [f"{ORG}completions/new/", f"{ORG}self-assessment/", f"{ORG}wellbeing/"]
    for path in pages:
        lead.go(path)
        check(path, lead.page)
    lead.go(f"{ORG}self-assessment/")
    submit(lead.page, "Start or continue this year's self-assessment")
    check("round form", lead.page)
    lead.go(f"{ORG}self-assessment/")
    report = lead.page.locator("a[href*='/report/']").first
    report.click()
    check("report", lead.page)
    lead.go(f"{ORG}wellbeing/")
    lead.page.get_by_label("Title").fill("Browser round")
    lead.page.get_by_label("Opens on").fill("2026-01-01")
    lead.page.get_by_label("Closes on").fill("2099-12-31")
    lead.page.get_by_label("How many single-use links").fill("10")
    submit(lead.page, "Make the links")
    check("links", lead.page)
    link = lead.page.locator("main code").first.inner_text()
    lead.close()
    visitor = Session(browser, site, bypass_csp=True)
    visitor.page.goto(link)
    check("survey", visitor.page)
    submit(visitor.page, "Send my answers")
    check("survey errors", visitor.page)
    visitor.close()
    team = Session(browser, site, bypass_csp=True)
    team.sign_in("team@example.org")
    team.go("workforce/system/")
    check("system", team.page)
    team.close()
    assert not found, found
