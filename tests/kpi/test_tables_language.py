"""KPI tables and charts in the portal language: English headers, titles, notes, labels and
units with ``lang="en"``; Chinese (the default) exactly as before."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from kpi_fixtures import FILES, REGISTRY_FILES, write

from reportal.kpi.charts import trend_chart
from reportal.kpi.engine import KpiEngine
from reportal.kpi.tables import (
    TableModel,
    actions_table,
    availability_table,
    coverage_table,
    definitions_table,
    kpi_table,
    satisfaction_table,
    sla_table,
)
from reportal.model.period import parse_period
from reportal.model.report import DataGap

APRIL = parse_period("2026-04")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory, repo_root: Path) -> KpiEngine:
    root = tmp_path_factory.mktemp("portal")
    for rel in REGISTRY_FILES:
        write(root, {rel: (repo_root / rel).read_text(encoding="utf-8")})
    write(root, FILES)
    return KpiEngine(root, cache_dir=None)


def every_table(engine: KpiEngine, *lang: str) -> list[TableModel]:
    gaps = (DataGap("calls", "platform upgrade"),)
    return [
        kpi_table(engine, "dingsheng", APRIL, "resolution", *lang),
        sla_table(engine, "dingsheng", APRIL, *lang),
        satisfaction_table(engine, "dingsheng", APRIL, *lang),
        availability_table(engine, "dingsheng", APRIL, *lang),
        actions_table(engine, "dingsheng", APRIL, None, *lang),
        coverage_table(engine, "dingsheng", APRIL, gaps, *lang),
        definitions_table(engine, "dingsheng", *lang),
        trend_chart(engine, "dingsheng", APRIL, "resolution.mean_hours", 3, *lang).table,
    ]


def has_chinese(text: str) -> bool:
    return re.search(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]", text) is not None


def test_english_tables_have_no_chinese_outside_the_data(engine: KpiEngine) -> None:
    for table in every_table(engine, "en"):
        assert table.lang == "en"
        texts = [table.title, table.note, *table.headers]
        texts += [row.label or "" for row in table.rows]
        # data (channel names, action titles) stays as exported; our own cells do not
        texts += [cell for row in table.rows for cell in row.cells if row.key == "total"]
        if table.kind not in ("satisfaction", "actions"):
            texts += [cell for row in table.rows for cell in row.cells]
        assert [t for t in texts if has_chinese(t)] == [], table.kind


def test_english_headers_titles_notes_and_units(engine: KpiEngine) -> None:
    kpi, sla, _, availability, _, coverage, definitions, trend = every_table(engine, "en")
    assert kpi.title == "Time to resolve"
    assert kpi.headers == ("KPI", "This period", "Previous period", "Target", "Status")
    assert kpi.rows[0].cells[:3] == ("Mean time to resolve", "50.8 h", "no data")
    assert sla.title == "SLA attainment"
    assert sla.headers[:3] == ("Priority", "Response target", "Response attainment")
    assert sla.rows[0].cells[:4] == ("P1", "15 min", "100.0%", "2 h")
    assert sla.rows[-1].cells[0] == "Total"
    assert sla.note.startswith("Target: resolution attainment ≥ 95.0%. Response: ")
    assert availability.headers[-2] == "P95 response time (worst day)"
    assert availability.rows[-1].cells[3:] == ("144 min", "500 ms")
    assert coverage.headers[:3] == ("Source", "Days covered", "Missing days")
    calls = {row.key: row for row in coverage.rows}["calls"]
    assert (calls.cells[0], calls.cells[1], calls.label) == ("Calls", "2/30 days", "Explained")
    assert not any("exports/" in cell for row in coverage.rows for cell in row.cells)
    assert definitions.title == "KPI definitions and calculation"
    assert definitions.headers[1:4] == ("Unit", "Direction", "Formula")
    mean = {row.key: row.cells for row in definitions.rows}["resolution.mean_hours"]
    assert mean[:3] == ("Mean time to resolve (resolution.mean_hours)", "h", "Lower is better")
    assert definitions.note.startswith("SLA basis: Response: ")
    assert trend.headers == ("Period", "Mean time to resolve", "Status")


def test_english_chart(engine: KpiEngine) -> None:
    chart = trend_chart(engine, "dingsheng", APRIL, "sla.resolution", 3, "en")
    assert chart.title == "Resolution SLA attainment (last 3 periods)"
    assert chart.description.endswith(
        ", line chart: 2026-02 no data, 2026-03 no data, 2026-04 50.0%"
    )
    assert [trace["name"] for trace in chart.figure["data"]] == ["Actual", "Target"]
    assert chart.table.note == "Target: ≥ 95.0%"
    hours = trend_chart(engine, "dingsheng", APRIL, "resolution.mean_hours", 3, "en")
    assert hours.figure["layout"]["yaxis"]["title"]["text"] == "h"


def test_chinese_is_the_default_and_unchanged(engine: KpiEngine) -> None:
    default = every_table(engine)
    assert every_table(engine, "zh") == default
    assert every_table(engine, "fr") == default  # an unknown language falls back to Chinese
    assert {table.lang for table in default} == {"zh"}
    kpi, sla, satisfaction, availability, actions, coverage, definitions, trend = default
    assert (kpi.title, kpi.headers) == ("处理时长", ("指标", "本期", "上期", "目标", "状态"))
    assert kpi.rows[0].cells[:3] == ("平均解决时长", "50.8 小时", "无数据")
    assert sla.rows[0].cells[:4] == ("P1", "15 分钟", "100.0%", "2 小时")
    assert sla.rows[-1].cells[0] == "合计"
    assert sla.note.startswith("目标：解决达成率 ≥ 95.0%。响应：")
    assert satisfaction.headers == ("回访渠道", "回访数", "平均分", "满意占比（≥4 分）", "状态")
    assert satisfaction.note.endswith("两项均达标才为达标。评分 1–5 分。")
    assert (availability.title, actions.title) == ("系统可用性", "改进措施跟踪")
    calls = {row.key: row for row in coverage.rows}["calls"]
    assert (calls.cells[0], calls.cells[1], calls.label) == ("话务", "2/30 天", "已说明")
    assert definitions.title == "指标定义与计算口径"
    assert definitions.note.startswith("SLA 口径：")
    assert (trend.title, trend.headers[0]) == ("平均解决时长（近 3 期）", "期间")
    chart = trend_chart(engine, "dingsheng", APRIL, "sla.resolution", 3)
    assert [trace["name"] for trace in chart.figure["data"]] == ["实际", "目标"]
    assert chart.description.startswith("解决时限达成率（近 3 期）折线图：2026-02 无数据，")
