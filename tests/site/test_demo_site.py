"""The demo portal, built once with ``mkdocs build --strict`` (session fixture ``demo_site``)."""

from __future__ import annotations

import json
import re

import pytest

from reportal.model.report import Report, Status
from reportal.portal.escape import escape_html
from reportal.validate.portal import load_portal
from site_builds import REPO_ROOT, Build, links, nav_links, resolve

FORBIDDEN = ("{{", "{%", "Traceback (most recent call last)")
TEXT_SUFFIXES = {".html", ".xml", ".json", ".css", ".js", ".csv", ".txt", ".svg"}


@pytest.fixture(scope="module")
def reports() -> list[Report]:
    found = load_portal(REPO_ROOT).reports
    assert len(found) >= 24  # 12 months x 2 customers, plus incident/special/amendment
    return found


def page_rel(report: Report) -> str:
    return f"reports/{report.customer}/{report.year}/{report.number}/index.html"


def test_every_report_has_a_page_with_header_and_title(demo_site: Build, reports: list) -> None:
    for report in reports:
        html = demo_site.page(page_rel(report))
        assert f"<title>{escape_html(report.title)} - " in html, report.number
        assert '<div class="reportal-header"' in html, report.number
        assert f'href="{report.number}.pdf"' in html, report.number


def test_listings_link_every_report(demo_site: Build, reports: list[Report]) -> None:
    pages = ["reports/index.html"]
    pages += sorted({f"reports/{r.customer}/index.html" for r in reports})
    linked: dict[str, set[str]] = {}
    for rel in pages + sorted({f"reports/{r.customer}/{r.year}/index.html" for r in reports}):
        linked[rel] = {resolve(rel, h) for h in links(demo_site.page(rel)).outside}
    for report in reports:
        target = page_rel(report).removesuffix("index.html")
        assert target in linked["reports/index.html"], report.number
        assert target in linked[f"reports/{report.customer}/index.html"], report.number
        assert target in linked[f"reports/{report.customer}/{report.year}/index.html"]
    for category in {r.category.value for r in reports}:
        assert (demo_site.site / f"reports/category/{category}/index.html").is_file()


def test_nav_stays_small(demo_site: Build, reports: list[Report]) -> None:
    for report in reports[:3]:
        nav = links(demo_site.page(page_rel(report))).in_nav
        assert not [h for h in nav if "SR-" in h], report.number
        assert len(nav) < 60


def test_nav_lists_every_customer_and_category(demo_site: Build, reports: list[Report]) -> None:
    """Each generated section has its own overview page; with ``navigation.indexes`` the first
    customer and the first category used to become the section's link and vanish from its list."""
    rel = "reports/index.html"
    nav = nav_links(demo_site.page(rel))
    entries = {resolve(rel, href) for href in nav.entries}
    sections = {resolve(rel, href) for href in nav.sections}
    listed = {f"reports/{r.customer}/" for r in reports}
    listed |= {f"reports/category/{r.category.value}/" for r in reports}
    assert len(listed) == 5  # huaxin, dingsheng; regular, incident, special
    assert listed <= entries and not listed & sections
    assert {"reports/by_customer/", "reports/category/"} <= sections
    overview = demo_site.page("reports/by_customer/index.html")
    assert {resolve("reports/by_customer/index.html", h) for h in links(overview).outside} >= {
        f"reports/{r.customer}/" for r in reports
    }


def test_no_jinja_traceback_or_host_path_in_any_built_file(demo_site: Build) -> None:
    host = str(REPO_ROOT)
    for path in demo_site.site.rglob("*"):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        rel = path.relative_to(demo_site.site).as_posix()
        text = path.read_text(encoding="utf-8", errors="replace")
        assert host not in text, rel
        if path.suffix in {".js", ".css"} or rel == "search/search_index.json":
            continue  # libraries hold braces; the index is checked per entry below
        for needle in FORBIDDEN:
            assert needle not in text, f"{needle!r} in {rel}"


def test_search_index_of_reports_has_no_jinja(demo_site: Build) -> None:
    index = json.loads(demo_site.page("search/search_index.json"))
    entries = [d for d in index["docs"] if d["location"].startswith("reports/")]
    assert entries
    for entry in entries:
        for needle in FORBIDDEN:
            assert needle not in entry["title"] + entry["text"], entry["location"]


def test_plotly_once_and_in_head(demo_site: Build, reports: list[Report]) -> None:
    copies = [p.relative_to(demo_site.site).as_posix() for p in demo_site.site.rglob("plotly*.js")]
    assert copies == ["assets/reportal/plotly.min.js"]
    head = demo_site.page(page_rel(reports[0])).split("</head>")[0]
    scripts = re.findall(r'<script defer src="([^"]+)"', head)
    assert scripts[0] == "../../../../assets/reportal/plotly.min.js"


def test_supersession_and_draft_banners(demo_site: Build, reports: list[Report]) -> None:
    by_number = {r.number: r for r in reports}
    for report in reports:
        if report.supersedes and report.supersedes in by_number:
            old = demo_site.page(page_rel(by_number[report.supersedes]))
            assert f">{report.number}</a> 替代" in old
            assert "替代 <a href=" in demo_site.page(page_rel(report))
        if report.status is Status.DRAFT:
            assert "草稿 DRAFT" in demo_site.page(page_rel(report))


def test_guide_and_home_pages_exist(demo_site: Build) -> None:
    for rel in ("index.html", "guide/authors/index.html", "guide/approvers/index.html",
                "guide/customers/index.html"):  # fmt: skip
        assert (demo_site.site / rel).is_file(), rel
    assert not (demo_site.site / "dev").exists()  # developer notes stay out of the portal


def test_print_only_blocks_stay_out_of_the_search_index(demo_site: Build) -> None:
    index = json.loads((demo_site.site / "search/search_index.json").read_text("utf-8"))
    texts = [  # report pages only (the PDF guide names the blocks); no jieba word breaks
        doc["text"].replace("\u200b", "")
        for doc in index["docs"]
        if doc["location"].startswith("reports/")
    ]
    assert any("主备切换" in text for text in texts)  # report bodies are indexed
    for marker in ("编制、审核与批准", "以下空白"):
        assert not any(marker in text for text in texts), marker
