"""Customer dashboards (客户仪表板): each customer's main KPIs across all reported periods
against their targets, as trend charts, with a table whose every point links to its report.

The main KPIs are the customer's ``targets`` in ``data/customers.yml``. Values come from a
``KpiSource`` (the KPI engine, computed once per build); without one the page still lists
the reports behind each period and says that values are unavailable.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from reportal.kpi.charts import ACTUAL_COLOUR
from reportal.kpi.definition_set import UNITS, get_definition
from reportal.kpi.engine import KpiEngine, shared_engine
from reportal.kpi.format import format_value
from reportal.model.period import Period
from reportal.model.report import Category, Report, Status
from reportal.portal.charts import chart_block, target_line
from reportal.portal.text import (
    PortalContext,
    md_link,
    md_table,
    md_text,
    number_link,
)
from reportal.portal.urls import rel_url

DASHBOARD_INDEX = "dashboard/index.md"
DASHBOARD_PAGE = "dashboard/{customer}.md"


class KpiSource(Protocol):
    """What a dashboard needs from the KPI engine."""

    def value(self, customer: str, kpi: str, period: Period) -> float | None: ...

    def title(self, kpi: str, lang: str) -> str: ...

    def unit(self, kpi: str, lang: str = "zh") -> str: ...

    def format(self, kpi: str, value: float | None, lang: str) -> str: ...

    def higher_is_better(self, kpi: str) -> bool | None: ...


KpiLookup = KpiSource


class EngineKpiSource:
    """``KpiSource`` over the KPI engine (computed once per build, shared with the macros)."""

    def __init__(self, engine: KpiEngine) -> None:
        self.engine = engine

    def value(self, customer: str, kpi: str, period: Period) -> float | None:
        try:
            return self.engine.result(customer, period, kpi).value.value
        except LookupError:  # the customer has no source for this KPI
            return None

    def title(self, kpi: str, lang: str) -> str:
        definition = get_definition(kpi)
        return definition.title.get(lang, definition.title["zh"]) if definition else kpi

    def unit(self, kpi: str, lang: str = "zh") -> str:
        definition = get_definition(kpi)
        if definition is None:
            return ""
        return UNITS.get(definition.unit, {}).get(lang, definition.unit)

    def format(self, kpi: str, value: float | None, lang: str) -> str:
        definition = get_definition(kpi)
        if definition is None:
            return "—" if value is None else f"{value:g}"
        return format_value(value, definition, lang)

    def higher_is_better(self, kpi: str) -> bool | None:
        definition = get_definition(kpi)
        return definition.higher_is_better if definition else None


def engine_source(root: Path) -> KpiSource:
    return EngineKpiSource(shared_engine(root))


def dashboard_uri(customer: str) -> str:
    return DASHBOARD_PAGE.format(customer=customer)


def dashboard_pages(ctx: PortalContext, source: KpiSource | None) -> dict[str, str]:
    pages = {dashboard_uri(c): dashboard_page(ctx, c, source) for c in ctx.customers}
    pages[DASHBOARD_INDEX] = _index_page(ctx, source)
    return pages


def _index_page(ctx: PortalContext, source: KpiSource | None) -> str:
    """One row per customer: the latest reported period and how its main KPIs stand."""
    zh = ctx.lang != "en"
    lines = [f"# {ctx.label('dashboard_title')}\n"]
    lines.append(
        "各客户最新一期已签发常规报告中主要指标的达标情况；点击客户名称查看全部报告期的走势。\n"
        if zh
        else "How each customer's main KPIs stood in the latest issued regular report; "
        "open a customer for every period's trend.\n"
    )
    headers = [ctx.label("customer"), ctx.label("period"), "达标" if zh else "Met",
               "未达标" if zh else "Missed", ctx.label("report")]  # fmt: skip
    rows = [_index_row(ctx, customer, source) for customer in ctx.customers]
    lines.append(md_table(headers, rows))
    return "\n".join(lines)


def _index_row(ctx: PortalContext, customer: str, source: KpiSource | None) -> list[str]:
    name = md_link(ctx.customer_name(customer), DASHBOARD_INDEX, dashboard_uri(customer))
    reports = [r for r in period_reports(ctx, customer) if r.status.is_issued]
    if not reports:
        return [name, "—", "—", "—", "—"]
    latest = reports[-1]
    met, missed = _target_counts(ctx, customer, latest.period, source)
    link = number_link(latest.number, DASHBOARD_INDEX, ctx.report_uri(latest))
    return [name, md_text(latest.period.text), met, missed, link]


def _target_counts(
    ctx: PortalContext, customer: str, period: Period, source: KpiSource | None
) -> tuple[str, str]:
    if source is None:
        return "—", "—"
    met = missed = 0
    for kpi, target in _targets(ctx, customer).items():
        value = source.value(customer, kpi, period)
        if value is None:
            continue
        better = source.higher_is_better(kpi)
        if better is None:
            continue
        if (value >= target) if better else (value <= target):
            met += 1
        else:
            missed += 1
    return str(met), str(missed)


def period_reports(ctx: PortalContext, customer: str) -> list[Report]:
    """The current regular report of each period (an amendment replaces its original)."""
    current: dict[str, Report] = {}
    for report in sorted(ctx.visible_reports(), key=lambda r: r.number):
        if report.customer != customer or report.category is not Category.REGULAR:
            continue
        if report.status in (Status.SUPERSEDED, Status.WITHDRAWN):
            continue
        if report.status.is_issued or report.period.text not in current:
            current[report.period.text] = report
    return sorted(current.values(), key=lambda r: r.period.start)


def dashboard_page(ctx: PortalContext, customer: str, source: KpiSource | None) -> str:
    zh = ctx.lang != "en"
    name = ctx.customer_name(customer)
    uri = dashboard_uri(customer)
    reports = period_reports(ctx, customer)
    parts = [f"# {md_text(name)} {ctx.label('dashboard_title')}\n", _intro(zh)]
    if source is None:
        parts.append("KPI 数值暂不可用。\n" if zh else "KPI values are not available.\n")
    else:
        for kpi, target in _targets(ctx, customer).items():
            parts.append(_kpi_section(ctx, uri, customer, kpi, target, reports, source))
    parts.append(f"## {'各期报告' if zh else 'Reports by period'}\n")
    rows = [[md_text(r.period.text), md_link(f"{r.number} {r.title}", uri, ctx.report_uri(r))]
            for r in reports]  # fmt: skip
    parts.append(md_table([ctx.label("period"), ctx.label("report")], rows))
    return "\n".join(parts)


def _intro(zh: bool) -> str:
    if zh:
        return "各主要指标在全部报告期内的走势及目标值（虚线）。表中每一期都链接到对应的报告。\n"
    return (
        "Main KPIs across all periods against their targets (dashed). "
        "Each period links to its report.\n"
    )


def _targets(ctx: PortalContext, customer: str) -> dict[str, float]:
    found = ctx.registry.customers.get(customer)
    raw: Mapping[str, Any] = found.targets if found else {}
    result = {}
    for kpi, spec in raw.items():
        value = spec.get("target") if isinstance(spec, Mapping) else spec
        if isinstance(value, int | float):
            result[str(kpi)] = float(value)
    return result


def _with_unit(title: str, unit: str, zh: bool) -> str:
    if not unit:
        return title
    return f"{title}（{unit}）" if zh else f"{title} ({unit})"


def _kpi_section(
    ctx: PortalContext,
    uri: str,
    customer: str,
    kpi: str,
    target: float,
    reports: list[Report],
    source: KpiSource,
) -> str:
    zh = ctx.lang != "en"
    title = source.title(kpi, ctx.lang) or kpi
    unit = source.unit(kpi, ctx.lang)
    values = [source.value(customer, kpi, r.period) for r in reports]
    if all(v is None for v in values):
        return ""  # no data source for this KPI: no empty chart
    trace = {
        "type": "scatter",
        "mode": "lines+markers",
        "line": {"color": ACTUAL_COLOUR, "width": 2},
        "name": title,
        "x": [r.period.text for r in reports],
        "y": values,
        "customdata": [rel_url(uri, ctx.report_uri(r)) for r in reports],
    }
    better = source.higher_is_better(kpi)
    sign = "" if better is None else "≥ " if better else "≤ "
    target_text = sign + source.format(kpi, target, ctx.lang)
    target_label = f"{'目标' if zh else 'Target'} {target_text}"
    chart = chart_block([trace], _with_unit(title, unit, zh),
                        shapes=[target_line(target, target_label)])  # fmt: skip
    headers = [ctx.label("period"), title, "目标" if zh else "Target", ctx.label("report")]
    rows = [
        [md_text(r.period.text), md_text(source.format(kpi, v, ctx.lang)), md_text(target_text),
         number_link(r.number, uri, ctx.report_uri(r))]
        for r, v in zip(reports, values, strict=True)
    ]  # fmt: skip
    return f"## {md_text(title)}\n\n{chart}\n{collapsed(data_label(zh), md_table(headers, rows))}"


def data_label(zh: bool) -> str:
    return "数据表（各期数值与报告链接）" if zh else "Data table (values by period, with reports)"


def collapsed(summary: str, markdown: str) -> str:
    """``markdown`` in a closed ``<details>`` (pymdownx.details): the chart stays in view."""
    body = "".join(f"    {line}\n" if line else "\n" for line in markdown.splitlines())
    return f'??? note "{summary}"\n\n{body}'
