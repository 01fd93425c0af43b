"""Macro blocks: one allow-listed macro call of a report -> a JSON-able model in one language.

A block is what a macro shows, as data: ``{"type": "table", ...}`` (a ``TableModel``) or
``{"type": "chart", "title", "figure", "table", "description"}``. Report snapshots store blocks;
the macros adapter renders them to HTML (``portal/blocks_html.py``). Computing a block and rendering
it are apart, so a frozen block renders exactly as it did when it was computed.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import asdict
from typing import Any, Protocol

from reportal.kpi import charts, tables
from reportal.kpi.definition_set import all_definitions, get_definition
from reportal.kpi.engine import KpiEngine
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


def compute_block(
    engine: KpiEngine,
    target: BlockTarget,
    name: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    lang: str,
) -> Json:
    """The block of ``name(*args, **kwargs)``; raises LookupError, ValueError or TypeError with
    a readable reason for a call that cannot be answered."""
    builder = BUILDERS.get(name)
    if builder is None:
        raise LookupError(f'"{name}" is not a Reportal macro')
    return builder(engine, target, *args, lang=tables.language(lang), **kwargs)


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


def _kpi_table(engine: KpiEngine, t: BlockTarget, family: str, *, lang: str) -> Json:
    return table_json(tables.kpi_table(engine, t.customer, t.period, family, lang))


def _sla_table(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.sla_table(engine, t.customer, t.period, lang))


def _trend_chart(
    engine: KpiEngine, t: BlockTarget, kpi: str, periods: int = 12, forecast: int = 0, *, lang: str
) -> Json:
    if get_definition(kpi) is None:
        known = [d.id for d in all_definitions()]
        close = difflib.get_close_matches(kpi, known, n=1)
        hint = f' (did you mean "{close[0]}"?)' if close else f" (known: {', '.join(known)})"
        raise LookupError(f'unknown KPI "{kpi}"{hint}')
    chart = charts.trend_chart(engine, t.customer, t.period, kpi, int(periods), lang, int(forecast))
    return chart_json(chart)


def _satisfaction(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.satisfaction_table(engine, t.customer, t.period, lang))


def _availability_table(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.availability_table(engine, t.customer, t.period, lang))


def _actions_table(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.actions_table(engine, t.customer, t.period, t.number, lang))


def _data_coverage(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.coverage_table(engine, t.customer, t.period, t.data_gaps, lang))


def _kpi_definitions(engine: KpiEngine, t: BlockTarget, *, lang: str) -> Json:
    return table_json(tables.definitions_table(engine, t.customer, lang))


BUILDERS: dict[str, Callable[..., Json]] = {
    "kpi_table": _kpi_table,
    "sla_table": _sla_table,
    "trend_chart": _trend_chart,
    "satisfaction": _satisfaction,
    "availability_table": _availability_table,
    "actions_table": _actions_table,
    "data_coverage": _data_coverage,
    "kpi_definitions": _kpi_definitions,
}
