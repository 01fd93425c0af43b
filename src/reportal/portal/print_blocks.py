"""Print-only blocks of a report page: the cover with its signature block, and the end block.

``render_print_blocks(report, registry, language)`` returns ``(before, after)``: HTML the site
plugin puts before and after the rendered report body. Both are hidden on screen and shown in
print by ``theme/assets/reportal/print.css``, so the PDF is a controlled document (ISO/IEC 17025
§7.8.2: identification, a clear end, who authorised it). Pure HTML generation: every value is
escaped. The sections carry the ``hidden`` attribute, so they stay hidden on screen even
where print.css is linked with ``media="print"``.

Who "审核 / reviewed by" is: the report's ``reviewer`` (dated ``reviewed_on``, else
``approved_on``) when it names one, else the approver: a customer signing off with two
signatories (``settings: {signatories: 2}``, the default) has the approver review the report
before approving it.
"""

from __future__ import annotations

from datetime import date
from html import escape

from reportal.model.registry import Person, Registry
from reportal.model.report import Report
from reportal.model.strings import text
from reportal.portal.approvals import Approval, approval_label

PRINT_CLASS = "reportal-print"
SIGN_CLASS = "reportal-signature-space"

NONE = "—"  # a field with no value


def render_print_blocks(
    report: Report, registry: Registry, language: str, approval: Approval | None = None
) -> tuple[str, str]:
    """HTML before the report body (cover + signatures + approval record) and after it (end
    block)."""
    cover = _cover(report, registry, language) + _signatures(report, registry, language)
    before = _section("cover", cover + _approval_record(approval, language))
    return before, _section("end", _end(report, language))


def reviewer_id(report: Report) -> str | None:
    """The person who reviewed the report: its reviewer if it names one, else the approver."""
    return report.reviewer or report.approver


def reviewed_on(report: Report) -> date | None:
    """The day of the review: ``reviewed_on``, else the day of the approval."""
    return report.reviewed_on or report.approved_on


def _section(kind: str, inner: str) -> str:
    return (
        f'<section class="{PRINT_CLASS} {PRINT_CLASS}-{kind}" data-reportal-print="{kind}"'
        " data-search-exclude hidden>"
        f"{inner}</section>"
    )


def _cover(report: Report, registry: Registry, lang: str) -> str:
    provider = registry.settings.provider
    customer = registry.customers.get(report.customer)
    provider_name = provider.name_en if lang == "en" and provider.name_en else provider.name
    rows = [
        (text("field.number", lang), report.number),
        (text("field.customer", lang), customer.name if customer else report.customer),
        (text("print.customer_address", lang), customer.address if customer else ""),
        (text("field.period", lang), _period_text(report, lang)),
        (text("print.category", lang), text(f"category.{report.category.value}", lang)),
        (text("field.status", lang), text(f"status.{report.status.value}", lang)),
        (text("field.issued", lang), _date(report.issued)),
        (text("print.confidentiality", lang), _confidentiality(report.confidentiality, lang)),
    ]
    return (
        '<div class="reportal-cover-provider">'
        f'<p class="reportal-cover-provider-name">{escape(provider_name)}</p>'
        f'<p class="reportal-cover-provider-address">{escape(provider.address)}</p></div>'
        f'<p class="reportal-cover-title">{escape(report.title)}</p>'
        f'<p class="reportal-cover-number">{escape(report.number)}</p>'
        f'<table class="reportal-cover-meta"><tbody>{_rows(rows)}</tbody></table>'
    )


def _signatures(report: Report, registry: Registry, lang: str) -> str:
    lines = [
        ("print.prepared", report.author, report.prepared),
        ("print.reviewed", reviewer_id(report), reviewed_on(report)),
        ("print.approved", report.approver, report.approved_on),
    ]
    keys = ("print.role", "print.name", "print.title", "print.date", "print.sign")
    head = "".join(f"<th>{escape(text(key, lang))}</th>" for key in keys)
    body = "".join(
        _signature_row(text(role, lang), registry.people.get(pid) if pid else None, pid, day)
        for role, pid, day in lines
    )
    return (
        f'<div class="reportal-signatures"><p class="reportal-signatures-caption">'
        f"{escape(text('print.signatures', lang))}</p>"
        f'<table class="reportal-signature-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _signature_row(role: str, person: Person | None, pid: str | None, day: date | None) -> str:
    name = person.name if person else (pid or NONE)
    title = person.title if person and person.title else NONE
    cells = (role, name, title, _date(day))
    return (
        f'<tr data-role="{escape(role)}">'
        + "".join(f"<td>{escape(cell)}</td>" for cell in cells)
        + f'<td class="{SIGN_CLASS}"></td></tr>'  # room to sign and for a seal impression
    )


def _approval_record(approval: Approval | None, lang: str) -> str:
    """Below the signatures, in small type (the cover stays one page): where the approved text
    entered the default branch — commit, merge, pull request."""
    if approval is None:
        return ""
    separator = text("word.list_separator", lang)
    lines = separator.join(f"{key} {value}" for key, value in approval.rows(lang))
    record = text("approval.record_line", lang, label=approval_label(lang), lines=lines)
    return f'<p class="reportal-approval-record">{escape(record)}</p>'


def _end(report: Report, lang: str) -> str:
    html = ""
    if report.supersedes:
        reason = report.amendment_reason or NONE
        statement = text("print.supersedes", lang, number=report.supersedes, reason=reason)
        html += f'<p class="reportal-end-supersedes">{escape(statement)}</p>'
    return html + f'<p class="reportal-end-mark">{escape(text("print.end", lang))}</p>'


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><th>{escape(key)}</th><td>{escape(value)}</td></tr>" for key, value in rows
    )


def _period_text(report: Report, lang: str) -> str:
    period = report.period
    start, end = period.start.isoformat(), period.end.isoformat()
    return text("print.period_span", lang, period=period.text, start=start, end=end)


def _date(day: date | None) -> str:
    return day.isoformat() if day else NONE


def _confidentiality(value: str, lang: str) -> str:
    """The confidentiality level's text; a level the catalogue does not name, as written."""
    try:
        return text(f"confidentiality.{value}", lang)
    except KeyError:
        return value
