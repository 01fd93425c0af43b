"""Shared pieces of the generated portal pages: the context they are built from (with its UI
texts from ``model/strings.yml`` in the portal's language), safe Markdown text and links.

Every value that comes from data or front matter goes through ``escape_markdown`` (escape.py,
HTML- and Markdown-escaped), so a title or an action description can never inject markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from html import escape

from reportal.model import strings
from reportal.model.registry import Registry
from reportal.model.report import Report
from reportal.model.schedule import PlanState, Schedule
from reportal.portal.editions import PROVIDER
from reportal.portal.escape import escape_markdown
from reportal.portal.listings import customer_name
from reportal.portal.pages import report_src_uri, select_reports
from reportal.portal.urls import rel_link

ReportUri = Callable[[Report], str]


def default_report_uri(report: Report) -> str:
    """A report page's src_uri as the site plugin places it (``reports/<c>/<year>/<n>.md``)."""
    return report_src_uri(report)


@dataclass(frozen=True)
class PortalContext:
    """What every portal page generator needs. ``edition`` is "provider" or a customer id."""

    registry: Registry
    reports: Sequence[Report]
    schedule: Schedule
    edition: str = PROVIDER
    lang: str = "zh"
    report_uri: ReportUri = default_report_uri
    issued_values: Mapping[str, Mapping[str, float | None]] = field(default_factory=dict)
    """Report path -> its KPI values as issued (its frozen snapshot's), for issued reports."""

    @property
    def today(self) -> date:
        return self.schedule.today

    @property
    def customers(self) -> list[str]:
        """The customers this edition shows, in ``customers.yml`` order."""
        if self.edition == PROVIDER:
            return list(self.registry.customers)
        return [c for c in self.registry.customers if c == self.edition]

    def visible_reports(self) -> list[Report]:
        """Reports this edition shows (a customer edition: that customer's issued reports)."""
        return select_reports(self.reports, self.edition)

    @cached_property
    def _visible_by_number(self) -> dict[str, Report]:
        """``number -> report`` (built once: ``report`` is called per table row); the first
        report wins, as a scan in order would find it."""
        return {r.number: r for r in reversed(self.visible_reports())}

    def report(self, number: str | None) -> Report | None:
        return self._visible_by_number.get(number) if number is not None else None

    def customer_name(self, customer: str) -> str:
        return customer_name(self.registry, customer)

    def person_name(self, person: str | None) -> str:
        return self.registry.person_name(person)

    def text(self, key: str, **fields: object) -> str:
        """The UI text ``key`` of ``model/strings.yml`` in this portal's language."""
        return strings.text(key, self.lang, **fields)

    def state_label(self, state: PlanState) -> str:
        return strings.text(f"plan_state.{state.value}", self.lang)


def md_link(text: object, from_uri: str, to_uri: str) -> str:
    return f"[{escape_markdown(text)}]({rel_link(from_uri, to_uri)})"


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; cells must already be Markdown-safe (``escape_markdown``/``md_link``)."""
    if not rows:
        return ""
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


_BADGE = {  # plan state -> the theme's status badge colours (reportal.css, 4.5:1 contrast)
    PlanState.ON_TIME: "approved",
    PlanState.ISSUED: "approved",
    PlanState.LATE: "review",
    PlanState.OVERDUE: "draft",
    PlanState.NOT_DUE: "neutral",
}


def badge(text: str, colour: str, kind: str, strong: bool = False) -> str:
    """An inline badge; ``text`` must be escaped. Bold when it needs attention (not colour only)."""
    body = f"<strong>{text}</strong>" if strong else text
    return f'<span class="reportal-status reportal-status--{colour} {kind}">{body}</span>'


def state_badge(ctx: PortalContext, state: PlanState) -> str:
    strong = state in (PlanState.OVERDUE, PlanState.LATE)
    text = escape(ctx.state_label(state))
    return badge(text, _BADGE[state], f"reportal-state reportal-state--{state.value}", strong)


def number_link(number: str, from_uri: str, to_uri: str) -> str:
    """A report number as a link that does not wrap at its hyphens."""
    return f'<span class="reportal-number">{md_link(number, from_uri, to_uri)}</span>'


def fmt_date(day: date | None) -> str:
    return day.isoformat() if day else ""


def fmt_rate(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f} %"
