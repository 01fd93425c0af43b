"""`reportal plan`: the report plan's state on a day, and what is due in the next N days."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import click

from reportal.cli.options import output_format_option, root_option
from reportal.cli.output import EXIT_CLEAN, EXIT_ISSUES, echo_issues, issue_rows
from reportal.issues import Issue
from reportal.model.plan import CALENDARS_FILE, PLAN_FILE
from reportal.model.schedule import PlanItem, PlanState, Schedule
from reportal.model.strings import text
from reportal.model.today import portal_today
from reportal.validate.portal import load_portal
from reportal.validate.schedule import schedule_for


@click.command(name="plan")
@root_option
@click.option("--customer", help="Only this customer (an id from data/customers.yml).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Evaluate the plan on this day (YYYY-MM-DD) instead of today.",
)
@click.option("--days", type=click.IntRange(min=0), default=14, show_default=True,
              help="Also list what is due within this many days.")  # fmt: skip
@output_format_option(
    "text: one line per planned report, then what is due soon; json: an object {today, days, "
    "items, due_soon, issues}, each item {customer, entry, category, period, title, due, "
    "issued, state, report, reports}, issues as in every command's json; github: the text, "
    "then one workflow annotation per issue of the plan."
)
def command(root: Path, customer: str | None, today: Any, days: int, fmt: str) -> None:
    """Print each planned report with its due date and state (on time, late, overdue, not due).

    Exit status: 0 nothing overdue, 1 a planned report is overdue or the plan has issues,
    2 usage error (an unknown --customer).
    """
    portal = load_portal(root)
    if customer is not None and customer not in portal.registry.customers:
        known = ", ".join(portal.registry.customers) or "none"
        raise click.BadParameter(
            f"unknown customer {customer!r} (known: {known})", param_hint="--customer"
        )
    day: date = today.date() if today is not None else portal_today()
    schedule = schedule_for(portal.registry, portal.reports, day)
    issues = _plan_issues(portal.issues, schedule.issues)
    if fmt == "json":
        data = _as_json(schedule, customer, days, issues)
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(_as_text(schedule, customer, days))
        echo_issues(issues, fmt, text_to_stderr=True)
    overdue = any(i.state is PlanState.OVERDUE for i in schedule.for_customer(customer))
    raise SystemExit(EXIT_ISSUES if overdue or issues else EXIT_CLEAN)


def _plan_issues(registry_issues: list[Issue], schedule_issues: list[Issue]) -> list[Issue]:
    """Problems of the plan and calendars: the registry's (they carry lines) when it found any."""
    files = {PLAN_FILE, CALENDARS_FILE}
    located = [i for i in registry_issues if i.file in files]
    return located or schedule_issues


def _item_json(item: PlanItem) -> dict[str, Any]:
    return {
        "customer": item.customer,
        "entry": item.entry_id,
        "category": item.category,
        "period": item.period.text,
        "title": item.title,
        "due": item.due.isoformat() if item.due else None,
        "issued": item.issued.isoformat() if item.issued else None,
        "state": item.state.value,
        "report": item.report,
        "reports": list(item.reports),
    }


def _as_json(
    schedule: Schedule, customer: str | None, days: int, issues: list[Issue]
) -> dict[str, Any]:
    return {
        "today": schedule.today.isoformat(),
        "days": days,
        "items": [_item_json(i) for i in schedule.for_customer(customer)],
        "due_soon": [_item_json(i) for i in schedule.due_within(days, customer)],
        "issues": issue_rows(issues),
    }


def _as_text(schedule: Schedule, customer: str | None, days: int) -> str:
    lines = [f"Report plan on {schedule.today.isoformat()}"]
    for item in schedule.for_customer(customer):
        lines.append(_item_line(item))
    soon = schedule.due_within(days, customer)
    lines.append("")
    lines.append(f"Due within {days} days or overdue: {len(soon)}")
    lines += [_item_line(item) for item in soon]
    return "\n".join(lines)


def _item_line(item: PlanItem) -> str:
    due = item.due.isoformat() if item.due else "-"
    issued = item.issued.isoformat() if item.issued else "-"
    label = f"{item.state.value} ({text(f'plan_state.{item.state.value}', 'zh')})"
    report = item.report or item.title
    head = f"  {item.customer:<10} {item.period.text:<22} due {due:<10}  issued {issued:<10}"
    return f"{head}  {label:<24} {report}"
