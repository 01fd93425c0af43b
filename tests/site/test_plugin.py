"""The reportal plugin end to end: ``mkdocs build --strict`` runs of tmp portals (no macros)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_builds import (
    Build,
    links,
    make_portal,
    page_of,
    report_file,
    report_path,
    resolve,
    run_mkdocs,
)

XSS_TITLE = '"华信 </title><script>alert(1)</script> & <b>粗</b> 报告"'
OLD, NEW = "SR-HUAXIN-2026-09-01", "SR-HUAXIN-2026-09-02"
XSS, DRAFT, REVIEW = "SR-HUAXIN-2026-10-01", "SR-HUAXIN-2026-11-01", "SR-HUAXIN-2026-07-02"
OTHER = "SR-DINGSHENG-2026-10-01"
REASON = "可用性数据复核后更正 <i>x</i>"
CANARY = "INTERNAL-CANARY-7731"
SANITISED_BODY = (
    '## 摘要\n\n正文。\n\n<button>提交</button> <span style="position:fixed">浮动</span>'
)

REPORTS = {
    OLD: report_file(OLD, status="superseded"),
    NEW: report_file(
        NEW,
        supersedes=OLD,
        amendment_reason=f'"{REASON}"',
        body=f'## 摘要\n\n更正版。\n\n??? internal "内部备注"\n    {CANARY}-HUAXIN\n',
    ),
    XSS: report_file(
        XSS,
        title=XSS_TITLE,
        body=SANITISED_BODY,
    ),
    DRAFT: report_file(DRAFT, status="draft", approved_on="", issued=""),
    REVIEW: report_file(
        REVIEW,
        period="2026-07-14..2026-07-15",
        category="incident",
        author="zhao.lei",
        approver="sun.li",
        status="review",
        prepared="2026-07-16",
        approved_on="",
        issued="",
    ),
    OTHER: report_file(OTHER, body=f'## 摘要\n\n正文。\n\n!!! internal "内部备注"\n    {CANARY}\n'),
}
FILES = {report_path(number): text for number, text in REPORTS.items()}
HOOK = """
from mkdocs.plugins import event_priority

@event_priority(0)  # as mkdocs-macros: runs after the reportal plugin's handler
def on_page_markdown(markdown, page, **kwargs):
    meta = page.meta.get("reportal")
    if not meta:
        return markdown
    return markdown + f"\\n\\nMETA:{meta['number']}:{meta['period']}:{meta['body_line']}\\n"
"""


@pytest.fixture(scope="module")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("provider") / "portal"
    config = make_portal(root, {**FILES, "hooks.py": HOOK})
    config.write_text(config.read_text(encoding="utf-8") + "hooks: [hooks.py]\n", "utf-8")
    build = run_mkdocs(config, root.parent / "site")
    assert build.returncode == 0, build.log[-3000:]
    return build


@pytest.fixture(scope="module")
def customer(tmp_path_factory: pytest.TempPathFactory) -> Build:
    root = tmp_path_factory.mktemp("customer") / "portal"
    build = run_mkdocs(make_portal(root, FILES, edition="huaxin"), root.parent / "site")
    assert build.returncode == 0, build.log[-3000:]
    return build


def test_every_report_gets_a_page_outside_the_nav(provider: Build) -> None:
    for number in REPORTS:
        html = provider.page(page_of(number))
        assert 'class="reportal-header"' in html
        assert not [h for h in links(html).in_nav if "SR-" in h], number


def test_listing_pages_link_every_report(provider: Build) -> None:
    listing = links(provider.page("reports/index.html")).outside
    for number in REPORTS:
        customer, year = number.split("-")[1].lower(), number.split("-")[2]
        assert f"{customer}/{year}/{number}/" in listing, number
    huaxin = links(provider.page("reports/huaxin/index.html")).outside
    assert {f"2026/{n}/" for n in REPORTS if "HUAXIN" in n} <= set(huaxin)
    assert "2026/" in huaxin  # the year page
    year_page = links(provider.page("reports/huaxin/2026/index.html")).outside
    assert f"{DRAFT}/" in year_page and f"{OTHER}/" not in year_page
    incident = links(provider.page("reports/category/incident/index.html")).outside
    assert incident.count(f"../../huaxin/2026/{REVIEW}/") == 1
    assert f"../../huaxin/2026/{OLD}/" not in incident
    assert not (provider.site / "reports/category/special/index.html").exists()


def test_nav_holds_listings_not_reports(provider: Build) -> None:
    nav = {resolve(page_of(OLD), h) for h in links(provider.page(page_of(OLD))).in_nav}
    assert {"reports/huaxin/", "reports/dingsheng/", "reports/category/regular/"} <= nav
    assert len(nav) < 30


def test_header_shows_metadata_and_pdf_link(provider: Build) -> None:
    html = provider.page(page_of(NEW))
    header = html[html.index('class="reportal-header"') : html.index("</dl>")]
    for text in (NEW, "华信银行股份有限公司", "2026-09", "常规报告", "已批准", "李娜", "王强",
                 "2026-10-04"):  # fmt: skip
        assert text in header, text
    assert f'href="{NEW}.pdf"' in html and "下载 PDF" in html


def test_state_banners_in_provider_edition(provider: Build) -> None:
    assert "reportal-banner--draft" in provider.page(page_of(DRAFT))
    assert "草稿 DRAFT" in provider.page(page_of(DRAFT))
    assert "审核中 REVIEW" in provider.page(page_of(REVIEW))
    assert "reportal-banner--draft" not in provider.page(page_of(NEW))


def test_supersession_shown_both_ways_with_links(provider: Build) -> None:
    old = provider.page(page_of(OLD))
    assert f'已被 <a href="../{NEW}/">{NEW}</a> 替代' in old
    new = provider.page(page_of(NEW))
    assert f'替代 <a href="../{OLD}/">{OLD}</a>' in new
    assert "（原因：可用性数据复核后更正 &lt;i&gt;x&lt;/i&gt;）" in new


def test_front_matter_text_is_escaped_everywhere(provider: Build) -> None:
    escaped = (
        "华信 &lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;粗&lt;/b&gt; 报告"
    )
    page = provider.page(page_of(XSS))
    assert re.search(r"<title>" + re.escape(escaped) + " - ", page)
    assert f'<h1 class="reportal-title">{escaped}</h1>' in page
    assert escaped in provider.page("reports/index.html")
    for rel in (page_of(XSS), "reports/index.html", "reports/huaxin/2026/index.html"):
        assert "<script>alert(1)" not in provider.page(rel), rel
        assert "<b>粗" not in provider.page(rel), rel


def test_report_html_is_sanitised(provider: Build) -> None:
    page = provider.page(page_of(XSS))
    assert "正文。" in page and "提交" in page and "浮动" in page
    assert "<button>提交" not in page and "position:fixed" not in page


def test_meta_is_set_before_priority_zero_plugins(provider: Build) -> None:
    body_line = REPORTS[NEW].split("\n").index("---", 1) + 2
    assert f"META:{NEW}:2026-09:{body_line}" in provider.page(page_of(NEW))
    assert f"META:{REVIEW}:2026-07-14..2026-07-15:" in provider.page(page_of(REVIEW))


def test_plotly_once_in_head_before_charts(provider: Build) -> None:
    copies = list(provider.site.rglob("plotly.min.js"))
    assert [p.relative_to(provider.site).as_posix() for p in copies] == [
        "assets/reportal/plotly.min.js"
    ]
    for rel in (page_of(NEW), "index.html", "reports/index.html"):
        head = provider.page(rel).split("</head>")[0]
        scripts = re.findall(r'<script defer src="([^"]+)"', head)
        assert scripts and scripts[0].endswith("assets/reportal/plotly.min.js"), rel
        assert all(s.startswith("../") or s.startswith("assets/") for s in scripts)
        assert scripts[-1].endswith("assets/reportal/reportal.js"), rel
        if len(scripts) > 2:  # the chart templates, then the script that draws the charts
            assert scripts[1].endswith("assets/reportal/chart-templates.js")
            assert scripts[2].endswith("assets/reportal/charts.js")
    assert "reportal.css" in provider.page("index.html").split("</head>")[0]


def test_internal_note_marked_in_provider_edition(provider: Build) -> None:
    page = provider.page(page_of(OTHER))
    assert CANARY in page and "admonition internal" in page
    assert f"{CANARY}-HUAXIN" in provider.page(page_of(NEW))


def test_customer_edition_holds_only_its_published_reports(customer: Build) -> None:
    for number in (OLD, NEW, XSS):
        assert (customer.site / page_of(number)).is_file(), number
    for number in (DRAFT, REVIEW, OTHER):
        assert not (customer.site / page_of(number)).exists(), number
    listing = customer.page("reports/index.html")
    assert DRAFT not in listing and OTHER not in listing and "鼎盛" not in listing
    assert not (customer.site / "reports/dingsheng").exists()
    assert f'已被 <a href="../{NEW}/">{NEW}</a> 替代' in customer.page(page_of(OLD))
    assert "更正版。" in customer.page(page_of(NEW))


def test_customer_edition_holds_no_foreign_or_draft_text(customer: Build) -> None:
    for path in customer.site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".md"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            for needle in (DRAFT, REVIEW, OTHER, CANARY):
                assert needle not in text, f"{needle} in {path.relative_to(customer.site)}"


def test_invalid_portal_aborts_with_located_errors(tmp_path: Path) -> None:
    bad = report_file("SR-HUAXIN-2026-10-01", approver="li.na")
    config = make_portal(tmp_path / "portal", {report_path("SR-HUAXIN-2026-10-01"): bad})
    build = run_mkdocs(config, tmp_path / "site")
    assert build.returncode != 0
    assert "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md:" in build.log
    assert "approver" in build.log and "Traceback" not in build.log
    assert "reportal: the portal has" in build.log


def test_unknown_edition_is_refused(tmp_path: Path) -> None:
    config = make_portal(tmp_path / "portal", {}, edition="nobody")
    build = run_mkdocs(config, tmp_path / "site")
    assert build.returncode != 0
    assert "edition 'nobody' is not known" in build.log and "Traceback" not in build.log


@pytest.mark.parametrize(
    "text, what",
    [
        ("Traceback (most recent call last):\n", "a Python traceback"),
        ("{host}/data/customers.yml\n", "the host path"),
    ],
)
def test_page_with_forbidden_text_fails_the_build(tmp_path: Path, text: str, what: str) -> None:
    root = tmp_path / "portal"
    page = "# 说明\n\n" + text.format(host=root)
    build = run_mkdocs(make_portal(root, {"docs/guide.md": page}), tmp_path / "site")
    assert build.returncode != 0
    assert "page 'guide.md' would show" in build.log and what in build.log


def test_jinja_in_front_matter_text_is_refused_before_the_build(tmp_path: Path) -> None:
    """Jinja markup in a title would show on the page as text: check refuses it (R006) with its
    line, so the build stops before any page is written."""
    number = "SR-HUAXIN-2026-10-01"
    text = report_file(number, title='"{{ config.site_name }} {% raw %}报告"')
    build = run_mkdocs(
        make_portal(tmp_path / "portal", {report_path(number): text}), tmp_path / "s"
    )
    assert build.returncode != 0
    line = text.splitlines().index('title: "{{ config.site_name }} {% raw %}报告"') + 1
    assert f"{number}.md:{line}: title: Jinja markup" in build.log
    assert not (tmp_path / "s" / page_of(number)).exists()
