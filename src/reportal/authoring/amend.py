"""``reportal new --amend``: an amendment starts from the issued report it replaces.

The amendment gets the next free number for the same customer and period, the issued report's
title, category, parties and body, ``supersedes`` and a placeholder ``amendment_reason`` the
author must fill in, and an ``更正说明`` section on top. The issued report is marked
``superseded`` in the same change (only its ``status`` line: its issued content and snapshot
stay valid). The amendment is a draft: it renders live until it is approved and frozen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from reportal.authoring.scaffold import NewReport, next_number
from reportal.issues import Issue
from reportal.model.portal import Portal
from reportal.model.report import Report, Status

REASON_PLACEHOLDER = "（待填写：更正原因——哪些数据或结论有误、如何发现、如何更正）"


@dataclass(frozen=True)
class Amendment:
    """The new report to create, and the issued report's new text (status superseded)."""

    new: NewReport
    superseded_path: str
    superseded_text: str


def amend_report(portal: Portal, number: str, today: date) -> tuple[Amendment | None, list[Issue]]:
    old = portal.report(number)
    if old is None:
        known = ", ".join(r.number for r in portal.reports if r.status is Status.APPROVED)
        return None, [_issue(f'no report has the number "{number}"', f"issued: {known}")]
    if old.status is not Status.APPROVED:
        message = f'{number} is "{old.status.value}": only an approved (issued) report is amended'
        return None, [_issue(message, "a draft is corrected in place, before it is approved")]
    customer = portal.registry.customers[old.customer]
    new_number = next_number(portal, customer, old.period)
    rel = old.path.rsplit("/", 1)[0] + f"/{new_number}.md"
    text = _front_matter(old, new_number, today) + _body(old)
    old_text = (portal.root / old.path).read_text(encoding="utf-8")
    return Amendment(NewReport(rel, new_number, text), old.path, _superseded(old, old_text)), []


def _front_matter(old: Report, number: str, today: date) -> str:
    lines = [
        "---",
        f"number: {number}",
        f"title: {json.dumps(old.title, ensure_ascii=False)}",
        f"customer: {old.customer}",
        f"period: {old.period.text}",
        f"category: {old.category.value}",
        f"author: {old.author}",
        f"reviewer: {old.reviewer}" if old.reviewer else "reviewer:",
        f"approver: {old.approver}" if old.approver else "approver:",
        "status: draft",
        f"prepared: {today.isoformat()}",
        f"confidentiality: {old.confidentiality}",
        f"supersedes: {old.number}",
        f"amendment_reason: {json.dumps(REASON_PLACEHOLDER, ensure_ascii=False)}",
        f"tags: {json.dumps(list(old.tags), ensure_ascii=False)}",
    ]
    if old.data_gaps:
        lines.append("data_gaps:")
        for gap in old.data_gaps:
            source, reason = (json.dumps(t, ensure_ascii=False) for t in (gap.source, gap.reason))
            lines.append(f"  - {{source: {source}, reason: {reason}}}")
    return "\n".join([*lines, "---", "", ""])


def _body(old: Report) -> str:
    notice = (
        "## 更正说明\n\n"
        f"本报告替代已发布的 {old.number}。（待填写：更正的内容、原因和影响的章节。）\n\n"
    )
    return notice + old.body.lstrip("\n")


def _superseded(old: Report, text: str) -> str:
    """``text`` with its front-matter ``status`` line set to ``superseded``."""
    lines = text.splitlines(keepends=True)
    index = old.line_of("status") - 1
    if 0 <= index < len(lines) and lines[index].lstrip().startswith("status:"):
        ending = "\r\n" if lines[index].endswith("\r\n") else "\n"
        lines[index] = f"status: {Status.SUPERSEDED.value}{ending}"
    return "".join(lines)


def _issue(message: str, hint: str | None) -> Issue:
    return Issue("<command line>", None, "amend", "N006", message, hint)
