"""Macro blocks: one allow-listed macro call of a report -> a JSON-able model in one language.

A block is what a macro shows, as data: ``{"type": "table", ...}`` (a ``TableModel``) or
``{"type": "chart", "title", "figure", "table", "description"}``. Report snapshots store blocks;
the macros adapter renders them to HTML (``portal/blocks_html.py``). Computing a block
(``kpi/macro_set.py``) and rendering it are apart, so a frozen block renders exactly as it did
when it was computed.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any, Protocol

from reportal.kpi import charts
from reportal.kpi.tables import Row, TableModel
from reportal.model.period import Period
from reportal.model.report import DataGap

Json = dict[str, Any]


class BlockTarget(Protocol):
    """The report a block belongs to (a ``Report``, or the macros adapter's page report)."""

    @property
    def customer(self) -> str: ...

    @property
    def period(self) -> Period: ...

    @property
    def number(self) -> str | None: ...

    @property
    def data_gaps(self) -> tuple[DataGap, ...]: ...


def table_json(model: TableModel) -> Json:
    data = asdict(model)
    data["rows"] = [asdict(row) for row in model.rows]
    return {"type": "table", **data}


def table_model(data: Json) -> TableModel:
    rows = tuple(
        Row(
            tuple(row["cells"]),
            row.get("state"),
            bool(row.get("severe")),
            row.get("label"),
            row.get("key"),
        )
        for row in data["rows"]
    )
    return TableModel(
        data["kind"],
        data["title"],
        tuple(data["headers"]),
        rows,
        bool(data.get("has_state", True)),
        data.get("note", ""),
        data.get("lang", "zh"),
    )


def chart_json(chart: charts.Chart) -> Json:
    return {
        "type": "chart",
        "title": chart.title,
        "figure": chart.figure,
        "table": table_json(chart.table),
        "description": chart.description,
        "kpi": chart.kpi,
    }
