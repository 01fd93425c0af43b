"""KPI trends -> plotly Figure + the same numbers as a table model (the accessible fallback).

``lang`` ("zh" or "en") picks the texts (``model/strings.yml``: ``block.chart``) and the
registry's KPI titles and units.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from reportal.kpi import block_texts
from reportal.kpi.block_texts import language, text
from reportal.kpi.definition_set import UNITS, KpiDefinition
from reportal.kpi.engine import KpiEngine, KpiResult
from reportal.kpi.forecast import BACKTEST, MIN_POINTS, Forecast
from reportal.kpi.forecast import forecast as forecast_series
from reportal.kpi.format import format_result, format_target, format_value
from reportal.kpi.tables import Row, TableModel
from reportal.model.macros import MAX_FORECAST, MAX_TREND_PERIODS
from reportal.model.period import Period

_COLOURS = {"line": "#1565c0", "target": "#2e7d32"}
TEMPLATE = "plotly_white"  # expanded by the renderer (portal/blocks_html.py), once per process
Figure = dict[str, Any]  # a plotly figure as JSON-able data: {"data": [...], "layout": {...}}
# Report charts and the portal's dashboards draw targets alike: a dashed green line.
TARGET_LINE = {"color": _COLOURS["target"], "dash": "dash", "width": 2}
ACTUAL_COLOUR = _COLOURS["line"]

HISTORY = 36  # periods a forecast is fitted on (from the first period with data)


@dataclass(frozen=True)
class Chart:
    title: str
    figure: Figure
    table: TableModel
    description: str
    kpi: str = ""  # the KPI drawn (its definition is printed in the report's appendix)


def trend_chart(
    engine: KpiEngine,
    customer: str,
    period: Period,
    kpi_id: str,
    count: int,
    lang: str = "zh",
    forecast: int = 0,
) -> Chart:
    """The last ``count`` periods of a KPI; ``forecast`` > 0 adds that many forecast periods
    of a volume KPI (a dashed continuation with its 80 % band, and rows in the table)."""
    if not 1 <= count <= MAX_TREND_PERIODS:
        raise ValueError(f"periods must be between 1 and {MAX_TREND_PERIODS}, not {count}")
    lang = language(lang)
    chart = _trend(engine, customer, period, kpi_id, count, lang)
    if forecast:
        chart = _with_forecast(chart, engine, customer, period, kpi_id, forecast, lang)
    return chart


def _trend(
    engine: KpiEngine, customer: str, period: Period, kpi_id: str, count: int, lang: str
) -> Chart:
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
            (p.text, format_result(r.value, definition, lang)),
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


def is_volume(definition: KpiDefinition) -> bool:
    """Forecasts are for volumes (tickets opened, calls offered), not for rates."""
    return definition.unit == "count" and definition.higher_is_better is None


def _with_forecast(
    chart: Chart,
    engine: KpiEngine,
    customer: str,
    period: Period,
    kpi_id: str,
    horizon: int,
    lang: str,
) -> Chart:
    points = engine.trend(customer, period, kpi_id, HISTORY)
    definition = points[-1][1].definition
    if not is_volume(definition) or not 1 <= horizon <= MAX_FORECAST:
        raise ValueError(
            f"forecast is 1 to {MAX_FORECAST} periods of a volume KPI, not {horizon} of {kpi_id}"
        )
    result = forecast_series(_history([r.value.value for _, r in points]), horizon)
    if not result.values:
        note = _word(f"forecast_{result.reason}", lang).format(result.points, MIN_POINTS)
        return replace(chart, table=replace(chart.table, note=_joined(chart.table.note, note)))
    labels = [period.shift(step).text for step in range(1, horizon + 1)]
    _draw_forecast(
        chart.figure, chart.table.rows[-1].key or period.text, points, labels, result, lang
    )
    rows = tuple(
        _forecast_row(label, result, i, definition, lang) for i, label in enumerate(labels)
    )
    mape = _word("untested", lang) if result.mape is None else f"{result.mape:.1f}%"
    note = _word("forecast_note", lang).format(result.method, mape, BACKTEST)
    table = replace(chart.table, rows=chart.table.rows + rows, note=_joined(chart.table.note, note))
    return replace(chart, table=table)


def _history(values: list[float | None]) -> list[float | None]:
    """From the first period with data: months before an export starts count 0, not history."""
    first = next((i for i, v in enumerate(values) if v), len(values))
    return values[first:]


def _draw_forecast(
    figure: Figure,
    last_label: str,
    points: list[tuple[Period, KpiResult]],
    labels: list[str],
    result: Forecast,
    lang: str,
) -> None:
    last = points[-1][1].value.value
    figure["data"].extend(forecast_traces(last_label, last, labels, result, lang))


def forecast_traces(
    last_label: str, last: float | None, labels: list[str], result: Forecast, lang: str
) -> list[dict[str, Any]]:
    """The 80 % band and the dashed continuation from the last actual point, as plotly JSON."""
    band = {
        "type": "scatter",
        "x": labels + labels[::-1],
        "y": [float(v) for v in (*result.upper, *list(result.lower)[::-1])],
        "fill": "toself",
        "fillcolor": "rgba(21, 101, 192, 0.15)",
        "line": {"width": 0},
        "hoverinfo": "skip",
        "name": _word("band", lang),
    }
    line = {
        "type": "scatter",
        "x": [last_label, *labels],
        "y": [None if last is None else float(last), *(float(v) for v in result.values)],
        "mode": "lines+markers",
        "name": _word("forecast", lang),
        "line": {"color": _COLOURS["line"], "dash": "dash", "width": 2},
    }
    return [band, line]


def _forecast_row(
    label: str, result: Forecast, index: int, definition: KpiDefinition, lang: str
) -> Row:
    cell = _word("forecast_cell", lang).format(
        *(
            format_value(v, definition, lang)
            for v in (result.values[index], result.lower[index], result.upper[index])
        )
    )
    return Row((label, cell), None, label=_word("forecast", lang), key=f"forecast:{label}")


def _joined(first: str, second: str) -> str:
    return f"{first} {second}".strip() if first else second


def _word(key: str, lang: str) -> str:
    return block_texts.word(f"chart.{key}", lang)


def _figure(
    labels: list[str],
    values: list[float | None],
    target: float | None,
    unit: str,
    kind: str,
    lang: str = "zh",
) -> Figure:
    """The chart as a plain plotly figure dict: no ``go.Figure`` (no per-figure template copy);
    the renderer expands ``layout.template`` (a name here) once per process."""
    actual = _word("actual", lang)
    values = [None if v is None or v != v else float(v) for v in values]  # NaN: no data
    traces: list[dict[str, Any]]
    if kind == "count":
        traces = [
            {"type": "bar", "x": labels, "y": values, "name": actual,
             "marker": {"color": _COLOURS["line"]}}
        ]  # fmt: skip
    else:
        traces = [
            {"type": "scatter", "x": labels, "y": values, "mode": "lines+markers", "name": actual,
             "line": {"color": _COLOURS["line"], "width": 2}, "connectgaps": False}
        ]  # fmt: skip
    if target is not None:
        traces.append(
            {"type": "scatter", "x": labels, "y": [float(target)] * len(labels), "mode": "lines",
             "name": _word("target", lang),
             "line": TARGET_LINE}
        )  # fmt: skip
    return {"data": traces, "layout": {**_LAYOUT, "yaxis": {"title": {"text": unit}}}}


_LAYOUT: dict[str, Any] = {
    "template": TEMPLATE,
    "height": 320,
    "margin": {"l": 50, "r": 20, "t": 20, "b": 40},
    "legend": {"orientation": "h", "y": -0.2},
    "xaxis": {"type": "category"},
    "font": {"family": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"},
}
