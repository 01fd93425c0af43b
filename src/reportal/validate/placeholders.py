"""Template placeholders left in an approved report.

``reportal new`` fills a report body with ``（待填写：……）`` placeholders for the author to
replace. A draft may hold them; an approved report is what the customer reads, so each one left
is an error on its line (the approver guide asks for this check, now ``reportal check`` does it).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from reportal.issues import Issue
from reportal.model.report import Report, Status

if TYPE_CHECKING:
    from reportal.model.portal import Portal

CODE = "B030"
# Full-width or ASCII parentheses, with or without the colon and the description.
PLACEHOLDER = re.compile(r"[（(]\s*待填写[^）)\n]*[）)]")


def check_placeholders(portal: Portal) -> list[Issue]:
    """One issue per line of an approved report's body that still holds a placeholder."""
    return [
        issue
        for report in portal.reports
        if report.status is Status.APPROVED
        for issue in _placeholder_issues(report)
    ]


def _placeholder_issues(report: Report) -> Iterator[Issue]:
    for offset, line in enumerate(report.body.splitlines()):
        found = PLACEHOLDER.search(line)
        if found is None:
            continue
        text = found.group(0)
        shown = text if len(text) <= 30 else text[:29] + "…）"
        yield Issue(
            report.path,
            report.body_line + offset,
            "body",
            CODE,
            f"the approved report still holds the template placeholder {shown}",
            hint="write the text the placeholder asks for (or set `status: review` until done)",
        )
