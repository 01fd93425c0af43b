"""Reading a portal: a portal folder -> registry, valid reports, and every reading Issue.

``load_portal(root)`` reads ``reportal.yml``, ``data/{customers,people,plan}.yml`` and every
``reports/**/*.md``; it never raises for bad input. The checks that follow (cross-references,
bodies, snapshots, data) run from one entry point, ``check_all`` in kpi/checks.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from reportal.cachedir import cache_dir
from reportal.issues import Issue
from reportal.model.content import content_sha256, content_sha256_of
from reportal.model.frontmatter import FrontMatter, parse_front_matter
from reportal.model.period import parse_period
from reportal.model.portal import Portal, RejectedReport, ReportParties
from reportal.model.report import Category, DataGap, Report, Status
from reportal.validate.fields import validate_fields
from reportal.validate.registry_checks import load_registry
from reportal.validate.report_memo import open_report_memo, report_key
from reportal.validate.snapshots import read_snapshots


def load_portal(root: Path, staged: bool = False) -> Portal:
    registry, issues = load_registry(root, None if staged else cache_dir(root))
    portal = Portal(root=root, registry=registry, issues=issues, staged=staged)
    reports_dir = root / registry.settings.reports_dir
    portal.issues.extend(read_snapshots(portal, reports_dir, cache_dir(root)))
    memo = open_report_memo(cache_dir(root))
    pattern = registry.settings.number_pattern
    for path in sorted(reports_dir.rglob("*.md")) if reports_dir.is_dir() else []:
        rel = front_path(path, root)
        data = path.read_bytes()
        key = report_key(memo, rel, pattern, data)
        if isinstance(known := memo.get(key), Report):
            portal.reports.append(known)
            continue
        report, report_issues, front = _read_report(data, rel, pattern)
        portal.issues.extend(report_issues)
        if report is not None:
            memo.put(key, report)
            portal.reports.append(report)
            continue
        if front is not None:  # no front matter: the whole file is checked as the body
            portal.rejected.append(RejectedReport(rel, front.body, front.body_line))
        parties = _parties(front, rel, report_issues)
        if parties is not None:
            portal.rejected_parties.append(parties)
    if not staged:  # edition workers read the memo; the whole portal's read keeps it
        memo.save()
    return portal


def front_path(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix()


def _read_report(
    data: bytes, rel: str, number_pattern: str
) -> tuple[Report | None, list[Issue], FrontMatter | None]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [Issue(rel, 1, None, "F007", f"not UTF-8 text ({error.reason})")], None
    front = parse_front_matter(text, rel)
    if front.issues and not front.data:
        return None, front.issues, front
    document, issues = validate_fields(front, rel, number_pattern=number_pattern)
    issues = front.issues + issues
    if document is None or issues:
        return None, issues, front
    report = _build_report(document, rel, front.body, front.body_line, front.lines)
    content = content_sha256(text) if "\r" in text else content_sha256_of(front.data, front.body)
    return replace(report, content_sha256=content), [], front


def _parties(front: FrontMatter | None, path: str, issues: list[Issue]) -> ReportParties | None:
    """The parties of a rejected report, if its customer, author and approver are sound."""
    if front is None or not isinstance(front.data, dict):
        return None
    if any(issue.field in (None, "customer", "author", "approver") for issue in issues):
        return None
    customer, author = front.data.get("customer"), front.data.get("author")
    approver = front.data.get("approver")
    if not isinstance(customer, str) or not isinstance(author, str):
        return None
    if approver is not None and not isinstance(approver, str):
        return None
    return ReportParties(path, customer, author, approver or None, dict(front.lines))


def _build_report(
    doc: dict[str, Any], path: str, body: str, body_line: int, lines: dict[str, int]
) -> Report:
    return Report(
        path=path,
        number=doc["number"],
        title=doc["title"],
        customer=doc["customer"],
        period=parse_period(doc["period"]),
        category=Category(doc["category"]),
        author=doc["author"],
        status=Status(doc["status"]),
        prepared=doc["prepared"],
        approver=doc.get("approver"),
        reviewer=doc.get("reviewer"),
        reviewed_on=doc.get("reviewed_on"),
        approved_on=doc.get("approved_on"),
        issued=doc.get("issued"),
        confidentiality=doc.get("confidentiality", "customer"),
        supersedes=doc.get("supersedes"),
        amendment_reason=doc.get("amendment_reason"),
        review_rounds=doc.get("review_rounds"),
        tags=tuple(doc.get("tags", [])),
        data_gaps=tuple(DataGap(g["source"], g["reason"]) for g in doc.get("data_gaps", [])),
        body=body,
        body_line=body_line,
        lines=dict(lines),
    )
