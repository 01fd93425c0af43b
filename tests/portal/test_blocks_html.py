"""Rendered KPI HTML: states in text and icon (not colour alone), charts without script, and
the report sanitiser leaves our own HTML exactly as it is."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from reportal.kpi import charts, tables
from reportal.kpi.engine import KpiEngine
from reportal.kpi.tables import Row, TableModel
from reportal.model.period import parse_period
from reportal.portal.blocks_html import render_chart, render_table
from reportal.portal.sanitize import sanitize_html

JUNE = parse_period("2026-06")


@pytest.fixture(scope="module")
def demo(repo_root: Path) -> KpiEngine:
    return KpiEngine(repo_root)


def all_demo_html(engine: KpiEngine) -> list[str]:
    return [
        render_table(tables.kpi_table(engine, "huaxin", JUNE, "sla")),
        render_table(tables.sla_table(engine, "huaxin", JUNE)),
        render_table(tables.satisfaction_table(engine, "dingsheng", JUNE)),
        render_table(tables.availability_table(engine, "huaxin", JUNE)),
        render_table(tables.actions_table(engine, "huaxin", JUNE, "SR-HUAXIN-2026-06-01")),
        render_table(tables.coverage_table(engine, "huaxin", JUNE, ())),
        render_table(tables.definitions_table(engine, "dingsheng")),
        render_chart(charts.trend_chart(engine, "dingsheng", JUNE, "calls.answer_rate", 12)),
    ]


def test_sanitiser_keeps_our_html_unchanged(demo: KpiEngine) -> None:
    for fragment in all_demo_html(demo):
        if "reportal-chart" not in fragment:  # charts are put back after sanitising
            assert sanitize_html(fragment) == fragment


def test_tricky_text_is_escaped_and_survives() -> None:
    table = TableModel("x", "<b>&", ("a",), (Row(('<script>"x"</script> & \xa0',), "met"),))
    fragment = render_table(table)
    assert "<script>" not in fragment
    assert sanitize_html(fragment) == fragment


def test_states_have_icon_and_label(demo: KpiEngine) -> None:
    fragment = render_table(tables.sla_table(demo, "huaxin", JUNE))
    states = re.findall(
        r'<td class="reportal-state" data-state="(\w+)">'
        r'<span aria-hidden="true">(.)</span> ([^<]+)</td>',
        fragment,
    )
    assert states
    labels = {"met": ("✓", "达标"), "warning": ("⚠", "预警"), "critical": ("✗", "未达标")}
    for state, icon, label in states:
        assert (icon, label.removesuffix("（严重）")) == labels[state]


def test_no_data_is_shown_as_text(demo: KpiEngine) -> None:
    before_data = parse_period("2025-06")
    fragment = render_table(tables.kpi_table(demo, "huaxin", before_data, "sla"))
    assert "无数据" in fragment and "nan" not in fragment.lower()


def test_chart_is_data_only_with_a_table_fallback(demo: KpiEngine) -> None:
    chart = charts.trend_chart(demo, "huaxin", JUNE, "sla.resolution", 12)
    fragment = render_chart(chart)
    assert "<script" not in fragment
    match = re.search(
        r'<div class="reportal-chart" data-figure="([^"]*)" role="img" '
        r'aria-label="([^"]*)"></div>',
        fragment,
    )
    assert match is not None
    figure = json.loads(html.unescape(match.group(1)))
    labels = figure["data"][0]["x"]
    assert labels[-1] == "2026-06" and len(labels) == 12
    assert figure["data"][1]["name"] == "目标" and figure["data"][1]["y"][0] == 95
    assert "<figcaption>解决时限达成率（近 12 期）</figcaption>" in fragment
    assert "<details><summary>数据表</summary>" in fragment
    # the fallback table holds the same values as the chart
    rows = re.findall(r'<tr data-kpi="(\d{4}-\d{2})"', fragment)
    assert rows == labels


def test_cells_are_separated_so_search_text_does_not_glue_them() -> None:
    """Search indexes a page's text without tags: "现场回访 28 4.25 分", not "现场回访284.25 分"."""
    table = TableModel(
        "x", "t", ("渠道", "回访数", "平均分"), (Row(("现场回访", "28", "4.25 分")),)
    )
    text = re.sub(r"<[^>]+>", "", render_table(table))
    assert "渠道 回访数 平均分" in text
    assert "现场回访 28 4.25 分" in text
