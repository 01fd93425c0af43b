"""The demo portal as a person uses it, in headless Chromium: navigate, search in Chinese, see
charts, download the register, fetch a PDF, and pass an axe-core accessibility scan."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from browser_support import REPO_ROOT, BuiltSite, ConsolePage
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from reportal.portal.generated import make_context
from reportal.portal.register import COLUMNS, register_rows
from reportal.validate.portal import load_portal

pytestmark = pytest.mark.browser

REPORT = "SR-HUAXIN-2026-10-01"
REPORT_TITLE = "华信银行 2026 年 10 月 IT 运维服务报告"
REPORT_URL = f"/reports/huaxin/2026/{REPORT}/"
INCIDENT = "SR-HUAXIN-2026-07-02"
SEARCH_TERM = "主备切换"  # in the incident report's title and body (and in action titles)
AXE_PAGES = {
    "home": "/",
    "listing": "/reports/huaxin/",
    "report": REPORT_URL,
    "plan": "/plan/",
    "register": "/register/",
    "dashboard": "/dashboard/huaxin/",
    "actions": "/actions/",
}


def _goto(page: Page, url: str) -> None:
    response = page.goto(url, wait_until="networkidle")
    assert response is not None and response.ok, f"{url}: HTTP {response and response.status}"


GENERATED = ("plan/", "register/", "process/", "actions/", "dashboard/")


def test_generated_pages_build_without_warnings(built_site: BuiltSite) -> None:
    """MkDocs checks every link of the generated pages; none may be broken."""
    warnings = [line for line in built_site.log.splitlines() if line.startswith("WARNING")]
    assert [w for w in warnings if any(g in w for g in GENERATED)] == []
    for page in GENERATED:
        assert (built_site.path / page / "index.html").is_file()
    assert (built_site.path / "register/register.xlsx").is_file()


def test_home_to_customer_to_report(console_page: ConsolePage, site_url: str) -> None:
    page = console_page.page
    _goto(page, site_url + "/")
    page.get_by_role("link", name="报告", exact=True).first.click()
    page.wait_for_load_state("networkidle")
    page.locator("article").get_by_role("link", name=re.compile("华信银行")).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.rstrip("/").endswith("/reports/huaxin"), page.url
    page.locator("article").get_by_role("link", name=REPORT_TITLE, exact=True).first.click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith(REPORT_URL), page.url
    expect(page.locator("h1").first).to_contain_text("2026 年 10 月")
    assert console_page.console_errors == []


def test_chinese_search_finds_the_incident_report(console_page: ConsolePage, site_url: str) -> None:
    page = console_page.page
    _goto(page, site_url + "/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    search.fill(SEARCH_TERM)
    search.press("End")  # a key event, as typing with an IME gives (fill() sends none)
    result = page.locator(f".md-search-result__item a[href*='{INCIDENT}']")
    expect(result.first).to_be_visible()
    result.first.click()
    page.wait_for_load_state("networkidle")
    assert f"/{INCIDENT}/" in page.url, page.url
    expect(page.locator("article")).to_contain_text(SEARCH_TERM)


@pytest.mark.parametrize("path", [REPORT_URL, "/dashboard/huaxin/", "/process/"])
def test_charts_render_without_console_errors(
    console_page: ConsolePage, site_url: str, path: str
) -> None:
    page = console_page.page
    _goto(page, site_url + path)
    charts = page.locator(".reportal-chart")
    assert charts.count() > 0, f"{path} has no .reportal-chart"
    article = page.locator("article").bounding_box()
    assert article is not None
    for index in range(charts.count()):
        charts.nth(index).scroll_into_view_if_needed()
        svg = charts.nth(index).locator("svg.main-svg").first
        expect(svg).to_be_attached()
        box = svg.bounding_box()
        assert box is not None and box["width"] >= 0.5 * article["width"], (
            f"{path}: chart {index} is drawn {box and round(box['width'])} px wide in a "
            f"{round(article['width'])} px article (squeezed by its container?)"
        )
    assert console_page.console_errors == []


def test_a_dashboard_point_opens_its_report(console_page: ConsolePage, site_url: str) -> None:
    page = console_page.page
    _goto(page, site_url + "/dashboard/huaxin/")
    chart = page.locator(".reportal-chart").first
    chart.scroll_into_view_if_needed()
    point = chart.locator(".scatterlayer .trace .points path.point").last
    expect(point).to_be_attached()
    box = point.bounding_box()
    assert box is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url(re.compile(r"/reports/huaxin/\d{4}/SR-HUAXIN-[\d-]+/$"))
    expect(page.locator("h1").first).to_contain_text("华信银行")
    assert console_page.console_errors == []


def test_register_xlsx_download(console_page: ConsolePage, site_url: str) -> None:
    page = console_page.page
    _goto(page, site_url + "/register/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"Excel")).click()
    download = download_info.value
    assert download.suggested_filename == "register.xlsx"
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    rows = list(workbook.active.iter_rows(values_only=True))
    expected = register_rows(make_context(load_portal(REPO_ROOT), today=date(2026, 11, 28)))
    assert rows[0][0] == "报告编号" and len(rows[0]) == len(COLUMNS)
    assert [r[0] for r in rows[1:]] == [row.number for row in expected]
    by_number = {r[0]: r for r in rows[1:]}
    assert by_number["SR-HUAXIN-2026-02-01"][COLUMNS.index("on_time")] == "否"
    assert by_number["SR-HUAXIN-2026-03-01"][COLUMNS.index("superseded_by")] == (
        "SR-HUAXIN-2026-03-02"
    )
    assert by_number["SR-HUAXIN-2025-11-01"][COLUMNS.index("on_time")] == "是"


def test_register_csv_is_utf8_with_bom(site_url: str, console_page: ConsolePage) -> None:
    response = console_page.page.request.get(site_url + "/register/register.csv")
    assert response.ok
    assert response.body().startswith("\ufeff报告编号,".encode())


def test_pdf_link_returns_a_pdf(
    console_page: ConsolePage, site_url: str, built_site: BuiltSite
) -> None:
    if built_site.pdf is None:
        pytest.skip("this build type has no PDF stage (reportal.pdf.edition is missing)")
    page = console_page.page
    _goto(page, site_url + REPORT_URL)
    link = page.locator("a[href$='.pdf']").first
    expect(link).to_be_visible()
    href = link.get_attribute("href")
    assert href is not None
    response = page.request.get(urljoin(page.url, href))
    assert response.ok, f"{href}: HTTP {response.status}"
    body = response.body()
    assert body[:5] == b"%PDF-"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(body)).pages[:2])
    assert REPORT in text


def _axe(page: Page, axe_path: Path) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(axe_path))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [v for v in result["violations"] if v["impact"] in ("serious", "critical")]


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        targets = [" ".join(n["target"]) for n in v["nodes"][:5]]
        lines.append(f"{v['impact']} {v['id']}: {v['help']} ({len(v['nodes'])} nodes) {targets}")
    return "\n".join(lines)


@pytest.mark.parametrize("name", list(AXE_PAGES))
def test_accessibility(console_page: ConsolePage, site_url: str, axe_path: Path, name: str) -> None:
    page = console_page.page
    _goto(page, site_url + AXE_PAGES[name])
    violations = _axe(page, axe_path)
    assert violations == [], f"{AXE_PAGES[name]}:\n{_describe(violations)}"


@pytest.mark.parametrize(("name", "path"), [("home", "/"), ("report", REPORT_URL)])
def test_screenshots(console_page: ConsolePage, site_url: str, artifacts: Path, name: str,
                     path: str) -> None:  # fmt: skip
    page = console_page.page
    _goto(page, site_url + path)
    target = artifacts / f"portal-{name}.png"
    page.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
