"""The site in a real browser: Debian's Chromium driven by Playwright, checked with axe-core.

Opened both from ``file://`` (a shared drive) and from a local static server on 127.0.0.1.
Every page is visited by crawling the links from the overview; every request is routed through
a guard that aborts and records anything not on file:, data:, blob: or 127.0.0.1.
``playwright install`` cannot download browsers here, so the Debian package is used
(``scripts/install_system_deps.sh``).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlparse

import pytest

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Chromium not installed: run scripts/install_system_deps.sh (as root)"
    ),
]
playwright_api = pytest.importorskip("playwright.sync_api")


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def http_root(site_dir: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


@dataclass
class Guard:
    """Let through only local requests; remember everything else, failures and script errors."""

    external: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def route(self, route: Any) -> None:
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("file", "data", "blob") or parsed.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def attach(self, context: Any, page: Any) -> None:
        context.route("**/*", self.route)
        page.on("requestfailed", lambda r: self.failed.append(f"{r.url} {r.failure}"))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)


def _axe(page: Any) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the page as it is now.

    On file:// axe cannot re-fetch stylesheets for its CSSOM rule (the XHR is cross-origin from
    origin null), so ``preload`` is off there; the http run checks that rule.
    """
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "([tags, preload]) => axe.run(document, {runOnly: {type: 'tag', values: tags}, preload})"
        ".then(r => r.violations.map(v => v.id + ' (' + v.nodes.length + '): '"
        " + v.nodes.slice(0, 2).map(n => n.target.join(' ')).join(' | ')))",
        [WCAG_TAGS, not page.url.startswith("file:")],
    )
    return list(result)


def _crawl(browser: Any, start: str, axe_on: Any) -> tuple[Guard, dict[str, list[str]], set[str]]:
    """Visit every page reachable from ``start``; check charts; run axe where ``axe_on(url)``."""
    context = browser.new_context()
    page = context.new_page()
    guard = Guard()
    guard.attach(context, page)
    origin = start.rsplit("/", 1)[0] + "/"
    queue, seen, violations, downloads = [start], {start}, {}, set()
    while queue:
        url = queue.pop(0)
        response = page.goto(url, wait_until="load")
        assert response is None or response.ok, f"{url}: HTTP {response.status if response else '?'}"
        if "/reports/" in url:  # a printable needs assessment: titled as the document it is
            assert page.title().startswith("Annual needs assessment: "), url
        else:
            assert page.title().endswith("ATR Observatory"), url
        assert page.locator("h1").count() == 1, url
        enhanced = page.locator("[data-atr-spec]")
        if enhanced.count():
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-atr-spec]')].every(f => f.dataset.enhanced === 'true')",
                timeout=15_000,
            )
        for figure in page.locator("figure.atr-chart").all():
            visible = figure.locator("svg:visible")
            assert visible.count() >= 1, f"{url}: chart not visible"
            box = visible.first.bounding_box()
            assert box is not None and box["width"] > 100 and box["height"] > 30, url
        if axe_on(url):
            found = _axe(page)
            if found:
                violations[url] = found
        for href in page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"):
            target = urldefrag(href)[0]
            if not target.startswith(origin):
                continue
            if target.endswith(".html") and target not in seen:
                seen.add(target)
                queue.append(target)
            elif not target.endswith(".html"):
                downloads.add(target)
    context.close()
    return guard, violations, {*seen, *downloads}


def _check_downloads(browser: Any, urls: set[str], site_dir: Path, root: str) -> None:
    for url in urls:
        if url.endswith(".html"):
            continue
        relative = url[len(root) :]
        assert (site_dir / relative).is_file(), f"broken link {url}"


def test_site_over_http(browser: Any, http_root: str, site_dir: Path) -> None:
    guard, violations, visited = _crawl(browser, http_root + "index.html", axe_on=lambda url: True)
    assert guard.external == [] and guard.failed == [] and guard.errors == []
    assert violations == {}, violations
    pages = {u for u in visited if u.endswith(".html")}
    assert len(pages) == len(list(site_dir.rglob("*.html")))  # every page is reachable by links
    _check_downloads(browser, visited, site_dir, http_root)
    context = browser.new_context()
    for url in [u for u in visited if u.endswith(".csv")][:3]:
        response = context.request.get(url)
        assert response.ok and response.text().count("\n") >= 2
    context.close()


def test_site_from_file(browser: Any, site_dir: Path) -> None:
    """A shared drive: every page, chart and link works; axe on one page of each template."""
    kinds: set[str] = set()

    def first_of_kind(url: str) -> bool:
        kind = (
            url.rsplit("/", 2)[-2] if "/indicators/" in url or "/places/" in url else url.rsplit("/", 1)[-1]
        )
        fresh = kind not in kinds
        kinds.add(kind)
        return fresh

    root = site_dir.resolve().as_uri() + "/"
    guard, violations, visited = _crawl(browser, root + "index.html", axe_on=first_of_kind)
    assert guard.external == [] and guard.failed == [] and guard.errors == [], (guard.failed, guard.errors)
    assert violations == {}, violations
    assert len([u for u in visited if u.endswith(".html")]) == len(list(site_dir.rglob("*.html")))
    _check_downloads(browser, visited, site_dir, root)


def test_charts_show_without_javascript_and_when_scripts_fail(browser: Any, http_root: str) -> None:
    url = http_root + "indicators/cla_rate.html"
    for options, block_scripts in (({"java_script_enabled": False}, False), ({}, True)):
        context = browser.new_context(**options)
        if block_scripts:
            context.route("**/*.js", lambda route: route.abort())
        page = context.new_page()
        page.goto(url)
        figures = page.locator("figure.atr-chart")
        assert figures.count() >= 4
        for i in range(figures.count()):
            assert figures.nth(i).locator(".atr-chart__static svg[role=img][aria-label]").is_visible()
        assert page.locator(".atr-chart__live").count() == 0
        context.close()


def test_pages_are_readable_on_a_390px_phone(browser: Any, http_root: str) -> None:
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    for path in (
        "index.html",
        "indicators/cla_rate.html",
        "places/leeds.html",
        "data-quality.html",
        "network.html",
        "need-and-provision.html",
        "evaluation/navig.html",
    ):
        page.goto(http_root + path)
        if page.locator("[data-atr-spec]").count():
            page.wait_for_function(
                "() => [...document.querySelectorAll('[data-atr-spec]')].every(f => f.dataset.enhanced)"
            )
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, f"{path} scrolls sideways"
        for svg in page.locator("figure.atr-chart svg:visible").all():
            scale = svg.evaluate(
                "s => s.getBoundingClientRect().width / (s.viewBox.baseVal.width || s.width.baseVal.value)"
            )
            where = svg.evaluate("s => s.closest('figure').id || s.getAttribute('aria-label')")
            assert scale >= 0.9, f"{path}: chart text shrunk to {scale:.0%} in {where}"
    context.close()


def test_key_messages_on_the_overview_are_backed_by_the_pages_they_link(browser: Any, http_root: str) -> None:
    """Every key message names a figure; following its link shows that figure."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(http_root + "index.html")
    messages = page.locator("[data-atr-key-message]")
    assert messages.count() >= 2
    found = [
        (m.inner_text(), m.get_attribute("data-atr-evidence"), m.get_attribute("data-atr-href"))
        for m in messages.all()
    ]
    for text, evidence, href in found:
        assert evidence and evidence in text, text
        page.goto(http_root + str(href))
        assert evidence in page.locator("main").inner_text(), f"{href} does not show {evidence}"
    context.close()
