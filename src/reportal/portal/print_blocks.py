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
from reportal.model.report import CATEGORY_LABELS, STATUS_LABELS, Report
from reportal.portal.approvals import Approval, approval_label

PRINT_CLASS = "reportal-print"
SIGN_CLASS = "reportal-signature-space"

LABELS: dict[str, dict[str, str]] = {
    "zh": {
        "provider": "服务提供方",
        "customer": "客户",
        "customer_address": "客户地址",
        "number": "报告编号",
        "period": "报告期间",
        "category": "报告类别",
        "status": "状态",
        "issued": "签发日期",
        "confidentiality": "密级",
        "role": "职责",
        "name": "姓名",
        "title": "职务",
        "date": "日期",
        "sign": "签字（盖章）",
        "prepared": "编制",
        "reviewed": "审核",
        "approved": "批准",
        "signatures": "编制、审核与批准",
        "to": "至",
        "supersedes": "本报告替代 {number}，原因：{reason}",
        "end": "— 以下空白 —",
        "none": "—",
    },
    "en": {
        "provider": "Service provider",
        "customer": "Customer",
        "customer_address": "Customer address",
        "number": "Report number",
        "period": "Period",
        "category": "Category",
        "status": "Status",
        "issued": "Issue date",
        "confidentiality": "Confidentiality",
        "role": "Role",
        "name": "Name",
        "title": "Title",
        "date": "Date",
        "sign": "Signature (seal)",
        "prepared": "Prepared by",
        "reviewed": "Reviewed by",
        "approved": "Approved by",
        "signatures": "Preparation, review and approval",
        "to": "to",
        "supersedes": "This report supersedes {number}. Reason: {reason}",
        "end": "— End of report —",
        "none": "—",
    },
}

CONFIDENTIALITY_LABELS = {
    "public": {"zh": "公开", "en": "Public"},
    "customer": {"zh": "客户受控（仅限客户与服务方）", "en": "Customer confidential"},
    "internal": {"zh": "内部（仅限服务方）", "en": "Internal (provider only)"},
}


def render_print_blocks(
    report: Report, registry: Registry, language: str, approval: Approval | None = None
) -> tuple[str, str]:
    """HTML before the report body (cover + signatures + approval record) and after it (end
    block)."""
    lang = language if language in LABELS else "zh"
    cover = _cover(report, registry, lang) + _signatures(report, registry, lang)
    before = _section("cover", cover + _approval_record(approval, lang))
    return before, _section("end", _end(report, lang))


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
    labels = LABELS[lang]
    provider = registry.settings.provider
    customer = registry.customers.get(report.customer)
    provider_name = provider.name_en if lang == "en" and provider.name_en else provider.name
    rows = [
        (labels["number"], report.number),
        (labels["customer"], customer.name if customer else report.customer),
        (labels["customer_address"], customer.address if customer else ""),
        (labels["period"], _period_text(report, lang)),
        (labels["category"], CATEGORY_LABELS[report.category][lang]),
        (labels["status"], STATUS_LABELS[report.status][lang]),
        (labels["issued"], _date(report.issued, lang)),
        (labels["confidentiality"], _confidentiality(report.confidentiality, lang)),
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
    labels = LABELS[lang]
    lines = [
        ("prepared", report.author, report.prepared),
        ("reviewed", reviewer_id(report), reviewed_on(report)),
        ("approved", report.approver, report.approved_on),
    ]
    keys = ("role", "name", "title", "date", "sign")
    head = "".join(f"<th>{escape(labels[key])}</th>" for key in keys)
    body = "".join(
        _signature_row(labels[role], registry.people.get(pid) if pid else None, pid, day, lang)
        for role, pid, day in lines
    )
    return (
        f'<div class="reportal-signatures"><p class="reportal-signatures-caption">'
        f"{escape(labels['signatures'])}</p>"
        f'<table class="reportal-signature-table"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table></div>"
    )


def _signature_row(
    role: str, person: Person | None, pid: str | None, day: date | None, lang: str
) -> str:
    none = LABELS[lang]["none"]
    name = person.name if person else (pid or none)
    title = person.title if person and person.title else none
    cells = (role, name, title, _date(day, lang))
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
    colon, sep = ("：", "；") if lang == "zh" else (": ", "; ")
    lines = sep.join(f"{key} {value}" for key, value in approval.rows(lang))
    text = f"{approval_label(lang)}{colon}{lines}"
    return f'<p class="reportal-approval-record">{escape(text)}</p>'


def _end(report: Report, lang: str) -> str:
    labels = LABELS[lang]
    text = ""
    if report.supersedes:
        statement = labels["supersedes"].format(
            number=report.supersedes, reason=report.amendment_reason or labels["none"]
        )
        text += f'<p class="reportal-end-supersedes">{escape(statement)}</p>'
    return text + f'<p class="reportal-end-mark">{escape(labels["end"])}</p>'


def _rows(rows: list[tuple[str, str]]) -> str:
    return "".join(
        f"<tr><th>{escape(key)}</th><td>{escape(value)}</td></tr>" for key, value in rows
    )


def _period_text(report: Report, lang: str) -> str:
    period = report.period
    span = f"{period.start.isoformat()} {LABELS[lang]['to']} {period.end.isoformat()}"
    return f"{period.text}（{span}）" if lang == "zh" else f"{period.text} ({span})"


def _date(day: date | None, lang: str) -> str:
    return day.isoformat() if day else LABELS[lang]["none"]


def _confidentiality(value: str, lang: str) -> str:
    return CONFIDENTIALITY_LABELS.get(value, {}).get(lang, value)
