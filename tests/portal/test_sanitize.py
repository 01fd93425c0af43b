"""The sanitiser takes apart every chart container of author HTML: the macros' own charts are
put back into the page after sanitising (site plugin), so none of them pass through it."""

from __future__ import annotations

from reportal.kpi.charts import Chart
from reportal.kpi.tables import TableModel
from reportal.portal.blocks_html import render_chart
from reportal.portal.sanitize import sanitize_html


def macro_chart() -> str:
    figure = {"data": [{"type": "bar", "x": ["2026-10"], "y": [99.5], "name": "实际 <b>&"}]}
    table = TableModel(kind="trend", title="可用率", headers=("期间", "值"), rows=(), lang="zh")
    return render_chart(Chart(figure=figure, title="可用率", description="可用率趋势", table=table))


def test_a_hand_made_chart_loses_its_class_and_figure() -> None:
    forged = (
        '<div class="reportal-chart" data-figure=\'{"data":[{"type":"bar","y":[100]}]}\'></div>\n'
        '<p title=">" class="note reportal-chart" data-figure="{}">文字</p>\n'
        '<div class="reportal-chart" data-figure="{}" data-chart-seal="00000000">x</div>'
    )
    clean = sanitize_html(forged)
    assert "reportal-chart" not in clean and "data-figure" not in clean, clean
    assert '<p title="&gt;" class="note">文字</p>' in clean


def test_a_copy_of_a_macro_chart_in_a_body_is_taken_apart_too() -> None:
    html = macro_chart()
    assert "reportal-chart" in html and "data-figure" in html
    clean = sanitize_html(html)
    assert "reportal-chart" not in clean and "data-figure" not in clean
