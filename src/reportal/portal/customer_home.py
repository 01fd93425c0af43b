"""A customer edition's home page: what that customer's IT manager comes for.

The latest issued report (with its PDF), the headline KPIs of the latest regular report against
their targets with a trend arrow against the period before, the open improvement actions and
the next report due. The provider's home (docs/index.md) links staff guides and names internal
files; a customer edition gets this page instead (the staging tree drops the staff pages).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from reportal.kpi.targets import MET, NO_DATA, assess, target_for
from reportal.model import strings
from reportal.model.language import portal_language
from reportal.model.portal import Portal
from reportal.model.report import Category, Report
from reportal.model.schedule import PlanItem, PlanState
from reportal.portal.actions import ACTIONS_PAGE, ActionsLoader, read_actions_csv
from reportal.portal.dashboard import (
    KpiSource,
    dashboard_uri,
    engine_source,
    period_reports,
    report_value,
)
from reportal.portal.escape import escape_markdown
from reportal.portal.generated import make_context, page_head
from reportal.portal.header import pdf_actions
from reportal.portal.listings import customer_uri
from reportal.portal.text import PortalContext, md_link, md_table
from reportal.portal.urls import page_url

HOME_PAGE = "index.md"

TREND_EPSILON = 1e-9


def word(key: str, lang: str, **values: object) -> str:
    """The home page's text ``home.<key>`` of ``model/strings.yml``."""
    return strings.text(f"home.{key}", lang, **values)


def write_customer_home(portal: Portal, customer: str, docs_dir: Path) -> None:
    """Write ``customer``'s home into a staged ``docs_dir`` (its staff home already removed)."""
    ctx = make_context(
        portal, customer, lang=portal_language(None, portal.registry.settings.language)
    )
    text = customer_home(ctx, customer, engine_source(portal.root), portal.root, docs_dir)
    docs_dir.mkdir(parents=True, exist_ok=True)
    (docs_dir / HOME_PAGE).write_text(page_head(HOME_PAGE) + text, encoding="utf-8")


def customer_home(
    ctx: PortalContext,
    customer: str,
    source: KpiSource | None,
    root: Path,
    docs_dir: Path | None = None,
    loader: ActionsLoader = read_actions_csv,
) -> str:
    """The home page (Markdown) of ``customer``'s edition; links to pages of ``docs_dir`` only
    when they exist there."""
    lang, name = ctx.lang, ctx.customer_name(customer)
    provider = ctx.registry.settings.provider
    provider_name = provider.name_en if lang == "en" and provider.name_en else provider.name
    parts = [
        f"# {escape_markdown(word('title', lang, name=name))}\n",
        escape_markdown(word("intro", lang, provider=provider_name, name=name)) + "\n",
        _latest_section(ctx, customer),
        _kpi_section(ctx, customer, source),
        _actions_section(ctx, customer, root, loader),
        _next_section(ctx, customer),
        _browse_section(ctx, customer, docs_dir),
    ]
    return "\n".join(part for part in parts if part)


def latest_issued(ctx: PortalContext, customer: str) -> Report | None:
    """The customer's most recently issued report of any category."""
    mine = [r for r in ctx.visible_reports() if r.customer == customer and r.issued]
    return max(mine, key=lambda r: (r.issued, r.number), default=None)


def _latest_section(ctx: PortalContext, customer: str) -> str:
    lang = ctx.lang
    head = f"## {word('latest', lang)}\n\n"
    report = latest_issued(ctx, customer)
    if report is None:
        return head + word("no_report", lang) + "\n"
    page = ctx.report_uri(report)
    link = md_link(f"{report.number} {report.title}", HOME_PAGE, page)
    pdf = f"{page_url(page)}{report.number}.pdf"
    issued = word("issued_on", lang, day=report.issued.isoformat() if report.issued else "")
    button = pdf_actions(pdf, lang)
    return head + f"{link}{issued}\n\n{button}\n"


def _kpi_section(ctx: PortalContext, customer: str, source: KpiSource | None) -> str:
    regular = [r for r in period_reports(ctx, customer) if r.category is Category.REGULAR]
    issued = [r for r in regular if r.status.is_issued]
    if source is None or not issued:
        return ""
    latest, before = issued[-1], issued[-2] if len(issued) > 1 else None
    lang = ctx.lang
    found = (
        _kpi_row(ctx, source, customer, kpi, latest, before) for kpi in _target_kpis(ctx, customer)
    )
    rows = [row for row in found if row is not None]
    if not rows:
        return ""
    headers = [word(k, lang) for k in ("kpi", "value", "target", "trend")]
    link = md_link(word("dashboard_link", lang), HOME_PAGE, dashboard_uri(customer))
    return (
        f"## {word('kpis', lang, period=latest.period.text)}\n\n"
        + md_table(headers, rows)
        + "\n"
        + word("dashboard", lang, link=link)
        + "\n"
    )


def _target_kpis(ctx: PortalContext, customer: str) -> dict[str, object]:
    found = ctx.registry.customers.get(customer)
    return dict(found.targets) if found else {}


def _kpi_row(
    ctx: PortalContext,
    source: KpiSource,
    customer: str,
    kpi: str,
    latest: Report,
    before: Report | None,
) -> list[str] | None:
    lang = ctx.lang
    value = report_value(ctx, source, latest, kpi)
    if value is None:
        return None
    targets: Mapping[str, object] = _target_kpis(ctx, customer)
    target = target_for(targets, kpi)
    better = source.higher_is_better(kpi)
    state = assess(value, target, better).state
    target_text = "—"
    if target is not None:
        sign = "" if better is None else "≥ " if better else "≤ "
        mark = word("met" if state == MET else "no_data" if state == NO_DATA else "missed", lang)
        target_text = f"{sign}{source.format(kpi, target.target, lang)} {mark}"
    previous = report_value(ctx, source, before, kpi) if before is not None else None
    return [
        escape_markdown(source.title(kpi, lang)),
        escape_markdown(source.format(kpi, value, lang)),
        escape_markdown(target_text),
        escape_markdown(trend_arrow(value, previous, better, lang)),
    ]


def trend_arrow(value: float, previous: float | None, better: bool | None, lang: str) -> str:
    """``↑ 上升（向好）``: the direction against the period before, and whether that is good."""
    if previous is None:
        return "—"
    change = value - previous
    if abs(change) <= TREND_EPSILON * max(1.0, abs(previous)):
        return word("flat", lang)
    arrow = word("up" if change > 0 else "down", lang)
    if better is None:
        return arrow
    return arrow + word("better" if (change > 0) == better else "worse", lang)


def _actions_section(ctx: PortalContext, customer: str, root: Path, loader: ActionsLoader) -> str:
    actions = loader(root, customer)
    if not actions:
        return ""
    lang = ctx.lang
    open_count = sum(1 for a in actions if a.is_open)
    overdue = sum(1 for a in actions if a.is_overdue(ctx.today))
    link = md_link(word("actions_link", lang), HOME_PAGE, ACTIONS_PAGE)
    today = ctx.today.isoformat()
    text = word("actions_count", lang, today=today, open=open_count, overdue=overdue, link=link)
    return f"## {word('actions', lang)}\n\n{text}\n"


def next_due(ctx: PortalContext, customer: str) -> PlanItem | None:
    """The planned report due next: an overdue one first, else the earliest not yet due."""
    waiting = [
        item
        for item in ctx.schedule.for_customer(customer)
        if item.due is not None and item.state in (PlanState.OVERDUE, PlanState.NOT_DUE)
    ]
    return min(waiting, key=lambda i: (i.state is not PlanState.OVERDUE, i.due), default=None)


def _next_section(ctx: PortalContext, customer: str) -> str:
    lang = ctx.lang
    head = f"## {word('next', lang)}\n\n"
    item = next_due(ctx, customer)
    if item is None or item.due is None:
        return head + word("no_next", lang) + "\n"
    text = word("next_item", lang, title=item.title, period=item.period.text, due=item.due)
    late = word("overdue", lang) if item.state is PlanState.OVERDUE else ""
    return head + escape_markdown(text + late) + "\n"


def _browse_section(ctx: PortalContext, customer: str, docs_dir: Path | None) -> str:
    lang = ctx.lang
    issued = any(r.customer == customer for r in ctx.visible_reports())
    pages = [("all_reports", customer_uri(customer))] if issued else []  # no listing page yet
    pages += [("dashboard_link", dashboard_uri(customer)), ("actions_link", ACTIONS_PAGE)]
    docs = [("definitions", "kpi/index.md"), ("guide", "guide/customers.md")]
    pages += [(key, uri) for key, uri in docs if docs_dir is None or (docs_dir / uri).is_file()]
    links = [md_link(word(key, lang), HOME_PAGE, uri) for key, uri in pages]
    return f"## {word('browse', lang)}\n\n" + "\n".join(f"- {link}" for link in links) + "\n"
