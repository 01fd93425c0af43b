"""KPI trends -> plotly Figure + the same numbers as a table model (the accessible fallback).

``lang`` ("zh" or "en") picks the texts in ``WORDS`` and the registry's KPI titles and units.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go

from reportal.kpi.engine import KpiEngine
from reportal.kpi.format import format_target, format_value
from reportal.kpi.registry import UNITS, Text
from reportal.kpi.tables import Row, TableModel, language, text
from reportal.model.period import Period

_COLOURS = {"line": "#1565c0", "target": "#2e7d32"}
# Report charts and the portal's dashboards draw targets alike: a dashed green line.
TARGET_LINE = {"color": _COLOURS["target"], "dash": "dash", "width": 2}
ACTUAL_COLOUR = _COLOURS["line"]

WORDS: dict[str, Text] = {
    "title": {"zh": "{}（近 {} 期）", "en": "{} (last {} periods)"},
    "period": {"zh": "期间", "en": "Period"},
    "state": {"zh": "状态", "en": "Status"},
    "target": {"zh": "目标", "en": "Target"},
    "note": {"zh": "目标：{}", "en": "Target: {}"},
    "actual": {"zh": "实际", "en": "Actual"},
    "description": {"zh": "{}折线图：", "en": "{}, line chart: "},
    "separator": {"zh": "，", "en": ", "},
}


@dataclass(frozen=True)
class Chart:
    title: str
    figure: go.Figure
    table: TableModel
    description: str
    kpi: str = ""  # the KPI drawn (its definition is printed in the report's appendix)


def trend_chart(
    engine: KpiEngine, customer: str, period: Period, kpi_id: str, count: int, lang: str = "zh"
) -> Chart:
    if not 1 <= count <= 60:
        raise ValueError(f"periods must be between 1 and 60, not {count}")
    lang = language(lang)
    points = engine.trend(customer, period, kpi_id, count)
    definition = points[-1][1].definition
    target = points[-1][1].target
    labels = [p.text for p, _ in points]
    values = [r.value.value for _, r in points]
    unit = UNITS[definition.unit][lang]
    name = text(definition.title, lang)
    title = _word("title", lang).format(name, count)
    line = target.target if target else None
    figure = _figure(labels, values, line, unit, definition.unit, lang)
    rows = tuple(
        Row(
            (p.text, format_value(r.value.value, definition, lang)),
            r.state,
            r.assessment.severe,
            key=p.text,
        )
        for p, r in points
    )
    table = TableModel(
        "trend",
        title,
        (_word("period", lang), name, _word("state", lang)),
        rows,
        note=_word("note", lang).format(format_target(target, definition, lang)) if target else "",
        lang=lang,
    )
    shown = [f"{p.text} {format_value(r.value.value, definition, lang)}" for p, r in points]
    description = _word("description", lang).format(title) + _word("separator", lang).join(shown)
    return Chart(title, figure, table, description, kpi_id)


def _word(key: str, lang: str) -> str:
    return text(WORDS[key], lang)


def _figure(
    labels: list[str],
    values: list[float | None],
    target: float | None,
    unit: str,
    kind: str,
    lang: str = "zh",
) -> go.Figure:
    figure = go.Figure()
    actual = _word("actual", lang)
    if kind == "count":
        figure.add_bar(x=labels, y=values, name=actual, marker_color=_COLOURS["line"])
    else:
        figure.add_scatter(
            x=labels,
            y=values,
            mode="lines+markers",
            name=actual,
            line={"color": _COLOURS["line"], "width": 2},
            connectgaps=False,
        )
    if target is not None:
        figure.add_scatter(
            x=labels,
            y=[target] * len(labels),
            mode="lines",
            name=_word("target", lang),
            line=TARGET_LINE,
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
