"""Listing pages, report placement and the metadata header, without a build."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from factories import make_report
from reportal.model.registry import Registry
from reportal.model.report import Category, Report, Status
from reportal.portal.header import render_header
from reportal.portal.listings import listing_pages
from reportal.portal.pages import page_meta, page_source, report_src_uri, select_reports
from reportal.validate.registry_checks import load_registry

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry(REPO_ROOT)[0]


def make(number: str, **changes: object) -> Report:
    defaults: dict[str, object] = {
        "prepared": date(2026, 11, 2),
        "approved_on": date(2026, 11, 3),
        "issued": date(2026, 11, 4),
        "body": "## 摘要\n",
        "body_line": 14,
    }
    return make_report(number, **{**defaults, **changes})


def test_customer_editions_hold_only_published_reports_of_that_customer() -> None:
    reports = [
        make("SR-HUAXIN-2026-10-01"),
        make("SR-HUAXIN-2026-11-01", status=Status.DRAFT),
        make("SR-HUAXIN-2026-09-01", status=Status.SUPERSEDED),
        make("SR-HUAXIN-2026-08-01", confidentiality="internal"),
        make("SR-DINGSHENG-2026-10-01", customer="dingsheng"),
    ]
    numbers = [r.number for r in select_reports(reports, "huaxin")]
    assert numbers == ["SR-HUAXIN-2026-10-01", "SR-HUAXIN-2026-09-01"]
    assert len(select_reports(reports, "provider")) == 5


def test_page_source_keeps_body_lines_and_hides_front_matter() -> None:
    report = make("SR-HUAXIN-2026-10-01", body="---\ntitle: x\n---\n## 摘要\n", body_line=14)
    source = page_source(report)
    assert source.splitlines()[13] == "---"  # line 14, as in the file
    assert not source.startswith("---")  # MkDocs cannot read the body as front matter
    assert page_meta(report)["period"] == "2026-10" and page_meta(report)["body_line"] == 14
    assert report_src_uri(report) == "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"


def test_listing_pages_cover_customers_years_and_categories(registry: Registry) -> None:
    reports = [
        make("SR-HUAXIN-2025-12-01"),
        make("SR-HUAXIN-2026-01-01"),
        make("SR-HUAXIN-2026-07-02", category=Category.INCIDENT),
        make("SR-DINGSHENG-2026-01-01", customer="dingsheng"),
    ]
    pages = {p.src_uri: p for p in listing_pages(reports, registry, "zh")}
    assert set(pages) == {
        "reports/index.md",
        "reports/by_customer/index.md",
        "reports/category/index.md",
        "reports/huaxin/index.md",
        "reports/huaxin/2025/index.md",
        "reports/huaxin/2026/index.md",
        "reports/dingsheng/index.md",
        "reports/dingsheng/2026/index.md",
        "reports/category/regular/index.md",
        "reports/category/incident/index.md",
    }
    index = pages["reports/index.md"].markdown
    assert "(huaxin/2025/SR-HUAXIN-2025-12-01.md)" in index
    assert "(dingsheng/index.md)" in index and "(category/incident/index.md)" in index
    customer = pages["reports/huaxin/index.md"].markdown
    assert customer.index("## [2026](2026/index.md)") < customer.index("## [2025](2025/index.md)")
    incident = pages["reports/category/incident/index.md"].markdown
    assert "(../../huaxin/2026/SR-HUAXIN-2026-07-02.md)" in incident
    assert "SR-HUAXIN-2026-01-01" not in incident
    assert pages["reports/huaxin/index.md"].title == "华信银行 服务报告"
    by_customer = pages["reports/by_customer/index.md"].markdown
    assert "- [华信银行](../huaxin/index.md)（3）" in by_customer
    assert "- [鼎盛物流](../dingsheng/index.md)（1）" in by_customer
    by_category = pages["reports/category/index.md"].markdown
    assert "(regular/index.md)（3）" in by_category and "(incident/index.md)（1）" in by_category


def test_listing_cells_escape_front_matter(registry: Registry) -> None:
    report = make("SR-HUAXIN-2026-10-01", title="a | b <script>{{ x }}</script>")
    index = next(p for p in listing_pages([report], registry, "en") if p.src_uri.endswith("x.md"))
    row = next(line for line in index.markdown.splitlines() if "SR-HUAXIN" in line)
    assert "a \\| b &lt;script&gt;&#123;&#123; x &#125;&#125;&lt;/script&gt;" in row
    assert row.count(" | ") == 5  # six cells (one customer: no 客户 column), the pipe escaped
    assert "Approved" in row and "All reports" in index.markdown


def test_the_customer_column_appears_only_with_several_customers(registry: Registry) -> None:
    one = [make("SR-HUAXIN-2026-10-01"), make("SR-HUAXIN-2026-09-01")]
    two = [*one, make("SR-DINGSHENG-2026-10-01", customer="dingsheng")]
    for reports, shown in ((one, False), (two, True)):
        pages = {p.src_uri: p.markdown for p in listing_pages(reports, registry, "zh")}
        head = next(line for line in pages["reports/index.md"].splitlines() if "| 报告编号" in line)
        assert ("| 客户 |" in head) is shown


def test_header_banners_and_escaping(registry: Registry) -> None:
    old = make("SR-HUAXIN-2026-03-01", status=Status.SUPERSEDED, title="<i>旧</i>")
    new = make("SR-HUAXIN-2026-03-02", supersedes=old.number, amendment_reason="更正 <b>数据</b>")
    links = {new.number: "../SR-HUAXIN-2026-03-02/"}
    header = render_header(old, registry, lang="zh", successors=[new], link_for=links.get)
    assert '<h1 class="reportal-title">&lt;i&gt;旧&lt;/i&gt;</h1>' in header
    assert '已被 <a href="../SR-HUAXIN-2026-03-02/">SR-HUAXIN-2026-03-02</a> 替代' in header
    assert "（原因：更正 &lt;b&gt;数据&lt;/b&gt;）" in header
    back = render_header(new, registry, lang="zh", successors=[], link_for=lambda n: None)
    assert "替代 SR-HUAXIN-2026-03-01（原因" in back  # not in this edition: no link
    assert 'href="SR-HUAXIN-2026-03-02.pdf"' in back


@pytest.mark.parametrize(
    "status, banner",
    [(Status.DRAFT, "草稿 DRAFT"), (Status.REVIEW, "审核中 REVIEW"), (Status.WITHDRAWN, "已撤回")],
)
def test_state_banners(registry: Registry, status: Status, banner: str) -> None:
    report = make("SR-HUAXIN-2026-11-01", status=status, approved_on=None, issued=None)
    header = render_header(report, registry, lang="zh", successors=[], link_for=lambda n: None)
    assert banner in header and f"reportal-status--{status.value}" in header


def test_header_in_english(registry: Registry) -> None:
    report = make("SR-HUAXIN-2026-11-01", status=Status.DRAFT, approver=None)
    header = render_header(report, registry, lang="en", successors=[], link_for=lambda n: None)
    assert "DRAFT: this report is not approved" in header
    assert "<dt>Approved by</dt><dd>—</dd>" in header and "Download PDF" in header


def test_header_shows_three_signatories_with_titles_and_dates(registry: Registry) -> None:
    report = make(
        "SR-HUAXIN-2026-10-01",
        reviewer="liu.yang",
        reviewed_on=date(2026, 11, 4),
        approved_on=date(2026, 11, 5),
    )
    header = render_header(report, registry, lang="zh", successors=[], link_for=lambda n: None)
    assert "<dt>审核人</dt><dd>刘洋（质量保证经理）</dd>" in header
    assert "<dt>批准人</dt><dd>王强（服务管理流程经理）</dd>" in header
    assert "<dt>审核日期</dt><dd>2026-11-04</dd>" in header
    assert "<dt>批准日期</dt><dd>2026-11-05</dd>" in header
