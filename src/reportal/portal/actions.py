"""The action register (行动跟踪 / 问题跟进及解决): every action raised in a report, with owner,
due date and state; open and overdue actions first and marked in text, not by colour alone.

Actions come from ``data/exports/<customer>/actions.csv`` in the canonical ``actions`` columns
(``id, raised_in, raised_on, title, owner, due, status, closed_on``). A loader can be injected
(the KPI engine's canonical table); the default reads the CSV with the standard library.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportal.portal.escape import escape_markdown
from reportal.portal.text import PortalContext, badge, fmt_date, md_table, number_link

ACTIONS_PAGE = "actions/index.md"
ACTIONS_CSV = "data/exports/{customer}/actions.csv"
REFLOW_CLASS = "reportal-reflow"  # a table read as cards on a phone


@dataclass(frozen=True)
class Action:
    customer: str
    id: str
    raised_in: str
    title: str
    owner: str = ""
    due: date | None = None
    status: str = "open"  # open | in_progress | closed
    closed_on: date | None = None
    raised_on: date | None = None

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due is not None and self.due < today


ActionsLoader = Callable[[Path, str], list[Action]]


def read_actions_csv(root: Path, customer: str) -> list[Action]:
    """The customer's actions from the canonical CSV; a missing file means no actions."""
    path = root / ACTIONS_CSV.format(customer=customer)
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [_action(customer, row) for row in csv.DictReader(handle) if row.get("id")]


def _action(customer: str, row: dict[str, str]) -> Action:
    return Action(
        customer=customer,
        id=row.get("id", "").strip(),
        raised_in=row.get("raised_in", "").strip(),
        title=row.get("title", "").strip(),
        owner=row.get("owner", "").strip(),
        due=_date(row.get("due")),
        status=(row.get("status") or "open").strip(),
        closed_on=_date(row.get("closed_on")),
        raised_on=_date(row.get("raised_on")),
    )


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text.strip()[:10]) if text and text.strip() else None
    except ValueError:
        return None


def sort_actions(actions: Iterable[Action], today: date) -> list[Action]:
    """Overdue first, then open (by due date), then closed (latest first)."""

    def key(a: Action) -> tuple[int, int, str]:
        rank = 0 if a.is_overdue(today) else 1 if a.is_open else 2
        if a.is_open:
            return rank, a.due.toordinal() if a.due else 10**7, a.id
        return rank, -a.closed_on.toordinal() if a.closed_on else 0, a.id

    return sorted(actions, key=key)


def actions_page(ctx: PortalContext, root: Path, loader: ActionsLoader = read_actions_csv) -> str:
    parts = [f"# {ctx.text('action_register.title')}\n", ctx.text("action_register.intro") + "\n"]
    for customer in ctx.customers:
        actions = sort_actions(loader(root, customer), ctx.today)
        parts.append(f"## {escape_markdown(ctx.customer_name(customer))}\n")
        parts.append(_summary(ctx, actions))
        parts.append(reflow(md_table(_headers(ctx), [_row(ctx, a) for a in actions])))
    return "\n".join(parts)


def reflow(table: str) -> str:
    """A Markdown table that a phone shows as one labelled card per row (reportal.css and
    reportal.js), not a table squeezed into 390 px and scrolled sideways."""
    if not table:
        return ""
    return f'<div class="{REFLOW_CLASS}" markdown="1">\n\n{table}\n</div>\n'


def _summary(ctx: PortalContext, actions: list[Action]) -> str:
    counts = {
        "total": len(actions),
        "open": sum(1 for a in actions if a.is_open),
        "overdue": sum(1 for a in actions if a.is_overdue(ctx.today)),
    }
    return ctx.text("action_register.summary", **counts) + "\n"


_COLUMNS = ("id", "action", "raised_in", "owner", "due", "state", "closed_on")


def _headers(ctx: PortalContext) -> list[str]:
    return [ctx.text(f"action_register.{key}") for key in _COLUMNS]


def _row(ctx: PortalContext, action: Action) -> list[str]:
    report = ctx.report(action.raised_in)
    raised = escape_markdown(action.raised_in)
    if report is not None:
        raised = number_link(action.raised_in, ACTIONS_PAGE, ctx.report_uri(report))
    return [
        f'<span class="reportal-number">{escape_markdown(action.id)}</span>',
        escape_markdown(action.title),
        raised,
        escape_markdown(ctx.person_name(action.owner)),
        escape_markdown(fmt_date(action.due)),
        _state(ctx, action),
        escape_markdown(fmt_date(action.closed_on)),
    ]


def _state(ctx: PortalContext, action: Action) -> str:
    label = escape_markdown(_status_label(ctx, action.status))
    if action.is_overdue(ctx.today):
        text = ctx.text("action_register.overdue_state", state=label)
        return badge(text, "draft", "reportal-action--overdue", strong=True)
    if action.is_open:
        return badge(label, "review", "reportal-action--open")
    return badge(label, "approved", "reportal-action--closed")


def _status_label(ctx: PortalContext, status: str) -> str:
    """The state of an action; one the exports name but the catalogue does not, as written."""
    try:
        return ctx.text(f"action_status.{status}")
    except KeyError:
        return status
