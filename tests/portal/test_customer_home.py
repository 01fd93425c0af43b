"""A customer edition's home: latest report with its PDF, headline KPIs against target with
trend arrows, open actions, the next report due; no staff guides or internal paths."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import ClassVar

import pytest

from reportal.authoring.init import init_portal
from reportal.model.period import Period
from reportal.portal.customer_home import customer_home, next_due, trend_arrow
from reportal.portal.edition_docs import customer_nav, trim_customer_docs
from reportal.portal.generated import make_context
from reportal.validate.portal import load_portal

TODAY = date(2026, 11, 28)
REPORTAL = Path(sys.executable).parent / "reportal"


class FakeSource:
    """Resolution attainment 96 % in 2026-09, 98 % in 2026-10; every other KPI absent."""

    values: ClassVar[dict[str, float]] = {"2026-09": 96.0, "2026-10": 98.0}

    def value(self, customer: str, kpi: str, period: Period) -> float | None:
        return self.values.get(period.text) if kpi == "sla.resolution" else None

    def title(self, kpi: str, lang: str) -> str:
        return "解决时限达成率"

    def unit(self, kpi: str, lang: str = "zh") -> str:
        return "%"

    def format(self, kpi: str, value: float | None, lang: str) -> str:
        return "—" if value is None else f"{value:.1f}%"

    def higher_is_better(self, kpi: str) -> bool | None:
        return True


def test_the_home_shows_what_a_customer_comes_for(repo_root: Path) -> None:
    ctx = replace(make_context(load_portal(repo_root), "huaxin", TODAY), issued_values={})
    home = customer_home(ctx, "huaxin", FakeSource(), repo_root)
    assert home.startswith("# 华信银行 服务报告\n")
    assert "[SR-HUAXIN-2026-10-01 华信银行 2026 年 10 月 IT 运维服务报告](reports/huaxin/" in home
    assert 'href="reports/huaxin/2026/SR-HUAXIN-2026-10-01/SR-HUAXIN-2026-10-01.pdf"' in home
    assert "| 解决时限达成率 | 98.0% | ≥ 95.0% ✓ 达标 | ↑ 上升（向好） |" in home
    assert re.search(r"截至 2026-11-28：未关闭 \d+ 项，其中已逾期 \d+ 项", home)
    assert "2026 年 11 月 IT 运维服务报告（2026-11），应交日期 2026-12-" in home
    for internal in ("data/", "plan.yml", "guide/authors", "guide/approvers", "reference/"):
        assert internal not in home


def test_a_customer_without_issued_reports_gets_no_link_to_a_missing_listing(
    repo_root: Path, tmp_path: Path
) -> None:
    init_portal(tmp_path, TODAY)  # a new portal: one customer, no report yet
    ctx = make_context(load_portal(tmp_path), "example", TODAY)
    home = customer_home(ctx, "example", FakeSource(), tmp_path)
    assert "reports/example/index.md" not in home
    assert "(dashboard/example.md)" in home
    with_reports = customer_home(make_context(load_portal(repo_root), "huaxin", TODAY), "huaxin",
                                 FakeSource(), repo_root)  # fmt: skip
    assert "(reports/huaxin/index.md)" in with_reports


def test_trend_arrows_say_direction_and_whether_it_is_better() -> None:
    assert trend_arrow(98.0, 96.0, True, "zh") == "↑ 上升（向好）"
    assert trend_arrow(4.1, 5.9, False, "zh") == "↓ 下降（向好）"
    assert trend_arrow(99.9, 99.98, True, "en") == "↓ down (worse)"
    assert trend_arrow(3.0, 3.0, True, "zh") == "→ 持平"
    assert trend_arrow(3.0, None, True, "zh") == "—"


def test_next_due_prefers_an_overdue_report(repo_root: Path) -> None:
    ctx = make_context(load_portal(repo_root), "huaxin", date(2027, 1, 20))
    item = next_due(ctx, "huaxin")
    assert item is not None and item.period.text == "2026-11"  # overdue by then


def test_staff_pages_leave_the_customer_edition(tmp_path: Path) -> None:
    for rel in ("index.md", "guide/customers.md", "guide/authors.md", "reference/issues.md",
                "kpi/index.md", "kpi/sources.md"):  # fmt: skip
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    trim_customer_docs(tmp_path)
    left = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.md"))
    assert left == ["guide/customers.md", "kpi/index.md"]
    nav = [
        {"首页": "index.md"},
        {"使用指南": [{"报告编写": "guide/authors.md"}, {"客户阅读": "guide/customers.md"}]},
        {"参考": [{"错误代码": "reference/issues.md"}]},
        {"指标定义": ["kpi/index.md", {"数据源": "kpi/sources.md"}]},
    ]
    assert customer_nav(nav) == [
        {"首页": "index.md"},
        {"使用指南": [{"客户阅读": "guide/customers.md"}]},
        {"指标定义": ["kpi/index.md"]},
    ]


@pytest.mark.slow
def test_a_built_customer_edition_has_its_own_home(repo_root: Path, tmp_path: Path) -> None:
    env = {**os.environ, "REPORTAL_TODAY": TODAY.isoformat(), "SOURCE_DATE_EPOCH": "1790000000"}
    result = subprocess.run(
        [str(REPORTAL), "build", "--root", str(repo_root), "--out", str(tmp_path), "--no-pdf",
         "--edition", "huaxin"],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stderr
    edition = tmp_path / "customers/huaxin"
    home = (edition / "index.html").read_text(encoding="utf-8")
    assert "最新报告" in home and "SR-HUAXIN-2026-10-01" in home and "主要指标" in home
    assert 'data-pdf-check="pending"' in home
    for staff in ("guide/authors", "guide/approvers", "guide/archive", "reference/", "plan.yml"):
        assert staff not in home
    assert not (edition / "guide/authors").exists() and not (edition / "reference").exists()
    assert (edition / "guide/customers/index.html").is_file()


def test_the_customer_plan_page_names_no_config_file_or_entry_id(repo_root: Path) -> None:
    from reportal.portal.generated import plan_page

    portal = load_portal(repo_root)
    provider = plan_page(make_context(portal, "provider", TODAY))
    customer = plan_page(make_context(portal, "huaxin", TODAY))
    assert "data/plan.yml" in provider and "| 计划项 |" in provider
    assert "data/plan.yml" not in customer and "计划项" not in customer
    assert "| 类别 | 频次 | 应交规则 | 编制人 | 审核人 | 批准人 |" in customer


def test_the_home_shows_the_latest_issued_figures_as_issued(repo_root: Path) -> None:
    """Issued reports' figures come from their snapshots, not from the fake live source."""
    ctx = make_context(load_portal(repo_root), "huaxin", TODAY)
    home = customer_home(ctx, "huaxin", FakeSource(), repo_root)
    snapshot = repo_root / "reports/huaxin/2026/SR-HUAXIN-2026-10-01.snapshot.json"
    issued = json.loads(snapshot.read_text(encoding="utf-8"))["kpis"]["sla.resolution"]["value"]
    assert abs(issued - 98.0) > 0.05  # the fake's figure would show otherwise
    assert f"| 解决时限达成率 | {issued:.1f}% |" in home
