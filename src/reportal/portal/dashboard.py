"""Customer dashboards (客户仪表板): each customer's main KPIs across all reported periods
against their targets, as trend charts, with a table whose every point links to its report.

The main KPIs are the customer's ``targets`` in ``data/customers.yml``. Values come from a
``KpiSource`` (the KPI engine, computed once per build); without one the page still lists
the reports behind each period and says that values are unavailable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from reportal.kpi.charts import ACTUAL_COLOUR
from reportal.kpi.definition_set import UNITS, get_definition
from reportal.kpi.engine import KpiEngine
from reportal.kpi.format import format_value
from reportal.kpi.shared import shared_engine
from reportal.kpi.targets import customer_targets
from reportal.model.period import Period
from reportal.model.report import Category, Report, Status
from reportal.portal.charts import chart_block, target_line
from reportal.portal.escape import escape_markdown
from reportal.portal.text import PortalContext, md_link, md_table, number_link
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


def report_value(ctx: PortalContext, source: KpiSource, report: Report, kpi: str) -> float | None:
    """A report's figure for ``kpi``: as issued (its frozen snapshot) when it is issued, so a
    dashboard point always agrees with the report it links to; else from today's exports."""
    issued = ctx.issued_values.get(report.path)
    if issued is not None:
        return issued.get(kpi)
    return source.value(report.customer, kpi, report.period)


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
    lines = [f"# {ctx.text('dashboard.title')}\n", ctx.text("dashboard.index_intro") + "\n"]
    keys = ("field.customer", "field.period", "dashboard.met", "dashboard.missed", "field.report")
    headers = [ctx.text(key) for key in keys]
    rows = [_index_row(ctx, customer, source) for customer in ctx.customers]
    lines.append(md_table(headers, rows))
    return "\n".join(lines)


def _index_row(ctx: PortalContext, customer: str, source: KpiSource | None) -> list[str]:
    name = md_link(ctx.customer_name(customer), DASHBOARD_INDEX, dashboard_uri(customer))
    reports = [r for r in period_reports(ctx, customer) if r.status.is_issued]
    if not reports:
        return [name, "—", "—", "—", "—"]
    latest = reports[-1]
    met, missed = _target_counts(ctx, customer, latest, source)
    link = number_link(latest.number, DASHBOARD_INDEX, ctx.report_uri(latest))
    return [name, escape_markdown(latest.period.text), met, missed, link]


def _target_counts(
    ctx: PortalContext, customer: str, report: Report, source: KpiSource | None
) -> tuple[str, str]:
    if source is None:
        return "—", "—"
    met = missed = 0
    for kpi, target in _targets(ctx, customer).items():
        value = report_value(ctx, source, report, kpi)
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
    name = ctx.customer_name(customer)
    uri = dashboard_uri(customer)
    reports = period_reports(ctx, customer)
    title = ctx.text("dashboard.customer_title", name=escape_markdown(name))
    parts = [f"# {title}\n", ctx.text("dashboard.intro") + "\n"]
    if source is None:
        parts.append(ctx.text("dashboard.no_values") + "\n")
    else:
        for kpi, target in _targets(ctx, customer).items():
            parts.append(_kpi_section(ctx, uri, customer, kpi, target, reports, source))
    parts.append(f"## {ctx.text('dashboard.reports_by_period')}\n")
    rows = [
        [escape_markdown(r.period.text), md_link(f"{r.number} {r.title}", uri, ctx.report_uri(r))]
        for r in reports
    ]
    parts.append(md_table([ctx.text("field.period"), ctx.text("field.report")], rows))
    return "\n".join(parts)


def _targets(ctx: PortalContext, customer: str) -> dict[str, float]:
    found = ctx.registry.customers.get(customer)
    targets = customer_targets(found.targets) if found else {}
    return {kpi: target.target for kpi, target in targets.items()}


def _with_unit(ctx: PortalContext, title: str, unit: str) -> str:
    return ctx.text("dashboard.with_unit", title=title, unit=unit) if unit else title


def _kpi_section(
    ctx: PortalContext,
    uri: str,
    customer: str,
    kpi: str,
    target: float,
    reports: list[Report],
    source: KpiSource,
) -> str:
    title = source.title(kpi, ctx.lang) or kpi
    unit = source.unit(kpi, ctx.lang)
    values = [report_value(ctx, source, r, kpi) for r in reports]
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
    target_label = ctx.text("dashboard.target_line", target=target_text)
    chart = chart_block([trace], _with_unit(ctx, title, unit),
                        shapes=[target_line(target, target_label)])  # fmt: skip
    headers = [ctx.text("field.period"), title, ctx.text("dashboard.target"),
               ctx.text("field.report")]  # fmt: skip
    rows = [
        [
            escape_markdown(r.period.text),
            escape_markdown(source.format(kpi, v, ctx.lang)),
            escape_markdown(target_text),
            number_link(r.number, uri, ctx.report_uri(r)),
        ]
        for r, v in zip(reports, values, strict=True)
    ]
    table = collapsed(ctx.text("dashboard.data_table"), md_table(headers, rows))
    return f"## {escape_markdown(title)}\n\n{chart}\n{table}"


def collapsed(summary: str, markdown: str) -> str:
    """``markdown`` in a closed ``<details>`` (pymdownx.details): the chart stays in view."""
    body = "".join(f"    {line}\n" if line else "\n" for line in markdown.splitlines())
    return f'??? note "{summary}"\n\n{body}'
