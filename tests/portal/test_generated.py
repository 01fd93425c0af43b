"""Generated portal pages: plan, register (page, xlsx, csv), process KPIs, dashboards, actions."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

import markdown
import pytest
from openpyxl import load_workbook

from reportal.kpi.process import OVERALL, process_kpis_by_customer
from reportal.model.period import Period
from reportal.portal.actions import actions_page, read_actions_csv, sort_actions
from reportal.portal.dashboard import dashboard_page, period_reports
from reportal.portal.generated import (
    generated_files,
    make_context,
    plan_page,
    portal_files,
    portal_pages,
)
from reportal.portal.register import (
    COLUMNS,
    REGISTER_CSV,
    REGISTER_XLSX,
    register_csv,
    register_page,
    register_rows,
    register_xlsx,
)
from reportal.portal.text import PortalContext
from reportal.validate.portal import load_portal

TODAY = date(2026, 11, 28)

REPORT = """---
number: {number}
title: "{title}"
customer: huaxin
period: "{period}"
category: regular
author: li.na
approver: wang.qiang
status: {status}
prepared: {prepared}
{extra}---

# 正文
"""


def _report(number: str, period: str, status: str = "approved", issued: str | None = None,
            title: str = "华信银行 月度报告", extra: str = "") -> str:  # fmt: skip
    dates = f"approved_on: {issued}\nissued: {issued}\n" if issued else ""
    return REPORT.format(number=number, title=title, period=period, status=status,
                         prepared=issued or "2026-11-02", extra=dates + extra)  # fmt: skip


@pytest.fixture
def portal_root(tmp_portal: Callable[..., Path]) -> Path:
    files = {
        "reports/huaxin/2026/SR-HUAXIN-2026-08-01.md": _report(
            "SR-HUAXIN-2026-08-01", "2026-08", issued="2026-09-04",
            title="华信银行 8 月 <b>报告</b> | *粗体*",
        ),
        "reports/huaxin/2026/SR-HUAXIN-2026-09-01.md": _report(
            "SR-HUAXIN-2026-09-01", "2026-09", status="superseded", issued="2026-10-20"
        ),
        "reports/huaxin/2026/SR-HUAXIN-2026-09-02.md": _report(
            "SR-HUAXIN-2026-09-02", "2026-09", issued="2026-10-28",
            extra="supersedes: SR-HUAXIN-2026-09-01\namendment_reason: 数据更正\n"
            "reviewer: liu.yang\nreviewed_on: 2026-10-28\n",
        ),
        "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md": _report(
            "SR-HUAXIN-2026-10-01", "2026-10", status="draft"
        ),
        "data/exports/huaxin/actions.csv": (
            "id,raised_in,raised_on,title,owner,due,status,closed_on\n"
            "A-1,SR-HUAXIN-2026-08-01,2026-09-04,扩容存储,zhao.lei,2026-10-31,open,\n"
            "A-2,SR-HUAXIN-2026-08-01,2026-09-04,<script>x</script> 更新预案,陈明,2026-12-31,"
            "in_progress,\n"
            "A-3,SR-HUAXIN-2026-09-02,2026-10-28,复核监控,li.na,2026-11-15,closed,2026-11-10\n"
        ),
    }  # fmt: skip
    return tmp_portal(files)


@pytest.fixture
def ctx(portal_root: Path) -> PortalContext:
    portal = load_portal(portal_root)
    assert [i for i in portal.issues if i.file.startswith("reports/")] == []
    return make_context(portal, today=TODAY)


def test_register_rows(ctx: PortalContext) -> None:
    rows = {r.number: r for r in register_rows(ctx)}
    assert list(rows) == [
        "SR-HUAXIN-2026-08-01", "SR-HUAXIN-2026-09-01", "SR-HUAXIN-2026-09-02",
        "SR-HUAXIN-2026-10-01",
    ]  # fmt: skip
    aug, sep, sep_amended, octo = rows.values()
    assert (aug.customer, aug.author, aug.approver, aug.status) == (
        "华信银行",
        "李娜",
        "王强",
        "已批准",
    )
    assert (aug.due, aug.issued, aug.on_time) == ("2026-09-07", "2026-09-04", "是")
    # Late: due on the 5th working day of October (the 13th: 1–7 October off, Sat 10 worked).
    assert (sep.due, sep.on_time, sep.superseded_by) == ("2026-10-13", "否", "SR-HUAXIN-2026-09-02")
    assert (sep_amended.on_time, sep_amended.superseded_by) == ("", "")
    assert (sep_amended.author, sep_amended.prepared) == ("李娜", "2026-10-28")
    assert (sep_amended.reviewer, sep_amended.reviewed_on) == ("刘洋", "2026-10-28")
    assert (sep_amended.approver, sep_amended.approved_on) == ("王强", "2026-10-28")
    assert (aug.reviewer, aug.reviewed_on) == ("", "")  # two signatories: none named
    assert (octo.status, octo.on_time, octo.issued) == ("草稿", "", "")


def test_register_xlsx_is_a_workbook_with_the_rows(ctx: PortalContext) -> None:
    sheet = load_workbook(io.BytesIO(register_xlsx(ctx))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == tuple(ctx.text(f"field.{c}") for c in COLUMNS)
    assert [row[0] for row in values[1:]] == [r.number for r in register_rows(ctx)]
    assert values[1][COLUMNS.index("title")] == "华信银行 8 月 <b>报告</b> | *粗体*"
    assert sheet.freeze_panes == "A2"


def test_register_csv_has_bom_and_header(ctx: PortalContext) -> None:
    data = register_csv(ctx)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["报告编号", "标题", "客户"]
    assert len(rows) == 1 + len(register_rows(ctx))


def test_register_page_escapes_and_links(ctx: PortalContext) -> None:
    page = register_page(ctx)
    html = markdown.markdown(page, extensions=["tables"])
    assert "<b>报告</b>" not in html and "&lt;b&gt;报告&lt;/b&gt;" in html
    assert "<em>" not in html  # *粗体* stays text
    assert "(../reports/huaxin/2026/SR-HUAXIN-2026-08-01.md)" in page
    assert "(register.xlsx)" in page and "(register.csv)" in page
    assert html.count("<tr>") == 1 + 4


def test_customer_edition_holds_only_that_customers_issued_reports(
    portal_root: Path, ctx: PortalContext
) -> None:
    portal = load_portal(portal_root)
    customer = make_context(portal, edition="huaxin", today=TODAY)
    other = make_context(portal, edition="dingsheng", today=TODAY)
    numbers = [r.number for r in register_rows(customer)]
    assert "SR-HUAXIN-2026-10-01" not in numbers  # the draft
    assert len(numbers) == 3
    assert register_rows(other) == []
    assert "鼎盛物流" not in plan_page(customer)
    assert "SR-HUAXIN" not in plan_page(other)
    pages = portal_pages(other, portal_root)
    assert "dashboard/huaxin.md" not in pages and "dashboard/dingsheng.md" in pages
    assert "A-1" not in pages["actions/index.md"]


def test_plan_page_states(ctx: PortalContext) -> None:
    page = plan_page(ctx)
    assert "reportal-state--late" in page  # 2026-09 first issued on 20 October
    assert "reportal-state--overdue" in page  # 2026-10 is a draft past its due date
    assert "<strong>已逾期</strong>" in page
    assert "| 鼎盛物流 | 2026-11 | 常规报告 | 未开始 | 2026-12-10 |" in page  # no report yet
    assert "次月第 5 个工作日" in page and "次月 10 日" in page
    assert "| 编制人 | 审核人 | 批准人 |" in page
    assert "| 次月 10 日 | 赵磊 | 王强 | 孙丽 |" in page  # dingsheng's plan names a reviewer


def test_process_kpis(ctx: PortalContext) -> None:
    kpis = process_kpis_by_customer(ctx.schedule, ctx.visible_reports(), ["huaxin"])
    huaxin = kpis["huaxin"]
    # huaxin monthly 2025-11 .. 2026-11: 08 on time, 09 late, 10 overdue, the rest overdue too
    assert (huaxin.on_time, huaxin.late, huaxin.not_due) == (1, 1, 1)
    assert huaxin.due == 12 and huaxin.overdue == 10
    assert huaxin.on_time_rate == pytest.approx(100 / 12)
    assert huaxin.amendments == 1
    assert huaxin.first_pass_rate is None  # no review history in the front matter
    assert kpis[OVERALL].due == huaxin.due


def test_first_pass_rate_counts_issued_reports_with_review_rounds(ctx: PortalContext) -> None:
    issued = [r for r in ctx.visible_reports() if r.customer == "huaxin" and r.status.is_issued]
    assert len(issued) >= 2
    rounds = [1, 2] + [None] * (len(issued) - 2)  # one first-time approval, one second round
    reports = [replace(r, review_rounds=n) for r, n in zip(issued, rounds, strict=True)]
    kpis = process_kpis_by_customer(ctx.schedule, reports, ["huaxin"])["huaxin"]
    assert (kpis.reviewed, kpis.first_pass) == (2, 1)
    assert kpis.first_pass_rate == pytest.approx(50.0)


def test_actions_page_and_order(ctx: PortalContext, portal_root: Path) -> None:
    actions = sort_actions(read_actions_csv(portal_root, "huaxin"), TODAY)
    assert [a.id for a in actions] == ["A-1", "A-2", "A-3"]
    assert actions[0].is_overdue(TODAY) and not actions[1].is_overdue(TODAY)
    page = actions_page(ctx, portal_root)
    assert "未开始（已逾期）" in page and "reportal-action--overdue" in page
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "共 3 项：未关闭 2 项，其中已逾期 1 项。" in page
    assert "赵磊" in page  # owner id resolved to a name; a plain name stays as given
    assert "陈明" in page


class _TableSource:
    """A KPI source answering from a table (the dashboard's contract, independent of data)."""

    def __init__(self, values: dict[str, float]) -> None:
        self.values = values

    def value(self, customer: str, kpi: str, period: Period) -> float | None:
        return self.values.get(period.text) if kpi == "sla.resolution" else None

    def title(self, kpi: str, lang: str) -> str:
        return {"sla.resolution": "解决时限达成率"}.get(kpi, kpi)

    def unit(self, kpi: str, lang: str = "zh") -> str:
        return "%"

    def format(self, kpi: str, value: float | None, lang: str) -> str:
        return "—" if value is None else f"{value:.1f}%"

    def higher_is_better(self, kpi: str) -> bool | None:
        return True


def test_dashboard_points_link_to_reports(ctx: PortalContext) -> None:
    reports = period_reports(ctx, "huaxin")
    # the amendment replaces the superseded report; the draft stands for its period
    assert [r.number for r in reports] == [
        "SR-HUAXIN-2026-08-01", "SR-HUAXIN-2026-09-02", "SR-HUAXIN-2026-10-01",
    ]  # fmt: skip
    page = dashboard_page(ctx, "huaxin", _TableSource({"2026-08": 96.5, "2026-09": 91.0}))
    # one chart: the other targeted KPIs have no values, and an empty chart is left out
    assert page.count('class="reportal-chart"') == 1
    assert (
        "&quot;customdata&quot;: [&quot;../../reports/huaxin/2026/SR-HUAXIN-2026-08-01/&quot;"
        in page
    )
    link = '<span class="reportal-number">[SR-HUAXIN-2026-09-02](../reports/huaxin/2026/'
    assert f"| 2026-09 | 91.0% | ≥ 95.0% | {link}" in page
    assert "| 2026-10 | — |" in page  # no value: a dash, never "nan"
    assert "目标 ≥ 95.0%" in page


def test_portal_files(ctx: PortalContext) -> None:
    files = portal_files(ctx)
    assert set(files) == {REGISTER_XLSX, REGISTER_CSV}
    assert files[REGISTER_XLSX][:2] == b"PK"


def test_dashboard_with_the_kpi_engine(repo_root: Path) -> None:
    """The demo dashboard from the real KPI engine: one chart per targeted KPI with data."""
    from reportal.portal.dashboard import engine_source

    ctx = make_context(load_portal(repo_root), today=TODAY)
    source = engine_source(repo_root)
    page = dashboard_page(ctx, "huaxin", source)
    october = next(r for r in period_reports(ctx, "huaxin") if r.period.text == "2026-10")
    value = source.value("huaxin", "sla.resolution", october.period)
    assert value is not None and 0 <= value <= 100
    assert f"| 2026-10 | {source.format('sla.resolution', value, 'zh')} | ≥ 95.0% |" in page
    periods = [r.period for r in period_reports(ctx, "huaxin")]
    targets = ctx.registry.customers["huaxin"].targets
    with_data = [
        k for k in targets if any(source.value("huaxin", k, p) is not None for p in periods)
    ]
    assert 0 < page.count('class="reportal-chart"') == len(with_data)


@pytest.mark.parametrize(("edition", "other"), [("huaxin", "dingsheng"), ("dingsheng", "huaxin")])
def test_customer_edition_files_hold_nothing_of_the_other_customer(
    repo_root: Path, edition: str, other: str
) -> None:
    """Every generated page and download of a demo customer edition, checked for leaks."""
    portal = load_portal(repo_root)
    customer = portal.registry.customers[other]
    files = generated_files(portal, edition=edition, today=TODAY)
    assert f"dashboard/{other}.md" not in files and f"dashboard/{edition}.md" in files
    for uri, content in files.items():
        if uri.endswith(".xlsx"):
            sheet = load_workbook(io.BytesIO(content)).active  # type: ignore[arg-type]
            text = "\n".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        else:
            text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
        for needle in (customer.short_name, f"SR-{customer.code}-"):
            assert needle not in text, f"{uri} of the {edition} edition shows {needle}"
    drafts = [
        r.number for r in portal.reports if r.customer == edition and r.status.value == "draft"
    ]
    assert all(n not in files["register/register.csv"].decode("utf-8-sig") for n in drafts)


def test_english_labels(portal_root: Path) -> None:
    ctx = make_context(load_portal(portal_root), today=TODAY, lang="en")
    assert register_csv(ctx).decode("utf-8-sig").startswith("Report number,Title,Customer,Period,")
    assert {r.on_time for r in register_rows(ctx)} == {"yes", "no", ""}
    page = plan_page(ctx)
    assert "# Report plan" in page and "Issued late" in page and "working day 5" in page


def test_register_downloads_never_hold_formulas(tmp_portal: Callable[..., Path]) -> None:
    title = '=HYPERLINK("http://evil.example","点击")'
    root = tmp_portal({
        "reports/huaxin/2026/SR-HUAXIN-2026-08-01.md": _report(
            "SR-HUAXIN-2026-08-01", "2026-08", issued="2026-09-04", title=title.replace('"', "'")
        )
    })  # fmt: skip
    ctx = make_context(load_portal(root), today=TODAY)
    expected = title.replace('"', "'")
    cell = load_workbook(io.BytesIO(register_xlsx(ctx))).active.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == (expected, "s")
    rows = list(csv.reader(io.StringIO(register_csv(ctx).decode("utf-8-sig"))))
    assert rows[1][1] == "'" + expected


def test_register_orders_reports_by_the_end_of_their_period(repo_root: Path) -> None:
    ctx = make_context(load_portal(repo_root), today=date(2026, 11, 28))
    numbers = [row.number for row in register_rows(ctx) if "DINGSHENG" in row.number]
    quarter = numbers.index("SR-DINGSHENG-2026-09-02")  # period 2026-Q3 (special report)
    assert numbers.index("SR-DINGSHENG-2026-08-01") < quarter
    assert (
        numbers.index("SR-DINGSHENG-2026-09-01")
        < quarter
        < numbers.index("SR-DINGSHENG-2026-10-01")
    )
