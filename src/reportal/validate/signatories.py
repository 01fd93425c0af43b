"""The three signatories of a report: 编制 (author), 审核 (reviewer) and 批准 (approver).

Rules on top of the role checks in ``crossrefs.py`` (every named person exists and holds that
role for the customer): the reviewer is not the author; the reviewer approves too only where
the customer's ``settings: {reviewer_may_approve: true}`` allows it; and a customer with
``settings: {signatories: 3}`` needs a reviewer from status review on (reports approved before
``signatories_since`` keep the two signatories they were issued with).
"""

from __future__ import annotations

from reportal.issues import Issue
from reportal.model.registry import Registry, SignOff
from reportal.model.report import Report, Status

NEEDS_REVIEWER = (Status.REVIEW, Status.APPROVED, Status.SUPERSEDED)


def check_signatories(report: Report, registry: Registry) -> list[Issue]:
    """X015 reviewer = author, X016 reviewer = approver where not allowed, X017 no reviewer."""
    customer = registry.customers.get(report.customer)
    sign_off = customer.sign_off if customer is not None else SignOff()
    return _check_distinct(report, sign_off) + _check_present(report, sign_off)


def _check_distinct(report: Report, sign_off: SignOff) -> list[Issue]:
    reviewer = report.reviewer
    if reviewer is None:
        return []
    if reviewer == report.author:
        message = f'reviewer "{reviewer}" is also the author (segregation of duties)'
        hint = "another person with the reviewer role must review the report"
        return [_issue(report, "X015", message, hint)]
    if reviewer == report.approver and not sign_off.reviewer_may_approve:
        message = (
            f'reviewer "{reviewer}" is also the approver, and customer "{report.customer}" '
            "needs two people for review and approval"
        )
        hint = (
            "name another reviewer, or allow it in data/customers.yml: "
            f"{report.customer}: {{settings: {{reviewer_may_approve: true}}}}"
        )
        return [_issue(report, "X016", message, hint)]
    return []


def _check_present(report: Report, sign_off: SignOff) -> list[Issue]:
    if report.reviewer is not None or report.status not in NEEDS_REVIEWER:
        return []
    if not sign_off.needs_reviewer(report.approved_on):
        return []
    message = (
        f'customer "{report.customer}" signs reports off by three (编制 / 审核 / 批准); '
        f"a report with status {report.status.value} needs `reviewer`"
    )
    hint = "add `reviewer: <person id>` (a person with the reviewer role for the customer)"
    line = report.line_of("status")
    return [Issue(report.path, line, "reviewer", "X017", message, hint=hint)]


def _issue(report: Report, code: str, message: str, hint: str) -> Issue:
    return Issue(report.path, report.line_of("reviewer"), "reviewer", code, message, hint=hint)
