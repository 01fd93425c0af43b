"""Charts on the generated portal pages, in the site's chart contract.

A chart is the element every report chart is too (``blocks_html.chart_element``:
``<div class="reportal-chart" data-figure="{plotly JSON}" role="img" aria-label="{title}">``);
the theme's ``charts.js`` draws every such div. The figure is built as a plain dict (no plotly
template: small pages) and the mode bar is off, so the chart adds no focusable controls; the
numbers are always in a table next to the chart as well.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportal.kpi.charts import TARGET_LINE
from reportal.portal.blocks_html import chart_element

FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"


def figure(
    traces: Sequence[dict[str, Any]],
    title: str,
    y_range: tuple[float, float] | None = None,
    shapes: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    layout: dict[str, Any] = {
        "title": {"text": title, "font": {"size": 15}},
        "font": {"family": FONT, "size": 12},
        "margin": {"l": 50, "r": 20, "t": 50, "b": 50},
        "height": 320,
        "hovermode": "x unified",
        "legend": {"orientation": "h", "y": -0.2},
        "xaxis": {"type": "category"},
        "yaxis": {"automargin": True} if y_range is None else {"range": list(y_range)},
        "shapes": list(shapes),
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
    }
    layout["annotations"] = [_label_of(shape) for shape in shapes if shape.get("name")]
    return {"data": list(traces), "layout": layout, "config": {"displayModeBar": False}}


def _label_of(shape: dict[str, Any]) -> dict[str, Any]:
    """The shape's name written at the right end of the line, just above it."""
    return {
        "xref": "paper", "x": 1, "y": shape["y1"], "text": shape["name"], "showarrow": False,
        "xanchor": "right", "yanchor": "bottom",
        "font": {"size": 11, "color": TARGET_LINE["color"]},
    }  # fmt: skip


def chart_block(
    traces: Sequence[dict[str, Any]],
    title: str,
    y_range: tuple[float, float] | None = None,
    shapes: Sequence[dict[str, Any]] = (),
) -> str:
    """A raw-HTML block (blank lines around it) holding one chart, named by its title."""
    return f"\n{chart_element(figure(traces, title, y_range, shapes), title)}\n"


def target_line(value: float, label: str) -> dict[str, Any]:
    """A dashed horizontal line across the plot at ``value`` (a KPI target)."""
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": value,
        "y1": value,
        "line": dict(TARGET_LINE),  # as in the report charts
        "name": label,
    }
