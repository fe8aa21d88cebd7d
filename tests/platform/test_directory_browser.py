"""The directory in a real browser: search by postcode and need without and with JavaScript, a
lead's proposal reviewed by the team, and axe (WCAG 2.2 A/AA) on every directory page.

The site is `atr web demo` (its synthetic directory of 600 services) served by `atr serve`, as in
the network's browser tests, whose Playwright set-up and axe helper this reuses.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from platform_served import PASSWORD, Served, serve, set_up, submit
from test_platform_browser import CHROMIUM, axe, playwright_api
from test_platform_browser import browser as browser  # the module's launched Chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium not installed: run scripts/install_system_deps.sh"
    ),
]
assert playwright_api is not None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = tmp_path_factory.mktemp("directory-browser")
    set_up(project)
    with serve(project) as served:
        yield served


def _api(site: Served, path: str) -> Any:
    with urllib.request.urlopen(site.root + "api/oruk/" + path, timeout=30) as response:
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        return json.load(response)


def _a_youth_service_postcode(site: Served) -> str:
    body = _api(site, "services?full=true&per_page=1&taxonomy_term_id=youth-work")
    return str(body["contents"][0]["service_at_locations"][0]["location"]["addresses"][0]["postal_code"])


def _page(browser: Any, **options: Any) -> Any:
    context = browser.new_context(bypass_csp=True, **options)  # axe is injected as a script tag
    return context.new_page()


def _search(page: Any, site: Served, postcode: str) -> None:
    page.goto(site.root + "services/")
    page.get_by_label("What kind of support").select_option(label="Youth work")
    page.get_by_label("Postcode (optional)").fill(postcode.lower())
    page.get_by_label("Distance from the postcode").select_option(label="Within 5 km")
    submit(page, "Search")


@pytest.mark.parametrize("javascript", [False, True], ids=["without-javascript", "with-javascript"])
def test_search_by_postcode_and_need(browser: Any, site: Served, javascript: bool) -> None:
    postcode = _a_youth_service_postcode(site)
    page = _page(browser, java_script_enabled=javascript)
    _search(page, site, postcode)
    assert "need=youth-work" in page.url and "within=5" in page.url
    results = page.locator("ol.govuk-list > li.atr-result")
    assert results.count() >= 1
    for i in range(results.count()):
        assert "Youth work" in results.nth(i).inner_text()
        assert "km away" in results.nth(i).inner_text()
    assert page.locator("svg.atr-map circle").count() == results.count()
    expected = _api(
        site, f"services?taxonomy_term_id=youth-work&postcode={postcode.replace(' ', '+')}&proximity=5000"
    )
    assert page.get_by_role("heading", level=2).first.inner_text().startswith(str(expected["total_items"]))
    _axe_passes(browser, page.url, javascript)
    results.first.locator("a").click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert "Last checked" in page.content()
    _axe_passes(browser, page.url, javascript)
    page.context.close()


def _axe_passes(browser: Any, url: str, javascript: bool) -> None:
    """axe runs as a script, so a page seen without JavaScript is checked again in a scripted tab."""
    page = _page(browser)
    page.goto(url)
    assert axe(page) == [], url
    page.context.close()


def test_a_wrong_postcode_is_explained_accessibly(browser: Any, site: Served) -> None:
    page = _page(browser)
    page.goto(site.root + "services/?postcode=ZZ&age=old")
    assert page.get_by_role("alert").inner_text().count("Enter") == 2
    assert axe(page) == []
    page.context.close()


def _sign_in(page: Any, site: Served, email: str) -> None:
    page.goto(site.root + "sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    submit(page, "Sign in")
    assert "/sign-in/" not in page.url


def test_a_lead_proposes_the_team_publishes_and_every_page_passes_axe(browser: Any, site: Served) -> None:
    lead = _page(browser)
    _sign_in(lead, site, "lead@example.org")
    for path in ("directory/manage/", "directory/propose/"):
        lead.goto(site.root + path)
        assert axe(lead) == [], path
    submit(lead, "Send for review")  # empty: every error explained
    assert lead.get_by_role("alert").is_visible() and axe(lead) == []
    lead.get_by_label("Organisation").select_option(index=1)  # the one organisation they lead
    lead.get_by_label("Name of the service").fill("Browser test youth club")
    lead.get_by_label("What it offers").fill("Tuesday evening youth club.")
    lead.get_by_label("Youth work").check()
    lead.get_by_label("Postcode (optional)").fill("HX1 1AA")
    submit(lead, "Send for review")
    assert "/directory/manage/" in lead.url, lead.get_by_role("alert").inner_text()
    assert "Browser test youth club" in lead.content()
    team = _page(browser)
    _sign_in(team, site, "team@example.org")
    for path in ("directory/review/", "directory/stale/"):
        team.goto(site.root + path)
        assert axe(team) == [], path
    team.goto(site.root + "directory/review/")
    team.get_by_role("link", name="Browser test youth club").click()
    assert axe(team) == []
    team.get_by_label("Publish it").check()
    submit(team, "Save the decision")
    found = _api(site, "services?search=Browser+test+youth+club")
    assert found["total_items"] == 1
    lead.context.close()
    team.context.close()
