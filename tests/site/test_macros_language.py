"""Macro output in the portal language: the adapter picks the language as the site plugin does
(the ``reportal`` plugin's ``language`` option, else reportal.yml) and English builds render
English tables and charts; Chinese stays byte for byte as before."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from test_macros import build, mini_site

from reportal.kpi import charts, tables
from reportal.kpi.engine import KpiEngine
from reportal.kpi.tables import Row, TableModel
from reportal.model.period import parse_period
from reportal.portal.blocks_html import render_chart, render_table
from reportal.portal.sanitize import sanitize_html
from reportal.site.macros import define_env, portal_language

JUNE = parse_period("2026-06")
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def demo(repo_root: Path) -> KpiEngine:
    return KpiEngine(repo_root)


def demo_html(engine: KpiEngine, *lang: str) -> list[str]:
    return [
        render_table(tables.kpi_table(engine, "huaxin", JUNE, "sla", *lang)),
        render_table(tables.sla_table(engine, "huaxin", JUNE, *lang)),
        render_table(tables.satisfaction_table(engine, "dingsheng", JUNE, *lang)),
        render_table(tables.availability_table(engine, "huaxin", JUNE, *lang)),
        render_table(tables.actions_table(engine, "huaxin", JUNE, "SR-HUAXIN-2026-06-01", *lang)),
        render_table(tables.coverage_table(engine, "huaxin", JUNE, (), *lang)),
        render_table(tables.definitions_table(engine, "dingsheng", *lang)),
        render_chart(charts.trend_chart(engine, "dingsheng", JUNE, "calls.answer_rate", 12, *lang)),
    ]


def labels(fragment: str) -> list[str]:
    """Every text we write ourselves: caption, headers, state labels, note, summary."""
    found = re.findall(
        r"<caption>([^<]*)|<th scope=\"col\">([^<]*)|</span> ([^<]*)</td>"
        r"|reportal-kpi-note\">([^<]*)|<summary>([^<]*)|<figcaption>([^<]*)",
        fragment,
    )
    return [text for group in found for text in group if text]


def test_english_html_has_english_labels_and_stays_sanitiser_safe(demo: KpiEngine) -> None:
    for fragment in demo_html(demo, "en"):
        assert [text for text in labels(fragment) if CJK.search(text)] == []
        if "reportal-chart" not in fragment:  # charts are put back after sanitising
            assert sanitize_html(fragment) == fragment
    sla = demo_html(demo, "en")[1]
    assert '<th scope="col">Resolution attainment</th>' in sla
    assert re.search(r'data-state="met"><span aria-hidden="true">✓</span> Met</td>', sla)
    chart = demo_html(demo, "en")[-1]
    assert "<figcaption>Answer rate (last 12 periods)</figcaption>" in chart
    assert "<details><summary>Data table</summary>" in chart


def test_chinese_html_is_the_default_and_unchanged(demo: KpiEngine) -> None:
    assert demo_html(demo, "zh") == demo_html(demo)
    sla = demo_html(demo)[1]
    assert '<th scope="col">解决达成率</th>' in sla and "</span> 达标</td>" in sla
    assert "<details><summary>数据表</summary>" in demo_html(demo)[-1]


def test_state_column_and_severe_label_follow_the_table_language() -> None:
    rows = (Row(("x",), "critical", severe=True), Row(("y",), None))
    english = render_table(TableModel("x", "t", ("a",), rows, lang="en"))
    assert '<th scope="col">a</th> <th scope="col">Status</th>' in english
    assert "</span> Missed (severe)</td>" in english and "</span> No target</td>" in english
    chinese = render_table(TableModel("x", "t", ("a",), rows))
    assert '<th scope="col">a</th> <th scope="col">状态</th>' in chinese
    assert "</span> 未达标（严重）</td>" in chinese and "</span> 无目标</td>" in chinese


def fake_env(conf: dict[str, Any], page: Any = None) -> Any:
    registered: dict[str, Any] = {}
    env = SimpleNamespace(
        conf=conf,
        macro=lambda fn, name: registered.__setitem__(name, fn),
        page=page,
        markdown="",
        registered=registered,
    )
    return env


def plugins(language: str | None) -> dict[str, Any]:
    return {"reportal": SimpleNamespace(config={"language": language})}


def test_language_is_decided_as_the_site_plugin_decides_it(demo: KpiEngine) -> None:
    assert demo.registry.settings.language == "zh"
    assert portal_language(fake_env({"plugins": plugins("en")}), demo.root) == "en"
    assert portal_language(fake_env({"plugins": plugins(None)}), demo.root) == "zh"  # reportal.yml
    assert portal_language(fake_env({}), demo.root) == "zh"  # no reportal plugin: reportal.yml
    assert portal_language(fake_env({"plugins": plugins("de")}), demo.root) == "zh"


def test_reportal_yml_language_applies_without_a_plugin_option(
    tmp_portal: Any, repo_root: Path
) -> None:
    root = tmp_portal(with_data=True)
    settings = root / "reportal.yml"
    settings.write_text(
        settings.read_text(encoding="utf-8").replace("language: zh", "language: en"),
        encoding="utf-8",
    )
    engine = KpiEngine(root, cache_dir=None)
    assert portal_language(fake_env({"plugins": plugins(None)}), engine.root) == "en"
    assert portal_language(fake_env({"plugins": plugins("zh")}), engine.root) == "zh"


def test_bound_macros_render_in_the_plugin_language(tmp_path: Path, repo_root: Path) -> None:
    shutil.copytree(repo_root / "data", tmp_path / "data")
    shutil.copy(repo_root / "reportal.yml", tmp_path / "reportal.yml")
    page = SimpleNamespace(
        meta={"customer": "huaxin", "period": "2026-06"},
        file=SimpleNamespace(src_path="r.md", abs_src_path=None),
    )
    conf = {"config_file_path": str(tmp_path / "mkdocs.yml"), "plugins": plugins("en")}
    env = fake_env(conf, page)
    define_env(env)
    html = env.registered["sla_table"]()
    assert "<caption>SLA attainment</caption>" in html and "合计" not in html
    env.conf["plugins"] = plugins(None)
    assert "<caption>服务级别达成情况</caption>" in env.registered["sla_table"]()


ENGLISH = """\
---
customer: dingsheng
period: 2026-03
data_gaps:
  - {source: calls, reason: platform upgrade}
---
# March

{{ kpi_table("calls") }}

{{ sla_table() }}

{{ trend_chart("calls.answer_rate", periods=6) }}

{{ satisfaction() }}

{{ data_coverage() }}

{{ kpi_definitions() }}
"""


@pytest.mark.slow
def test_an_english_build_renders_english_tables(tmp_path: Path, repo_root: Path) -> None:
    root = mini_site(tmp_path, repo_root, {"index.md": ENGLISH})
    settings = root / "reportal.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace("language: zh", "language: en"), encoding="utf-8")
    result = build(root)
    assert result.returncode == 0, result.stderr
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    for english in (
        "<caption>Call centre</caption>",
        '<th scope="col">Previous period</th>',
        "<caption>SLA attainment</caption>",
        "<figcaption>Answer rate (last 6 periods)</figcaption>",
        "<summary>Data table</summary>",
        '<th scope="col">Survey channel</th>',
        "28/31 days",
        "platform upgrade",
        "</span> Met</td>",
        "Lower is better",
    ):
        assert english in page
    for chinese in ("本期", "达标", "合计", "天", "小时", "数据表", "越低越好"):
        assert chinese not in page
