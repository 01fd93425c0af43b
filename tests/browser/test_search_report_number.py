"""A report number typed into the search box finds its report first, whole, and typing it
logs no "Invalid query" warning (Material's query lexer splits terms on "-")."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

NUMBER = "SR-HUAXIN-2026-03-01"


@pytest.fixture
def searching(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    warnings: list[str] = []
    page.on("console", lambda message: warnings.append(message.text))
    try:
        yield page, warnings
    finally:
        context.close()


def first_result(page: Page, query: str) -> str:
    page.locator(".md-search__input").click()
    page.locator(".md-search__input").press_sequentially(query, delay=40)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta')?.textContent && "
        "document.querySelector('.md-search__input').value === q",
        arg=query,
    )
    page.wait_for_timeout(500)  # the last keystroke's results
    link = page.locator(".md-search-result__item > .md-search-result__link").first
    return str(link.get_attribute("href"))


@pytest.mark.parametrize("query", [NUMBER, NUMBER.lower()])
def test_a_report_number_finds_its_report_first(
    searching: tuple[Page, list[str]], site_url: str, query: str
) -> None:
    page, console = searching
    page.goto(site_url + "/", wait_until="networkidle")
    href = first_result(page, query)
    assert NUMBER in href, f"first result for {query!r}: {href}"
    assert [text for text in console if "Invalid query" in text] == []
