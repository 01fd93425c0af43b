"""The metadata header of a report page: title, banners, details and the PDF link (HTML).

Built from the validated ``Report`` (never from MkDocs' YAML-1.1 meta) after the body has been
rendered and sanitised, so front-matter text never passes through Jinja or Markdown; every
string is escaped here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from reportal.model import strings
from reportal.model.registry import Registry
from reportal.model.report import Report, Status
from reportal.portal.approvals import Approval, approval_label
from reportal.portal.escape import escape_html
from reportal.portal.listings import customer_name, status_badge
from reportal.portal.print_blocks import reviewed_on, reviewer_id

LinkFor = Callable[[str], "str | None"]

_STATE_BANNERS = {
    Status.DRAFT: "header.draft_banner",
    Status.REVIEW: "header.review_banner",
    Status.WITHDRAWN: "header.withdrawn_banner",
}


def render_header(
    report: Report,
    registry: Registry,
    *,
    lang: str,
    successors: Sequence[Report],
    link_for: LinkFor,
    approval: Approval | None = None,
) -> str:
    """HTML placed before the report body. ``link_for(number)`` is a relative URL or None;
    ``approval``: where the approved text entered the default branch (``site/approvals``)."""
    parts = [
        f'<div class="reportal-header" data-status="{report.status.value}">',
        f'<h1 class="reportal-title">{escape_html(report.title)}</h1>',
        *_banners(report, lang, successors, link_for),
        _details(report, registry, lang),
        _approval(approval, lang),
        _pdf_link(report, lang),
        "</div>",
    ]
    return "\n".join(p for p in parts if p) + "\n"


def _banners(
    report: Report, lang: str, successors: Sequence[Report], link_for: LinkFor
) -> list[str]:
    banners = []
    if report.status in _STATE_BANNERS:
        kind = report.status.value
        text = escape_html(strings.text(_STATE_BANNERS[report.status], lang))
        banners.append(_banner(kind, text))
    for successor in successors:
        link = _report_link(successor.number, link_for)
        text = strings.text("header.superseded_by", lang, link=link) + _reason(successor, lang)
        banners.append(_banner("superseded", text))
    if report.supersedes:
        link = _report_link(report.supersedes, link_for)
        text = strings.text("header.supersedes", lang, link=link) + _reason(report, lang)
        banners.append(_banner("amendment", text))
    return banners


def _banner(kind: str, html_text: str) -> str:
    return f'<p class="reportal-banner reportal-banner--{kind}" role="note">{html_text}</p>'


def _reason(report: Report, lang: str) -> str:
    if not report.amendment_reason:
        return ""
    return strings.text("header.reason", lang, reason=escape_html(report.amendment_reason))


def _report_link(number: str, link_for: LinkFor) -> str:
    url = link_for(number)
    text = escape_html(number)
    return f'<a href="{escape_html(url)}">{text}</a>' if url else text


def _details(report: Report, registry: Registry, lang: str) -> str:
    rows = [
        ("field.number", escape_html(report.number)),
        ("field.customer", escape_html(_customer_full_name(registry, report.customer))),
        ("field.period", escape_html(report.period.text)),
        ("field.category", escape_html(strings.text(f"category.{report.category.value}", lang))),
        ("field.status", status_badge(report, lang)),
        ("field.author", escape_html(_person(registry, report.author, lang))),
        ("field.reviewer", escape_html(_person(registry, reviewer_id(report), lang))),
        ("field.approver", escape_html(_person(registry, report.approver, lang))),
        ("field.prepared", _date(report.prepared)),
        ("field.reviewed_on", _date(reviewed_on(report))),
        ("field.approved_on", _date(report.approved_on)),
        ("field.issued", _date(report.issued)),
    ]
    items = "".join(
        f"<div><dt>{escape_html(strings.text(key, lang))}</dt><dd>{value}</dd></div>"
        for key, value in rows
    )
    return f'<dl class="reportal-meta">{items}</dl>'


def _approval(approval: Approval | None, lang: str) -> str:
    if approval is None:
        return ""
    items = "".join(
        f"<div><dt>{escape_html(key)}</dt><dd><code>{escape_html(text)}</code></dd></div>"
        for key, text in approval.rows(lang)
    )
    caption = escape_html(approval_label(lang))
    return (
        f'<details class="reportal-approval"><summary>{caption}</summary>'
        f'<dl class="reportal-meta">{items}</dl></details>'
    )


def _pdf_link(report: Report, lang: str) -> str:
    return pdf_actions(f"{report.number}.pdf", lang)


def pdf_actions(href: str, lang: str) -> str:
    """The PDF link, hidden until the PDF stage (``pdf/links.py``) marks it found; a
    preview or a ``--no-pdf`` build has no PDF, and reportal.js shows the note instead."""
    text = escape_html(strings.text("header.download_pdf", lang))
    missing = escape_html(strings.text("header.pdf_missing", lang))
    return (
        '<p class="reportal-actions" data-pdf-check="pending">'
        f'<a class="reportal-pdf" href="{escape_html(href)}">{text}</a>'
        f'<span class="reportal-pdf-missing" hidden>{missing}</span></p>'
    )


def _customer_full_name(registry: Registry, customer: str) -> str:
    known = registry.customers.get(customer)
    return known.name if known else customer_name(registry, customer)


def _person(registry: Registry, person_id: str | None, lang: str) -> str:
    if not person_id:
        return "—"
    person = registry.people.get(person_id)
    if person is None:
        return person_id
    if not person.title:
        return person.name
    return strings.text("word.person_with_title", lang, name=person.name, title=person.title)


def _date(value: date | None) -> str:
    return value.isoformat() if value else "—"
