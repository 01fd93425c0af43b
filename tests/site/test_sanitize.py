"""The sanitiser keeps the charts the macros emitted and takes hand-made ones apart."""

from __future__ import annotations

import plotly.graph_objects as go

from reportal.kpi.charts import Chart
from reportal.kpi.tables import TableModel
from reportal.macros.render import render_chart
from reportal.site.sanitize import sanitize_html


def macro_chart() -> str:
    figure = go.Figure(go.Bar(x=["2026-10"], y=[99.5], name="实际 <b>&"))
    table = TableModel(kind="trend", title="可用率", headers=("期间", "值"), rows=(), lang="zh")
    return render_chart(Chart(figure=figure, title="可用率", description="可用率趋势", table=table))


def test_a_macro_chart_survives_without_its_seal() -> None:
    html = macro_chart()
    clean = sanitize_html(html)
    assert 'data-chart-seal="' in html and "data-chart-seal" not in clean
    assert clean == html.replace(html[html.index(' data-chart-seal="') :].split(">")[0], "")


def test_a_hand_made_chart_loses_its_class_and_figure() -> None:
    forged = (
        '<div class="reportal-chart" data-figure=\'{"data":[{"type":"bar","y":[100]}]}\'></div>\n'
        '<p title=">" class="note reportal-chart" data-figure="{}">文字</p>\n'
        '<div class="reportal-chart" data-figure="{}" data-chart-seal="00000000">x</div>'
    )
    clean = sanitize_html(forged)
    assert "reportal-chart" not in clean and "data-figure" not in clean, clean
    assert '<p title="&gt;" class="note">文字</p>' in clean


def test_a_copied_seal_does_not_fit_another_figure() -> None:
    html = macro_chart()
    start = html.index('data-figure="') + len('data-figure="')
    end = html.index('"', start)
    forged = html[:start] + "{&quot;data&quot;:[]}" + html[end:]
    assert "reportal-chart" not in sanitize_html(forged)
