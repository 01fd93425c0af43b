"""``reportal new``: a new report file from the category template, numbered and pre-filled.

Authoring lives in the site layer: the file it writes is a page source of the portal (the
templates sit beside the theme), it needs the validated registry (validate layer) and nothing
from MkDocs, so it adds no layer of its own. Errors are Issues; only writing touches the disk.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from string import Template

from reportal.issues import Issue
from reportal.model.period import Period, parse_period
from reportal.model.plan import PLAN_FILE, PlanEntry, parse_plan
from reportal.model.portal import Portal
from reportal.model.registry import Customer, Registry
from reportal.model.report import Category
from reportal.validate.fields import compile_number_pattern
from reportal.validate.portal import load_portal

TEMPLATES_DIR = Path(__file__).resolve().parents[1] / "templates"
PORTAL_TEMPLATES = "templates"  # a portal's own templates/<category>.md wins over Reportal's
_FREQUENCY_FOR_KIND = {"month": "monthly", "quarter": "quarterly", "year": "annual"}


@dataclass(frozen=True)
class NewReport:
    """A report ready to be written: repo-relative ``path``, its number and full text."""

    path: str
    number: str
    text: str
    note: str | None = None  # e.g. another report already covers this period


def scaffold_report(
    root: Path,
    customer_id: str,
    period_text: str,
    category: Category,
    today: date,
    title: str | None = None,
    number: str | None = None,
) -> tuple[NewReport | None, list[Issue]]:
    """Plan a new report (nothing is written). Issues name the input that is wrong."""
    portal = load_portal(root)
    registry = portal.registry
    customer = registry.customers.get(customer_id)
    if customer is None:
        known = ", ".join(sorted(registry.customers)) or "none"
        return None, [_input_issue("customer", f'unknown customer "{customer_id}"', known)]
    try:
        period = parse_period(period_text)
    except ValueError as error:
        return None, [_input_issue("period", str(error), None)]
    entry = _plan_entry(registry, customer_id, category, period)
    if entry is None:
        message = f"data/plan.yml has no {category.value} report for customer {customer_id}"
        return None, [Issue(PLAN_FILE, None, customer_id, "N003", message,
                            hint=f"add an entry with `category: {category.value}`")]  # fmt: skip
    number = number or next_number(portal, customer, period)
    title_text, issues = _title(entry, customer, period, title)
    if title_text is None:
        return None, issues
    rel = f"{registry.settings.reports_dir}/{customer_id}/{period.start.year}/{number}.md"
    text = front_matter(number, title_text, customer_id, period, category, entry, today)
    text += render_body(category, customer, period, registry, root)
    return NewReport(rel, number, text, _existing_note(portal, customer_id, period, category)), []


def write_report(root: Path, new: NewReport) -> list[Issue]:
    """Create the file; refuse (an Issue, nothing written) when it already exists."""
    target = root / new.path
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("x", encoding="utf-8", newline="\n") as handle:
            handle.write(new.text)
    except FileExistsError:
        message = f"{new.path} already exists; `reportal new` never overwrites a report"
        hint = "edit the existing file, or issue an amendment with a new number and `supersedes`"
        return [Issue(new.path, None, "number", "N004", message, hint=hint)]
    return []


def next_number(portal: Portal, customer: Customer, period: Period) -> str:
    """The next unused number for the customer's code and the period's (end) year and month."""
    settings = portal.registry.settings
    pattern = compile_number_pattern(settings.number_pattern)
    year, month = period.end.year, period.end.month
    used = {r.number for r in portal.reports} | _file_numbers(portal.root, settings.reports_dir)
    taken = [
        int(m["seq"])
        for n in used
        if (m := pattern.match(n)) and _same_slot(m, customer.code, year, month)
    ]
    seq = max(taken, default=0) + 1
    return settings.number_format.format(code=customer.code, year=year, month=month, seq=seq)


def front_matter(
    number: str,
    title: str,
    customer: str,
    period: Period,
    category: Category,
    entry: PlanEntry,
    today: date,
) -> str:
    lines = [
        "---",
        f"number: {number}",
        f"title: {json.dumps(title, ensure_ascii=False)}",
        f"customer: {customer}",
        f"period: {period.text}",
        f"category: {category.value}",
        f"author: {entry.author}",
        f"reviewer: {entry.reviewer}" if entry.reviewer else "reviewer:",
        f"approver: {entry.approver}" if entry.approver else "approver:",
        "status: draft",
        f"prepared: {today.isoformat()}",
        "confidentiality: customer",
        "tags: []",
        "---",
        "",
    ]
    return "\n".join(lines) + "\n"


def render_body(
    category: Category,
    customer: Customer,
    period: Period,
    registry: Registry,
    root: Path | None = None,
) -> str:
    name = f"{category.value}.md"
    own = root / PORTAL_TEMPLATES / name if root is not None else None
    source = own if own is not None and own.is_file() else TEMPLATES_DIR / name
    template = Template(source.read_text(encoding="utf-8"))
    return template.safe_substitute(
        short_name=customer.short_name,
        customer_name=customer.name,
        period=period.text,
        provider=registry.settings.provider.name,
        calls_section=_calls_section(customer),
    )


def _calls_section(customer: Customer) -> str:
    """Hotline customers (call-centre targets) get the call statistics in their template."""
    if not any(str(kpi).startswith("calls.") for kpi in customer.targets):
        return ""
    return '\n### 热线话务\n\n{{ kpi_table("calls") }}\n\n{{ trend_chart("calls.answer_rate") }}\n'


def _plan_entry(
    registry: Registry, customer: str, category: Category, period: Period
) -> PlanEntry | None:
    entries, _ = parse_plan(registry.plan)
    mine = [e for e in entries if e.customer == customer and e.category == category.value]
    frequency = _FREQUENCY_FOR_KIND.get(period.kind)
    preferred = [e for e in mine if e.frequency == frequency]
    candidates = preferred or mine
    return candidates[0] if candidates else None


def _title(
    entry: PlanEntry, customer: Customer, period: Period, title: str | None
) -> tuple[str | None, list[Issue]]:
    if title:
        return title, []
    template = entry.title or "{short_name} {period} 服务报告"
    values = {
        "short_name": customer.short_name,
        "name": customer.name,
        "code": customer.code,
        "year": period.start.year,
        "month": period.start.month,
        "quarter": (period.start.month - 1) // 3 + 1,
        "period": period.text,
    }
    try:
        return template.format(**values), []
    except (KeyError, IndexError, ValueError) as error:
        message = f"title template {template!r} cannot be filled ({error})"
        hint = "placeholders: " + ", ".join("{" + k + "}" for k in values) + "; or pass --title"
        return None, [Issue(PLAN_FILE, entry.line, f"{customer.id}.title", "N005", message, hint)]


def _existing_note(portal: Portal, customer: str, period: Period, category: Category) -> str | None:
    same = [
        r.number
        for r in portal.reports
        if r.customer == customer and r.period == period and r.category is category
    ]
    if not same:
        return None
    return (
        f"{', '.join(sorted(same))} already covers this period; if the new report amends it, "
        "add `supersedes` and `amendment_reason`"
    )


def _file_numbers(root: Path, reports_dir: str) -> set[str]:
    """File names count too, so a report with broken front matter still holds its number."""
    folder = root / reports_dir
    return {path.stem for path in folder.rglob("*.md")} if folder.is_dir() else set()


def _same_slot(match: re.Match[str], code: str, year: int, month: int) -> bool:
    groups = match.groupdict()
    return (
        groups.get("code") == code
        and int(groups.get("year") or 0) == year
        and int(groups.get("month") or 0) == month
        and groups.get("seq") is not None
    )


def _input_issue(field: str, message: str, known: str | None) -> Issue:
    hint = f"known: {known}" if known else None
    return Issue("<command line>", None, field, "N001" if field == "customer" else "N002",
                 message, hint=hint)  # fmt: skip
