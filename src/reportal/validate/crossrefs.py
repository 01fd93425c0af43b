"""Cross-reference checks: reports against the registry and against each other.

Each report's customer, author, reviewer and approver must exist and hold their roles
(segregation of duties: the approver is not the author; the reviewer rules are in
``signatories.py``); numbers are unique, equal the file name, carry the
customer's code and sit in ``reports/<customer>/<year>/``; dates run prepared <= approved_on <=
issued, after the period; amendments (``supersedes``) form clean chains within one customer.
Every Issue points at the line of the field to fix.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import PurePosixPath
from typing import TYPE_CHECKING, Protocol

from reportal.issues import Issue, did_you_mean
from reportal.model.registry import Registry
from reportal.model.report import Category, Report, Status
from reportal.model.today import portal_today
from reportal.validate.fields import compile_number_pattern
from reportal.validate.signatories import check_signatories

if TYPE_CHECKING:
    from reportal.model.portal import Portal


class Parties(Protocol):
    """Who a report is for and by: enough to check customer and people (a Report is one)."""

    @property
    def path(self) -> str: ...
    @property
    def customer(self) -> str: ...
    @property
    def author(self) -> str: ...
    @property
    def approver(self) -> str | None: ...
    def line_of(self, name: str) -> int: ...


def check_crossrefs(portal: Portal) -> list[Issue]:
    """Every cross-reference issue of ``portal.reports``, plus the customer and people checks of
    reports rejected for other field errors (so one run names those too)."""
    registry, reports = portal.registry, portal.reports
    issues: list[Issue] = []
    today = portal_today()
    for parties in portal.rejected_parties:
        issues += _check_customer(parties, registry)
        issues += _check_people(parties, registry)
    for report in reports:
        issues += _check_customer(report, registry)
        issues += _check_people(report, registry)
        issues += _check_location(report, registry)
        issues += _check_dates(report)
        issues += _check_not_future(report, today)
        issues += _check_status(report)
        issues += check_signatories(report, registry)
    issues += _check_unique_numbers(reports)
    issues += _check_supersedes(reports)
    return issues


def _issue(report: Parties, field: str, code: str, message: str, hint: str | None = None) -> Issue:
    return Issue(report.path, report.line_of(field), field, code, message, hint=hint)


# ---- customer and people ---------------------------------------------------------------------


def _check_customer(report: Parties, registry: Registry) -> list[Issue]:
    if report.customer in registry.customers:
        return []
    message = f'unknown customer "{report.customer}" (not in data/customers.yml)'
    return [
        _issue(
            report, "customer", "X001", message, did_you_mean(report.customer, registry.customers)
        )
    ]


def _check_people(report: Parties, registry: Registry) -> list[Issue]:
    issues: list[Issue] = []
    for role in ("author", "reviewer", "approver"):
        person = getattr(report, role, None)  # a rejected report's parties have no reviewer
        if person is None:
            continue
        if person not in registry.people:
            message = f'unknown person "{person}" (not in data/people.yml)'
            issues.append(
                _issue(report, role, "X002", message, did_you_mean(person, registry.people))
            )
        elif report.customer in registry.customers and not registry.people[person].has_role(
            report.customer, role
        ):
            issues.append(_missing_role(report, role, person, registry))
    if report.approver is not None and report.approver == report.author:
        message = f'approver "{report.approver}" is also the author (segregation of duties)'
        hint = "another person with the approver role must approve the report"
        issues.append(_issue(report, "approver", "X004", message, hint))
    return issues


def _missing_role(report: Parties, role: str, person: str, registry: Registry) -> Issue:
    holders = sorted(p.id for p in registry.people.values() if p.has_role(report.customer, role))
    message = f'"{person}" does not hold the {role} role for customer "{report.customer}"'
    hint = f"{role}s for {report.customer}: {', '.join(holders)}" if holders else None
    return _issue(report, role, "X003", message, hint or "add the role in data/people.yml")


# ---- number, file name and folder ----------------------------------------------------------


def _check_location(report: Report, registry: Registry) -> list[Issue]:
    issues: list[Issue] = []
    path = PurePosixPath(report.path)
    if path.stem != report.number:
        message = f'file name "{path.name}" does not match number "{report.number}"'
        hint = f"rename the file to {report.number}.md, or correct `number`"
        issues.append(_issue(report, "number", "X005", message, hint))
    customer = registry.customers.get(report.customer)
    if customer is None:
        return issues
    issues += _check_folder(report, path, registry.settings.reports_dir)
    match = compile_number_pattern(registry.settings.number_pattern).match(report.number)
    code = match.groupdict().get("code") if match else None
    if code is not None and code != customer.code:
        message = f'number code "{code}" is not the code of customer "{report.customer}"'
        hint = f"numbers of {report.customer} contain {customer.code}, e.g. SR-{customer.code}-…"
        issues.append(_issue(report, "number", "X007", message, hint))
    return issues


def _check_folder(report: Report, path: PurePosixPath, reports_dir: str) -> list[Issue]:
    expected = f"{reports_dir}/{report.customer}/{report.year}"
    folder = path.parent.as_posix()
    if folder == expected:
        return []
    parts = folder.split("/")
    field = "customer" if len(parts) < 2 or parts[1] != report.customer else "period"
    message = f'report is in "{folder}/" but its {field} puts it in "{expected}/"'
    return [_issue(report, field, "X006", message, f"move the file to {expected}/{path.name}")]


def _check_unique_numbers(reports: Iterable[Report]) -> list[Issue]:
    by_number: dict[str, list[Report]] = defaultdict(list)
    for report in reports:  # NFKC: ０１ (fullwidth) is 01 to a reader
        by_number[unicodedata.normalize("NFKC", report.number)].append(report)
    issues: list[Issue] = []
    for number, same in by_number.items():
        for report in same if len(same) > 1 else []:
            others = ", ".join(r.path for r in same if r is not report)
            message = f'number "{number}" is also used by {others}'
            issues.append(
                _issue(report, "number", "X008", message, "every report needs its own number")
            )
    return issues


# ---- dates and status ------------------------------------------------------------------------


def _check_not_future(report: Report, today: date) -> list[Issue]:
    """A report cannot have been approved or issued after today (the portal's time zone)."""
    issues: list[Issue] = []
    for field in ("reviewed_on", "approved_on", "issued"):
        day = getattr(report, field)
        if day is not None and day > today:
            message = f"{field} {day} is in the future (today is {today})"
            hint = f"write the day it was {field.removesuffix('_on')}; set it when it happens"
            issues.append(_issue(report, field, "X014", message, hint))
    return issues


def _check_dates(report: Report) -> list[Issue]:
    issues: list[Issue] = []
    previous = ("prepared", report.prepared)
    for field in ("reviewed_on", "approved_on", "issued"):
        day = getattr(report, field)
        if day is None:
            continue
        if day < previous[1]:
            message = f"{field} {day} is before {previous[0]} {previous[1]}"
            hint = "dates run prepared <= reviewed_on <= approved_on <= issued"
            issues.append(_issue(report, field, "X010", message, hint))
        previous = (field, day)
    if report.category is Category.REGULAR and report.period.kind == "range":
        message = (
            f"a regular report covers a month, quarter or year, not the range {report.period.text}"
        )
        hint = (
            "write e.g. 2026-10, 2026-Q3 or 2026; date ranges are for incident and special reports"
        )
        issues.append(_issue(report, "period", "X013", message, hint))
    if report.issued is not None and report.issued <= report.period.end:
        message = (
            f"issued {report.issued} is not after the period {report.period.text} "
            f"(ends {report.period.end})"
        )
        issues.append(
            _issue(report, "issued", "X011", message, "a report is issued after its period")
        )
    return issues


def _check_status(report: Report) -> list[Issue]:
    if not report.status.is_issued:
        return []
    issues: list[Issue] = []
    for field in ("approver", "approved_on", "issued"):
        if getattr(report, field) is None:
            message = f"a report with status {report.status.value} needs `{field}`"
            hint = f"add `{field}:` or set `status: review` until it is approved and issued"
            issues.append(
                Issue(report.path, report.line_of("status"), field, "X012", message, hint)
            )
    return issues


# ---- amendments (supersedes) -----------------------------------------------------------------


def _check_supersedes(reports: list[Report]) -> list[Issue]:
    by_number: dict[str, Report] = {}
    for report in reports:
        by_number.setdefault(report.number, report)
    superseded_by: dict[str, list[Report]] = defaultdict(list)
    issues: list[Issue] = []
    for report in reports:
        issues += _check_amendment_reason(report)
        if report.supersedes is None:
            continue
        target = by_number.get(report.supersedes)
        issues += _check_target(report, target, by_number)
        if target is not None and target is not report and target.customer == report.customer:
            superseded_by[target.number].append(report)
    issues += _check_superseded_status(reports, superseded_by)
    issues += _check_cycles(by_number)
    return issues


def _check_amendment_reason(report: Report) -> list[Issue]:
    if report.supersedes is not None and not report.amendment_reason:
        message = f"an amendment of {report.supersedes} needs `amendment_reason`"
        hint = 'say why it replaces the earlier report, e.g. amendment_reason: "可用性数据更正"'
        return [
            Issue(
                report.path, report.line_of("supersedes"), "amendment_reason", "X025", message, hint
            )
        ]
    if report.supersedes is None and report.amendment_reason:
        message = "`amendment_reason` is given but the report supersedes nothing"
        return [_issue(report, "amendment_reason", "X026", message, "add `supersedes: <number>`")]
    return []


def _check_target(
    report: Report, target: Report | None, by_number: dict[str, Report]
) -> list[Issue]:
    number = report.supersedes or ""
    if number == report.number:
        return [_issue(report, "supersedes", "X020", "a report cannot supersede itself")]
    if target is None:
        same_customer = [
            n for n, r in by_number.items() if r.customer == report.customer and r is not report
        ]
        message = f'supersedes "{number}", but no report has that number'
        return [_issue(report, "supersedes", "X021", message, did_you_mean(number, same_customer))]
    if target.customer != report.customer:
        message = (
            f'supersedes "{number}" of customer "{target.customer}", not of "{report.customer}"'
        )
        hint = "a report can only supersede a report of the same customer"
        return [_issue(report, "supersedes", "X022", message, hint)]
    return []


def _check_superseded_status(
    reports: list[Report], superseded_by: dict[str, list[Report]]
) -> list[Issue]:
    issues: list[Issue] = []
    for report in reports:
        newer = superseded_by.get(report.number, [])
        if newer and report.status is not Status.SUPERSEDED:
            message = (
                f"this report is superseded by {newer[0].number} ({newer[0].path}) "
                f'but has status "{report.status.value}"'
            )
            issues.append(_issue(report, "status", "X023", message, "set `status: superseded`"))
        elif not newer and report.status is Status.SUPERSEDED:
            message = "status is superseded, but no report supersedes this one"
            hint = f"add `supersedes: {report.number}` to the amendment, or correct `status`"
            issues.append(_issue(report, "status", "X024", message, hint))
    return issues


def _check_cycles(by_number: dict[str, Report]) -> list[Issue]:
    """One issue per cycle of ``supersedes`` links, at the cycle's smallest number."""
    issues: list[Issue] = []
    done: set[str] = set()
    for start in sorted(by_number):
        chain: list[str] = []
        number: str | None = start
        while number is not None and number in by_number and number not in done:
            if number in chain:
                issues.append(_cycle_issue(chain[chain.index(number) :], by_number))
                break
            chain.append(number)
            following = by_number[number].supersedes
            number = following if following != number else None
        done.update(chain)
    return issues


def _cycle_issue(cycle: list[str], by_number: dict[str, Report]) -> Issue:
    first = min(cycle)
    index = cycle.index(first)
    ordered = cycle[index:] + cycle[:index] + [first]
    message = "supersedes links form a cycle: " + " → ".join(ordered)
    hint = "an amendment supersedes an earlier report; remove `supersedes` from the oldest one"
    return _issue(by_number[first], "supersedes", "X027", message, hint)
