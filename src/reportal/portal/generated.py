"""Generated portal pages: report plan, register, process KPIs, dashboards and actions.

``portal_pages(ctx)`` returns ``{src_uri: markdown}`` and ``portal_files(ctx)`` returns
``{src_uri: bytes}`` (the register downloads); the site plugin adds both to the build as
generated files. ``make_context(portal, edition, today)`` builds the context from a loaded portal.
Everything respects the edition: a customer edition holds only that customer's plan, rows,
dashboard and actions.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from reportal.kpi.process import OVERALL, ProcessKpis, process_kpis_by_customer, process_trend
from reportal.model.plan import PlanEntry, parse_plan
from reportal.model.portal import Portal
from reportal.model.schedule import PlanItem, PlanState
from reportal.model.today import portal_today
from reportal.portal.actions import ACTIONS_PAGE, actions_page
from reportal.portal.charts import chart_block
from reportal.portal.dashboard import KpiLookup, dashboard_pages, engine_source
from reportal.portal.editions import PROVIDER
from reportal.portal.escape import escape_markdown
from reportal.portal.register import (
    REGISTER_CSV,
    REGISTER_PAGE,
    REGISTER_XLSX,
    register_csv,
    register_page,
    register_xlsx,
)
from reportal.portal.text import (
    PortalContext,
    ReportUri,
    default_report_uri,
    fmt_date,
    fmt_rate,
    md_table,
    number_link,
    state_badge,
)
from reportal.validate.schedule import schedule_for

PLAN_PAGE = "plan.md"  # not plan/index.md: navigation.indexes would make it the section page
PROCESS_PAGE = "process/index.md"
UPCOMING_DAYS = 14


def make_context(
    portal: Portal,
    edition: str = PROVIDER,
    today: date | None = None,
    lang: str = "zh",
    report_uri: ReportUri = default_report_uri,
) -> PortalContext:
    """The context for every generator; ``today`` defaults to today in the portal's zone.
    Issued reports' figures come from their frozen snapshots."""
    schedule = schedule_for(portal.registry, portal.reports, today or portal_today())
    issued = {r.path: frozen.values for r in portal.reports if (frozen := portal.frozen(r))}
    return PortalContext(
        portal.registry, portal.reports, schedule, edition, lang, report_uri, issued
    )


def portal_pages(
    ctx: PortalContext, root: Path, kpi_lookup: KpiLookup | None = None
) -> dict[str, str]:
    """Every generated page as ``{src_uri: markdown}``. ``root`` holds ``data/exports``."""
    pages = {
        PLAN_PAGE: plan_page(ctx),
        REGISTER_PAGE: register_page(ctx),
        PROCESS_PAGE: process_page(ctx),
        ACTIONS_PAGE: actions_page(ctx, root),
    }
    pages.update(dashboard_pages(ctx, kpi_lookup))
    return pages


def portal_files(ctx: PortalContext) -> dict[str, bytes]:
    """The register downloads as ``{src_uri: bytes}``."""
    return {REGISTER_XLSX: register_xlsx(ctx), REGISTER_CSV: register_csv(ctx)}


PAGE_HEAD = "---\nrender_macros: false\nhide: [{hide}]\n---\n\n"
WIDE_PAGES = {PLAN_PAGE, REGISTER_PAGE, PROCESS_PAGE, ACTIONS_PAGE}  # tables get the toc's room


def page_head(uri: str) -> str:
    """Front matter of a generated page: never macro-rendered; wide tables get the room of the
    toc and the navigation sidebar (the tabs still navigate)."""
    return PAGE_HEAD.format(hide="toc, navigation" if uri in WIDE_PAGES else "")


def generated_files(
    portal: Portal,
    edition: str = PROVIDER,
    lang: str = "zh",
    today: date | None = None,
    kpi_source: KpiLookup | None = None,
) -> dict[str, str | bytes]:
    """What the site plugin adds in ``on_files``: every portal page and download.

    Pages start with ``render_macros: false`` front matter: they are built from data and
    must never be rendered by mkdocs-macros (a ``{{`` in an action title stays text).
    ``portal`` is the one the plugin has already loaded and checked.
    """
    ctx = make_context(portal, edition, today, lang)
    source = kpi_source if kpi_source is not None else engine_source(portal.root)
    files: dict[str, str | bytes] = {
        uri: page_head(uri) + text for uri, text in portal_pages(ctx, portal.root, source).items()
    }
    files.update(portal_files(ctx))
    return files


# ---- plan ----------------------------------------------------------------------------------


def plan_page(ctx: PortalContext) -> str:
    entries, _ = parse_plan(ctx.registry.plan)
    parts = [f"# {ctx.text('plan_page.title')}\n", _plan_intro(ctx)]
    upcoming = [i for c in ctx.customers for i in ctx.schedule.due_within(UPCOMING_DAYS, c)]
    parts.append(f"## {ctx.text('plan_page.due_soon')}\n")
    parts.append(_items_table(ctx, upcoming) or ctx.text("plan_page.nothing") + "\n")
    for customer in ctx.customers:
        parts.append(f"## {escape_markdown(ctx.customer_name(customer))}\n")
        parts.append(_entries_table(ctx, [e for e in entries if e.customer == customer]))
        items = ctx.schedule.for_customer(customer)
        parts.append(_state_summary(ctx, items))
        parts.append(_items_table(ctx, list(reversed(items)), with_customer=False))
    return "\n".join(parts)


def _plan_intro(ctx: PortalContext) -> str:
    """The provider's staff see where the plan lives; a customer sees no internal file."""
    key = "plan_page.intro_provider" if ctx.edition == PROVIDER else "plan_page.intro_customer"
    return ctx.text(key, today=fmt_date(ctx.today)) + "\n"


def _entries_table(ctx: PortalContext, entries: list[PlanEntry]) -> str:
    """The plan entries; the entry ids (config keys) only in the provider edition."""
    ids = ctx.edition == PROVIDER
    people = ("author", "reviewer", "approver")
    keys = ("plan_entry",) * ids + ("category", "frequency", "due_rule", *people)
    rows = [
        [escape_markdown(e.id)] * ids
        + [
            escape_markdown(_category_label(ctx, e.category)),
            escape_markdown(_value_label(ctx, f"frequency.{e.frequency}", e.frequency)),
            escape_markdown(e.due.describe(ctx.lang) if e.due else "—"),
            *(escape_markdown(ctx.person_name(getattr(e, role))) for role in people),
        ]
        for e in entries
    ]
    return md_table([ctx.text(f"field.{k}") for k in keys], rows)


def _category_label(ctx: PortalContext, category: str) -> str:
    return _value_label(ctx, f"category.{category}", category)


def _value_label(ctx: PortalContext, key: str, value: str) -> str:
    """The text ``key`` of a plan value (``category.regular``); a value without one shows as
    written (the plan's own checks report it)."""
    try:
        return ctx.text(key)
    except KeyError:
        return value


def _state_summary(ctx: PortalContext, items: list[PlanItem]) -> str:
    counts = Counter(i.state for i in items)
    parts = [f"{ctx.state_label(s)} {counts[s]}" for s in PlanState if counts[s]]
    return ctx.text("word.list_separator").join(parts) + "\n" if parts else ""


def _items_table(ctx: PortalContext, items: list[PlanItem], with_customer: bool = True) -> str:
    keys = ["customer"] if with_customer else []
    keys += ["period", "category", "report", "due", "issued", "state"]
    rows = [_item_row(ctx, item)[0 if with_customer else 1 :] for item in items]
    return md_table([ctx.text(f"field.{k}") for k in keys], rows)


def _item_row(ctx: PortalContext, item: PlanItem) -> list[str]:
    return [
        escape_markdown(ctx.customer_name(item.customer)),
        escape_markdown(item.period.text),
        escape_markdown(_category_label(ctx, item.category)),
        _item_report(ctx, item),
        escape_markdown(fmt_date(item.due)),
        escape_markdown(fmt_date(item.issued)),
        state_badge(ctx, item.state),
    ]


def _item_report(ctx: PortalContext, item: PlanItem) -> str:
    """The report's number as a link; "未开始" when none exists, "编写中" when not visible."""
    report = ctx.report(item.report)
    if report is not None:
        return number_link(report.number, PLAN_PAGE, ctx.report_uri(report))
    return ctx.text("plan_page.not_started" if item.report is None else "plan_page.in_progress")


# ---- process KPIs --------------------------------------------------------------------------


def process_page(ctx: PortalContext) -> str:
    reports = ctx.visible_reports()
    by_customer = process_kpis_by_customer(ctx.schedule, reports, ctx.customers)
    parts = [f"# {ctx.text('process.title')}\n", ctx.text("process.intro") + "\n"]
    names = {c: ctx.customer_name(c) for c in ctx.customers} | {OVERALL: ctx.text("process.all")}
    parts.append(_process_table(ctx, [(names[g], k) for g, k in by_customer.items()]))
    by_number = {r.number: r for r in reports}
    trends = {c: process_trend(ctx.schedule.for_customer(c), by_number) for c in ctx.customers}
    parts.append(f"## {ctx.text('process.trend')}\n")
    parts.append(_trend_chart(ctx, trends))
    for customer, trend in trends.items():
        parts.append(f"### {escape_markdown(names[customer])}\n")
        parts.append(_process_table(ctx, [(k.group, k) for k in trend]))
    return "\n".join(parts)


_PROCESS_COLUMNS = (
    "group", "due", "on_time", "late", "overdue", "not_due", "on_time_rate", "first_pass",
    "amendments",
)  # fmt: skip


def _process_table(ctx: PortalContext, rows: list[tuple[str, ProcessKpis]]) -> str:
    headers = [ctx.text(f"process.{key}") for key in _PROCESS_COLUMNS]
    body = [
        [escape_markdown(name)]
        + [str(v) for v in (k.due, k.on_time, k.late, k.overdue, k.not_due)]
        + [fmt_rate(k.on_time_rate), fmt_rate(k.first_pass_rate), str(k.amendments)]
        for name, k in rows
    ]
    return md_table(headers, body)


def _trend_chart(ctx: PortalContext, trends: dict[str, list[ProcessKpis]]) -> str:
    traces = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": ctx.customer_name(customer),
            "x": [k.group for k in trend],
            "y": [k.on_time_rate for k in trend],
        }
        for customer, trend in trends.items()
    ]
    return chart_block(traces, ctx.text("process.chart_title"), y_range=(0, 105))
