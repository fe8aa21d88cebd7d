"""The platform in a real browser: the journeys of issue 15, without and with JavaScript, and axe.

`atr serve` runs in a subprocess on a demo network (see served.py); Debian's Chromium is driven by
Playwright as in the dashboard's tests, and axe-core (the dashboard tests' copy and helper)
checks one page of every type for WCAG 2.2 A/AA violations.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from platform_served import PASSWORD, Served, serve, set_up, submit

_PUBLISH_BROWSER = Path(__file__).resolve().parents[1] / "publish" / "test_publish_browser.py"
_spec = importlib.util.spec_from_file_location("atr_publish_browser_helpers", _PUBLISH_BROWSER)
assert _spec is not None and _spec.loader is not None
_helpers = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _helpers
_spec.loader.exec_module(_helpers)
CHROMIUM: Path = _helpers.CHROMIUM
axe = _helpers._axe

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium not installed: run scripts/install_system_deps.sh"
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    project = tmp_path_factory.mktemp("platform-browser")
    set_up(project)
    with serve(project) as served:
        yield served


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=_helpers.ARGS)
        yield launched
        launched.close()


class Session:
    """One browser context; records script errors, CSP violations and failed page resources.

    A page answering 400 (a form with errors) or 403 is expected; a stylesheet, script or image
    that fails to load is not.
    """

    def __init__(self, browser: Any, site: Served, **options: Any) -> None:
        self.context = browser.new_context(**options)
        self.page = self.context.new_page()
        self.root = site.root
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", self._console)
        self.page.on("response", self._response)

    def _console(self, message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(message.text)

    def _response(self, response: Any) -> None:
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} {response.url}")

    def go(self, path: str) -> Any:
        return self.page.goto(self.root + path.lstrip("/"))

    def sign_in(self, email: str) -> None:
        self.go("sign-in/")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        submit(self.page, "Sign in")
        assert "/sign-in/" not in self.page.url, self.page.content()

    def close(self) -> None:
        self.context.close()


def test_join_the_network_and_get_listed_without_javascript(browser: Any, site: Served) -> None:
    visitor = Session(browser, site, java_script_enabled=False)
    page = visitor.page
    visitor.go("join/")
    submit(page, "Join")  # empty form: one message per field, nothing saved
    assert page.title().startswith("Error:")
    assert page.locator(".govuk-error-summary a").count() >= 4
    page.get_by_label("Email address").fill("jo.join@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_label("Your name").fill("Jo Joiner")
    page.get_by_label("Role (optional)").fill("Youth worker")
    page.get_by_label("Leeds").check()
    page.get_by_label("Youth voice").check()
    page.get_by_label("List me in the public directory").check()
    page.get_by_label("Through the programme team").check()
    submit(page, "Join")
    assert page.url.endswith("/me/") and "Welcome to the ATR Network" in page.content()
    visitor.close()
    anonymous = Session(browser, site)
    anonymous.go("find/?q=Joiner&district=E08000035&interest=youth")
    assert anonymous.page.get_by_role("link", name="Jo Joiner").count() == 1
    assert not anonymous.errors, anonymous.errors
    anonymous.close()


def test_make_a_pledge_and_post_progress(browser: Any, site: Served) -> None:
    session = Session(browser, site)
    page = session.page
    session.sign_in("lead@example.org")
    session.go("me/pledges/new/")
    page.get_by_label("Category").select_option("wellbeing")
    page.get_by_role("textbox", name="Commitment").fill("Offer <b>reflective</b> supervision to every team")
    page.get_by_label("Date of the pledge").fill("2026-02-01")
    submit(page, "Make the pledge")
    assert "Your pledge has been made" in page.content()
    assert (
        "Offer <b>reflective</b> supervision" in page.locator("main").inner_text()
    )  # escaped, shown as text
    page.get_by_role("link", name="Post progress").click()
    page.get_by_label("What has happened").fill("Two teams now have monthly supervision.")
    submit(page, "Post the update")
    assert "Two teams now have monthly supervision." in page.content()
    session.go("pledges/")
    assert page.get_by_text("Offer <b>reflective</b> supervision").count() >= 1
    assert not session.errors, session.errors
    session.close()


def test_an_organisation_lead_edits_the_organisation(browser: Any, site: Served) -> None:
    session = Session(browser, site)
    page = session.page
    session.sign_in("lead@example.org")
    session.go("me/")
    page.get_by_role("link", name="change its profile").first.click()
    page.get_by_label("ODS code (optional)").fill("not an ods code")
    submit(page, "Save")
    assert "Enter an ODS code" in page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("ODS code (optional)").fill("")
    page.get_by_label("Description (optional)").fill("Now running trauma-informed drop-ins on Fridays.")
    submit(page, "Save")
    assert "has been saved" in page.content()
    assert "trauma-informed drop-ins on Fridays" in page.content()
    assert not session.errors, session.errors
    session.close()


def test_the_programme_team_exports(browser: Any, site: Served) -> None:
    session = Session(browser, site, accept_downloads=True)
    page = session.page
    session.sign_in("team@example.org")
    page.get_by_role("link", name="Programme team").click()
    assert page.get_by_role("table").count() == 1
    page.get_by_role("link", name="Exports").click()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download pledges (CSV)").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert text.startswith("id,pledge_type,category") and text.count("\n") > 30
    assert not session.errors, session.errors
    session.close()


def test_an_anonymous_visitor_cannot_reach_member_or_admin_pages(browser: Any, site: Served) -> None:
    session = Session(browser, site)
    for path in (
        "me/",
        "me/profile/",
        "me/export/",
        "team/",
        "team/exports/",
        "audit/",
        "organisations/1/edit/",
    ):
        session.go(path)
        assert "/sign-in/" in session.page.url, path
        assert session.page.get_by_role("heading", name="Sign in").count() == 1
    session.go("admin/")
    assert "/admin/login/" in session.page.url
    session.close()


PAGES = {
    None: [
        "",
        "find/?q=trauma",
        "organisations/1/",
        "pledges/",
        "pledges/1/",
        "events/",
        "events/1/",
        "groups/",
        "groups/1/",
        "join/",
        "sign-in/",
        "accessibility/",
        "privacy/",
        "no-such-page/",
    ],
    "lead@example.org": [
        "me/",
        "me/profile/",
        "me/pledges/new/",
        "organisations/1/edit/",
        "events/2/feedback/",
        "me/organisations/",
    ],
    "team@example.org": ["team/", "team/exports/", "team/organisations/new/", "team/events/1/attendance/"],
    "auditor@example.org": ["audit/"],
}


def test_every_page_type_has_no_wcag_violations(browser: Any, site: Served) -> None:
    found: dict[str, list[str]] = {}
    for account, paths in PAGES.items():
        session = Session(browser, site, bypass_csp=True)  # axe is injected as a script tag
        if account:
            session.sign_in(account)
        for path in paths:
            session.go(path)
            violations = axe(session.page)
            if violations:
                found[path] = violations
        session.close()
    assert not found, found


def test_the_listed_member_profile_and_an_error_page_are_accessible(browser: Any, site: Served) -> None:
    session = Session(browser, site, bypass_csp=True)
    session.go("find/")
    link = session.page.locator("a[href*='/people/']").first
    link.click()
    assert re.search(r"/people/\d+/$", session.page.url)
    assert axe(session.page) == []
    session.go("join/")
    submit(session.page, "Join")
    assert axe(session.page) == []
    session.close()
