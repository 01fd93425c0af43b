"""Scaffolding a new report: numbering, plan defaults, templates (no file written here)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from reportal.authoring.scaffold import scaffold_report, write_report
from reportal.kpi.checks import check_portal
from reportal.model.frontmatter import parse_front_matter
from reportal.model.report import Category

TODAY = date(2026, 11, 28)
EXISTING = """---
number: SR-HUAXIN-2026-11-01
title: 华信银行 2026 年 11 月 IT 运维服务报告
customer: huaxin
period: 2026-11
category: regular
author: li.na
approver: wang.qiang
status: draft
prepared: 2026-11-27
---

## 一、报告摘要
"""


@pytest.fixture
def portal(tmp_portal: Callable[..., Path]) -> Path:
    return tmp_portal(
        {
            "reports/huaxin/2026/SR-HUAXIN-2026-11-01.md": EXISTING,
            "reports/huaxin/2026/SR-HUAXIN-2026-12-01.md": "not a report: no front matter\n",
        }
    )


@pytest.mark.parametrize(
    "customer, period, category, number, path",
    [
        ("huaxin", "2026-11", "regular", "SR-HUAXIN-2026-11-02", "reports/huaxin/2026"),
        ("huaxin", "2026-12", "regular", "SR-HUAXIN-2026-12-02", "reports/huaxin/2026"),
        ("dingsheng", "2026-Q3", "special", "SR-DINGSHENG-2026-09-01", "reports/dingsheng/2026"),
        ("huaxin", "2025-12-30..2026-01-02", "incident", "SR-HUAXIN-2026-01-01",
         "reports/huaxin/2025"),
    ],
)  # fmt: skip
def test_next_free_number_and_place(
    portal: Path, customer: str, period: str, category: str, number: str, path: str
) -> None:
    new, issues = scaffold_report(portal, customer, period, Category(category), TODAY)
    assert issues == [] and new is not None
    assert new.number == number and new.path == f"{path}/{number}.md"


def test_front_matter_comes_from_the_plan(portal: Path) -> None:
    new, _ = scaffold_report(portal, "dingsheng", "2026-11", Category.REGULAR, TODAY)
    assert new is not None
    data = parse_front_matter(new.text, new.path).data
    assert data["title"] == "鼎盛物流 2026 年 11 月 服务台运营报告"
    assert (data["author"], data["approver"], data["status"]) == ("zhao.lei", "sun.li", "draft")
    assert data["reviewer"] == "wang.qiang"  # dingsheng signs off by three
    assert data["prepared"] == "2026-11-28" and "approved_on" not in data
    assert '{{ kpi_table("calls") }}' in new.text  # a hotline customer gets call statistics


# The demo reports set the house style: numbered sections (一、…) and a lettered appendix.
DEMO_OF_CATEGORY = {
    "regular": "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md",
    "incident": "reports/huaxin/2026/SR-HUAXIN-2026-07-02.md",
    "special": "reports/dingsheng/2026/SR-DINGSHENG-2026-09-02.md",
}


def section_headings(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(("## ", "### ")) and
            not line.startswith("### （")]  # fmt: skip


@pytest.mark.parametrize("category", sorted(DEMO_OF_CATEGORY))
def test_templates_use_the_demo_headings_and_pass_validation(
    portal: Path, repo_root: Path, category: str
) -> None:
    new, _ = scaffold_report(portal, "huaxin", "2026-10", Category(category), TODAY)
    assert new is not None
    demo = (repo_root / DEMO_OF_CATEGORY[category]).read_text(encoding="utf-8")
    demo_headings = section_headings(demo)
    if category == "special":  # the demo special report also prints the KPI definitions
        demo_headings.remove("### B. 指标定义")
    assert section_headings(new.text) == demo_headings
    assert "$" not in new.text and '{{ kpi_table("calls") }}' not in new.text
    assert write_report(portal, new) == []
    issues = [i for i in check_portal(portal).issues if i.file == new.path]
    assert issues == []


def test_explicit_title_is_kept_verbatim(portal: Path) -> None:
    title = '专题: "高峰" #1 {x}'
    new, _ = scaffold_report(portal, "huaxin", "2026", Category.SPECIAL, TODAY, title=title)
    assert new is not None and parse_front_matter(new.text, new.path).data["title"] == title


def test_bad_input_gives_issues(portal: Path) -> None:
    _, issues = scaffold_report(portal, "huaxn", "2026-11", Category.REGULAR, TODAY)
    assert [(i.field, i.code) for i in issues] == [("customer", "N001")]
    assert "huaxin" in (issues[0].hint or "")
    _, issues = scaffold_report(portal, "huaxin", "2026-13", Category.REGULAR, TODAY)
    assert [(i.field, i.code) for i in issues] == [("period", "N002")]


def test_never_overwrites(portal: Path) -> None:
    new, _ = scaffold_report(
        portal, "huaxin", "2026-11", Category.REGULAR, TODAY, number="SR-HUAXIN-2026-11-01"
    )
    assert new is not None
    issues = write_report(portal, new)
    assert [i.code for i in issues] == ["N004"] and "never overwrites" in issues[0].message
    assert (portal / new.path).read_text(encoding="utf-8") == EXISTING
