"""Dashboards: the data table under each chart is collapsed, the target line looks as in the
report charts, and the provider's dashboard index says how each customer stands."""

from __future__ import annotations

import json
from datetime import date
from html import unescape
from pathlib import Path

from reportal.kpi.charts import TARGET_LINE
from reportal.model.period import Period
from reportal.portal.blocks_html import chart_element
from reportal.portal.charts import target_line
from reportal.portal.dashboard import dashboard_pages
from reportal.portal.generated import make_context
from reportal.validate.portal import load_portal


class Source:
    """Every KPI at 99 (higher is better) in every period."""

    def value(self, customer: str, kpi: str, period: Period) -> float | None:
        return 99.0

    def title(self, kpi: str, lang: str) -> str:
        return kpi

    def unit(self, kpi: str, lang: str = "zh") -> str:
        return "%"

    def format(self, kpi: str, value: float | None, lang: str) -> str:
        return "—" if value is None else f"{value:.1f}%"

    def higher_is_better(self, kpi: str) -> bool | None:
        return True


def pages(repo_root: Path) -> dict[str, str]:
    ctx = make_context(load_portal(repo_root), "provider", date(2026, 11, 28))
    return dashboard_pages(ctx, Source())


def test_the_data_table_under_each_chart_is_collapsed(repo_root: Path) -> None:
    page = pages(repo_root)["dashboard/huaxin.md"]
    blocks = page.split("\n## ")[1:-1]  # each KPI section (the last lists the reports)
    assert blocks
    for block in blocks:
        assert '??? note "数据表（各期数值与报告链接）"' in block
        table_lines = [line for line in block.splitlines() if line.lstrip().startswith("|")]
        assert table_lines and all(line.startswith("    |") for line in table_lines)


def test_dashboard_target_line_is_drawn_as_in_the_reports() -> None:
    assert target_line(95.0, "目标")["line"] == TARGET_LINE
    assert TARGET_LINE["dash"] == "dash"


def test_the_provider_index_says_how_each_customer_stands(repo_root: Path) -> None:
    index = pages(repo_root)["dashboard/index.md"]
    assert "| 客户 | 报告期间 | 达标 | 未达标 | 报告 |" in index
    huaxin = next(line for line in index.splitlines() if "huaxin.md" in line)
    assert "| 2026-10 |" in huaxin and "SR-HUAXIN-2026-10-01" in unescape(huaxin)


def test_the_chart_shape_carries_the_target_style(repo_root: Path) -> None:
    page = pages(repo_root)["dashboard/huaxin.md"]
    start = page.index('data-figure="') + len('data-figure="')
    figure = json.loads(unescape(page[start : page.index('"', start)]))
    assert figure["layout"]["shapes"][0]["line"] == TARGET_LINE


def test_dashboard_charts_are_the_report_chart_element(repo_root: Path) -> None:
    """One chart emitter: a dashboard's chart is named by its title in the element (and role)
    a report chart uses; its numbers are in the table under it."""
    page = pages(repo_root)["dashboard/huaxin.md"]
    start = page.index('<div class="reportal-chart"')
    element = page[start : page.index("</div>", start) + len("</div>")]
    figure = json.loads(unescape(element.split('data-figure="')[1].split('"')[0]))
    title = figure["layout"]["title"]["text"]
    assert element == chart_element(figure, title)
    assert 'role="img"' in element and 'role="figure"' not in page
