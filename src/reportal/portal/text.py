"""Shared pieces of the generated portal pages: the context they are built from, safe Markdown
text and links, and UI labels (Chinese first, English by configuration).

Every value that comes from data or front matter goes through ``md_text`` (HTML-escaped and
Markdown-escaped), so a title or an action description can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from html import escape

from reportal.model.registry import Registry
from reportal.model.report import Report
from reportal.portal.editions import PROVIDER
from reportal.portal.listings import customer_name
from reportal.portal.pages import report_src_uri, select_reports
from reportal.portal.urls import rel_link
from reportal.validate.schedule import STATE_LABELS, PlanState, Schedule

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

    def label(self, key: str) -> str:
        return LABELS.get(key, {}).get(self.lang) or LABELS.get(key, {}).get("zh") or key

    def state_label(self, state: PlanState) -> str:
        return STATE_LABELS[state].get(self.lang, STATE_LABELS[state]["zh"])


_MD_SPECIAL = re.compile(r"([\\`*_\[\]()#+!|~])")


def md_text(value: object) -> str:
    """Text safe inside Markdown (tables included): HTML-escaped, Markdown specials escaped."""
    text = " ".join(str(value).split())
    escaped = _MD_SPECIAL.sub(r"\\\1", escape(text, quote=False))
    return escaped.replace("{", "&#123;").replace("}", "&#125;")  # never Jinja (site helper)


def md_link(text: object, from_uri: str, to_uri: str) -> str:
    return f"[{md_text(text)}]({rel_link(from_uri, to_uri)})"


def md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table; cells must already be Markdown-safe (``md_text``/``md_link``)."""
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


LABELS: dict[str, dict[str, str]] = {
    "plan_title": {"zh": "报告计划", "en": "Report plan"},
    "register_title": {"zh": "报告统计表", "en": "Report register"},
    "process_title": {"zh": "报告过程指标", "en": "Reporting process KPIs"},
    "dashboard_title": {"zh": "客户仪表板", "en": "Customer dashboard"},
    "actions_title": {"zh": "行动跟踪", "en": "Action register"},
    "number": {"zh": "报告编号", "en": "Number"},
    "title": {"zh": "标题", "en": "Title"},
    "customer": {"zh": "客户", "en": "Customer"},
    "period": {"zh": "报告期间", "en": "Period"},
    "category": {"zh": "类别", "en": "Category"},
    "author": {"zh": "编制人", "en": "Author"},
    "approver": {"zh": "批准人", "en": "Approver"},
    "reviewer": {"zh": "审核人", "en": "Reviewer"},
    "prepared": {"zh": "编制日期", "en": "Prepared"},
    "reviewed_on": {"zh": "审核日期", "en": "Reviewed"},
    "approved_on": {"zh": "批准日期", "en": "Approved"},
    "status": {"zh": "状态", "en": "Status"},
    "due": {"zh": "应交日期", "en": "Due"},
    "issued": {"zh": "发布日期", "en": "Issued"},
    "on_time": {"zh": "是否按时", "en": "On time"},
    "superseded_by": {"zh": "被替代为", "en": "Superseded by"},
    "state": {"zh": "状态", "en": "State"},
    "report": {"zh": "报告", "en": "Report"},
    "plan_entry": {"zh": "计划项", "en": "Plan entry"},
    "due_rule": {"zh": "应交规则", "en": "Due rule"},
    "frequency": {"zh": "频次", "en": "Frequency"},
    "yes": {"zh": "是", "en": "yes"},
    "no": {"zh": "否", "en": "no"},
    "today": {"zh": "统计日期", "en": "As of"},
}

FREQUENCY_LABELS: dict[str, dict[str, str]] = {
    "monthly": {"zh": "每月", "en": "monthly"},
    "quarterly": {"zh": "每季度", "en": "quarterly"},
    "annual": {"zh": "每年", "en": "annual"},
    "on_event": {"zh": "重大事件后", "en": "after a major incident"},
    "on_demand": {"zh": "按需", "en": "on demand"},
}
