"""Customer A in headless Chromium behind the real nginx (HTTP Basic): A signs in, opens a
report with its charts, and searches; nothing of customer B appears, no request leaves A's
edition, and the Content-Security-Policy blocks nothing the portal needs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from deploy_support import A_REPORT, ACCOUNTS, A, B, b_canaries
from playwright.sync_api import Browser, Page, expect, sync_playwright

from reportal.pdf.browser import LAUNCH_ARGS, find_chromium

pytestmark = [pytest.mark.browser, pytest.mark.slow]

A_PAGE = f"/customers/{A}/reports/{A}/2026/{A_REPORT}/"
SEARCH_TERM = "主备切换"  # in A's incident report SR-HUAXIN-2026-07-02
A_INCIDENT = "SR-HUAXIN-2026-07-02"
RECORD_CSP = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));
"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = find_chromium()
    if executable is None:
        pytest.fail("Chromium not found: install Debian's `chromium` or set REPORTAL_CHROMIUM")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=executable, args=LAUNCH_ARGS, headless=True
        )
        yield launched
        launched.close()


class Visit:
    """A page signed in as A, with every console message and request it made."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.console: list[str] = []
        self.requests: list[str] = []
        self.failed: list[str] = []
        page.on("console", lambda m: self.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.console.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("response", self._on_response)

    def _on_response(self, response: Any) -> None:
        if response.status >= 400:
            self.failed.append(f"{response.status} {response.url}")

    def csp_violations(self) -> list[str]:
        recorded: list[str] = self.page.evaluate("window.__csp || []")
        said = [m for m in self.console if "Content Security Policy" in m]
        return recorded + said


@pytest.fixture
def visit(browser: Browser, basic_url: str) -> Iterator[Visit]:
    name, password = ACCOUNTS[A]
    context = browser.new_context(
        base_url=basic_url,
        http_credentials={"username": name, "password": password},
        viewport={"width": 1280, "height": 900},
        locale="zh-CN",
    )
    context.add_init_script(RECORD_CSP)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield Visit(page)
    finally:
        context.close()


def _goto(page: Page, path: str) -> None:
    response = page.goto(path, wait_until="networkidle")
    assert response is not None and response.ok, f"{path}: HTTP {response and response.status}"


def test_a_reads_a_report_and_searches_and_sees_nothing_of_b(visit: Visit, basic_url: str) -> None:
    page = visit.page
    _goto(page, f"/customers/{A}/")
    _goto(page, A_PAGE)
    expect(page.locator("h1").first).to_contain_text("2026 年 10 月")
    chart = page.locator(".reportal-chart svg.main-svg").first
    chart.scroll_into_view_if_needed()
    expect(chart).to_be_attached(timeout=15_000)  # plotly.js ran under the policy
    html = page.content()

    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill(SEARCH_TERM)
    search.press("End")
    result = page.locator(f".md-search-result__item a[href*='{A_INCIDENT}']")
    expect(result.first).to_be_visible(timeout=15_000)  # the search worker indexes first
    html += page.content()
    search.fill(B)
    search.press("End")
    expect(page.locator(".md-search-result__item")).to_have_count(0, timeout=15_000)
    html += page.content()

    assert [c for c in b_canaries() if c.lower() in html.lower()] == []
    foreign = [url for url in visit.requests if not url.startswith(f"{basic_url}/customers/{A}/")]
    assert foreign == []
    assert visit.failed == []
    assert visit.csp_violations() == []
    assert [m for m in visit.console if m.startswith(("error", "pageerror"))] == []


def test_a_signed_in_is_refused_b_edition(visit: Visit) -> None:
    response = visit.page.goto(f"/customers/{B}/", wait_until="load")
    assert response is not None and response.status == 401
    assert B not in visit.page.content().lower().replace("/customers/dingsheng/", "")
