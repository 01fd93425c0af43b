"""A report page offers "下载 PDF" only when its PDF exists; a preview says where PDFs come from.

The session build exports one report (PDF_REPORT) to PDF, as ``reportal build`` would; every
other report page is what ``mkdocs serve`` or ``reportal build --no-pdf`` gives.
"""

from __future__ import annotations

import pytest
from browser_support import BuiltSite, ConsolePage
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PDF_REPORT = "SR-HUAXIN-2026-10-01"  # conftest.PDF_REPORT: the one report exported
WITHOUT_PDF = "/reports/huaxin/2026/SR-HUAXIN-2026-09-01/"


def test_no_pdf_no_button_but_a_note(console_page: ConsolePage, site_url: str) -> None:
    page = console_page.page
    page.goto(site_url + WITHOUT_PDF, wait_until="networkidle")
    actions = page.locator(".reportal-actions")
    expect(actions).to_have_attribute("data-pdf-check", "missing")
    expect(page.locator("a.reportal-pdf")).to_be_hidden()
    note = page.locator(".reportal-pdf-missing")
    expect(note).to_be_visible()
    expect(note).to_contain_text("reportal build")


def test_a_built_pdf_gets_its_button(
    console_page: ConsolePage, site_url: str, built_site: BuiltSite
) -> None:
    if built_site.pdf is None:
        pytest.skip("this build type has no PDF stage (reportal.pdf.edition is missing)")
    page = console_page.page
    page.goto(site_url + f"/reports/huaxin/2026/{PDF_REPORT}/", wait_until="networkidle")
    expect(page.locator(".reportal-actions")).to_have_attribute("data-pdf-check", "found")
    expect(page.locator("a.reportal-pdf")).to_be_visible()
    expect(page.locator(".reportal-pdf-missing")).to_be_hidden()
