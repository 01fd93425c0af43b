"""KPI trends -> plotly Figure + the same numbers as a table model (the accessible fallback)."""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from reportal.kpi.engine import KpiEngine
from reportal.kpi.format import format_target, format_value
from reportal.kpi.registry import UNITS
from reportal.kpi.tables import Row, TableModel
from reportal.model.period import Period

_COLOURS = {"line": "#1565c0", "target": "#2e7d32"}


@dataclass(frozen=True)
class Chart:
    title: str
    figure: go.Figure
    table: TableModel
    description: str


def trend_chart(engine: KpiEngine, customer: str, period: Period, kpi_id: str, count: int) -> Chart:
    if not 1 <= count <= 60:
        raise ValueError(f"periods must be between 1 and 60, not {count}")
    points = engine.trend(customer, period, kpi_id, count)
    definition = points[-1][1].definition
    target = points[-1][1].target
    labels = [p.text for p, _ in points]
    values = [r.value.value for _, r in points]
    unit = UNITS[definition.unit]["zh"]
    title = f"{definition.title['zh']}（近 {count} 期）"
    figure = _figure(labels, values, target.target if target else None, unit, definition.unit)
    rows = tuple(
        Row(
            (p.text, format_value(r.value.value, definition)),
            r.state,
            r.assessment.severe,
            key=p.text,
        )
        for p, r in points
    )
    table = TableModel(
        "trend",
        title,
        ("期间", definition.title["zh"], "状态"),
        rows,
        note=f"目标：{format_target(target, definition)}" if target else "",
    )
    shown = [f"{p.text} {format_value(r.value.value, definition)}" for p, r in points]
    description = f"{title}折线图：" + "，".join(shown)
    return Chart(title, figure, table, description)


def _figure(
    labels: list[str], values: list[float | None], target: float | None, unit: str, kind: str
) -> go.Figure:
    figure = go.Figure()
    if kind == "count":
        figure.add_bar(x=labels, y=values, name="实际", marker_color=_COLOURS["line"])
    else:
        figure.add_scatter(
            x=labels,
            y=values,
            mode="lines+markers",
            name="实际",
            line={"color": _COLOURS["line"], "width": 2},
            connectgaps=False,
        )
    if target is not None:
        figure.add_scatter(
            x=labels,
            y=[target] * len(labels),
            mode="lines",
            name="目标",
            line={"color": _COLOURS["target"], "dash": "dash"},
        )
    figure.update_layout(
        template="plotly_white",
        height=320,
        margin={"l": 50, "r": 20, "t": 20, "b": 40},
        legend={"orientation": "h", "y": -0.2},
        yaxis_title=unit,
        xaxis={"type": "category"},
        font={"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
    )
    return figure
