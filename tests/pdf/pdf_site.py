"""Fixture site for the PDF tests: a real mkdocs-material build of report pages laid out as the site
plugin lays them out (``reports/<customer>/<year>/<number>/index.html``, print blocks around
the body, charts as ``.reportal-chart`` drawn by plotly.js loaded once in ``<head>``).

Used by tests/pdf/conftest.py and by ``bench/bench_pdf.py`` when no demo edition is built.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

import plotly
import plotly.graph_objects as go

from factories import make_report
from reportal.model.period import parse_period
from reportal.model.registry import Registry
from reportal.model.report import Category, Report
from reportal.pdf.edition import PdfJob, PdfResult
from reportal.portal.print_blocks import render_print_blocks

REPO_ROOT = Path(__file__).resolve().parents[2]
PRINT_CSS = REPO_ROOT / "src/reportal/theme/assets/reportal/print.css"
PLOTLY_JS = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
CHART_TITLE = "FIXTURE 解决时限达成率趋势"

MAIN_HTML = """{% extends "base.html" %}
{% block extrahead %}
<link rel="stylesheet" media="print" href="{{ 'assets/reportal/print.css' | url }}">
<script src="{{ 'assets/javascripts/plotly.min.js' | url }}"></script>
{% endblock %}
"""

CHARTS_JS = """
function reportalDraw() {
  document.querySelectorAll('.reportal-chart').forEach(function (el) {
    if (el.dataset.drawn) { return; }
    el.dataset.drawn = '1';
    try {
      var fig = JSON.parse(el.dataset.figure);
      Plotly.newPlot(el, fig.data, fig.layout, {displayModeBar: false, responsive: true});
    } catch (error) { console.error(error); }
  });
}
if (document.readyState !== 'loading') { reportalDraw(); }
else { document.addEventListener('DOMContentLoaded', reportalDraw); }
"""


def demo_report(number: str = "SR-HUAXIN-2026-10-01", **changes: object) -> Report:
    defaults: dict[str, object] = {"title": "华信银行 2026 年 10 月 IT 运维服务报告"}
    return make_report(number, **{**defaults, **changes})


def _chart(title: str, broken: bool = False) -> str:
    months = [f"2026-{m:02d}" for m in range(1, 11)]
    fig = go.Figure(go.Scatter(x=months, y=[93 + (m % 4) for m in range(10)], name="达成率"))
    fig.update_layout(title=title, height=320, margin={"l": 40, "r": 20, "t": 50, "b": 40})
    figure = fig.to_json() if not broken else '{"data": [], "layout": '
    return f'<div class="reportal-chart" data-figure="{escape(figure)}"></div>\n'


def _table(rows: int) -> str:
    head = "| 序号 | 工单编号 | 优先级 | 响应时长（分钟） | 解决时长（小时） | 是否达标 |\n"
    head += "|---|---|---|---|---|---|\n"
    body = "".join(
        f"| {i} | INC{100000 + i} | P{1 + i % 4} | {5 + i % 30} | {1 + i % 20}.5 | "
        f"{'是' if i % 7 else '否'} |\n"
        for i in range(1, rows + 1)
    )
    return head + body


def report_markdown(
    report: Report, registry: Registry, chart_broken: bool = False, language: str = "zh"
) -> str:
    before, after = render_print_blocks(report, registry, language)
    header = (  # as the site plugin's header.py lays it out
        f'<div class="reportal-header"><h1 class="reportal-title">{escape(report.title)}</h1>'
        f'<dl class="reportal-meta"><dt>报告编号</dt><dd>{report.number}</dd></dl>'
        f'<p class="reportal-actions"><a class="reportal-pdf" href="{report.number}.pdf">'
        "下载 PDF</a></p></div>"
    )
    return (
        f"{before}\n\n{header}\n\n"
        "## 一、服务概述\n\n本月共受理工单 1,234 张，解决 1,201 张，解决时限达成率 96.2%。\n\n"
        f"## 二、服务级别达成情况\n\n{_chart(CHART_TITLE, chart_broken)}\n"
        f"{_table(70)}\n"
        "## 三、客户满意度\n\n现场回访与电话回访平均满意度 4.6 分。\n\n"
        f"{_chart('满意度趋势')}\n"
        "## 四、改进措施\n\n- 优化夜间值班交接流程\n- 完善监控告警阈值\n"
        "- 跟踪情况见[上期报告](../SR-HUAXIN-2026-09-01/)\n\n"
        "<details><summary>处理过程附注</summary><p>FOLDED 折叠段落也要打印</p></details>\n\n"
        f"{after}\n"
    )


def build_fixture_edition(
    dest: Path, reports: Iterable[tuple[Report, bool]], registry: Registry, language: str = "zh"
) -> Path:
    """Build a mkdocs-material site into ``dest/site`` with one page per (report, broken)."""
    project = dest / "project"
    docs = project / "docs"
    (docs / "assets/javascripts").mkdir(parents=True, exist_ok=True)
    (docs / "assets/reportal").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(PLOTLY_JS, docs / "assets/javascripts/plotly.min.js")
    shutil.copyfile(PRINT_CSS, docs / "assets/reportal/print.css")
    (docs / "assets/reportal/charts.js").write_text(CHARTS_JS, encoding="utf-8")
    (docs / "index.md").write_text("# 服务报告门户\n", encoding="utf-8")
    (project / "overrides").mkdir(exist_ok=True)
    (project / "overrides/main.html").write_text(MAIN_HTML, encoding="utf-8")
    for report, broken in reports:
        page = docs / f"reports/{report.customer}/{report.year}/{report.number}/index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(report_markdown(report, registry, broken, language), encoding="utf-8")
    config = {
        "site_name": "服务报告门户",
        "docs_dir": "docs",
        "site_dir": str(dest / "site"),
        "use_directory_urls": True,
        "theme": {"name": "material", "language": language, "custom_dir": "overrides"},
        "extra_javascript": ["assets/reportal/charts.js"],
        "markdown_extensions": ["tables", "attr_list", "md_in_html"],
    }
    (project / "mkdocs.yml").write_text(json.dumps(config, ensure_ascii=False), encoding="utf-8")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run([str(mkdocs), "build", "-q"], cwd=project, check=True)
    return dest / "site"


@dataclass(frozen=True)
class PdfRun:
    edition: Path
    cache: Path
    jobs: list[PdfJob]
    result: PdfResult

    def pdf(self, number: str) -> Path:
        job = next(job for job in self.jobs if job.number == number)
        return self.edition / job.target


GOOD = "SR-HUAXIN-2026-10-01"
SUPERSEDING = "SR-HUAXIN-2026-03-02"
SPECIAL = "SR-DINGSHENG-2026-09-02"
BROKEN = "SR-HUAXIN-2026-09-01"


def fixture_reports() -> list[tuple[Report, bool]]:
    return [
        (demo_report(GOOD), False),
        (
            demo_report(
                SUPERSEDING,
                title="华信银行 2026 年 3 月 IT 运维服务报告（修订版）",
                period=parse_period("2026-03"),
                supersedes="SR-HUAXIN-2026-03-01",
                amendment_reason="3 月核心系统可用性数据经监控平台复核后更正，重新计算可用性指标",
                prepared=date(2026, 4, 16),
                approved_on=date(2026, 4, 18),
                issued=date(2026, 4, 20),
            ),
            False,
        ),
        (
            demo_report(
                SPECIAL,
                path=f"reports/dingsheng/2026/{SPECIAL}.md",
                title="三季度话务高峰与人力排班专题分析",
                customer="dingsheng",
                period=parse_period("2026-Q3"),
                category=Category.SPECIAL,
                approver="sun.li",
                prepared=date(2026, 10, 12),
                approved_on=date(2026, 10, 14),
                issued=date(2026, 10, 15),
            ),
            False,
        ),
        (demo_report(BROKEN, title="华信银行 2026 年 9 月 IT 运维服务报告"), True),
    ]
