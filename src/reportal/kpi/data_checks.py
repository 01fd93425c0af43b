"""Data checks, step 3 of `check_all` (kpi/checks.py), after the validation checks.

- ``check_data_files``: sources.yml problems and every bad cell of every declared export.
- ``check_coverage``: a regular report whose period a source does not fully cover must name
  that source in its front matter ``data_gaps`` (an error once issued, a warning in a draft).
"""

from __future__ import annotations

from reportal.issues import Issue, Severity
from reportal.kpi.coverage import Coverage
from reportal.kpi.shared import shared_engine
from reportal.model.portal import Portal
from reportal.model.report import Category, Report


def check_data_files(portal: Portal) -> list[Issue]:
    return shared_engine(portal.root, portal.registry, refresh=False).data_issues()


def check_coverage(portal: Portal) -> list[Issue]:
    engine = shared_engine(portal.root, portal.registry, refresh=False)
    issues: list[Issue] = []
    for report in portal.reports:
        if report.category is not Category.REGULAR:
            continue
        if report.customer not in engine.registry.customers:
            continue
        explained = {gap.source for gap in report.data_gaps}
        for coverage in engine.coverage(report.customer, report.period):
            if not coverage.complete and coverage.source not in explained:
                issues.append(_gap_issue(report, coverage))
    return issues


def _gap_issue(report: Report, coverage: Coverage) -> Issue:
    line = report.lines.get("data_gaps") or report.lines.get("period") or 1
    severity = Severity.ERROR if report.status.is_issued else Severity.WARNING
    return Issue(
        report.path,
        line,
        "data_gaps",
        "D120",
        f"source {coverage.source} covers {coverage.covered}/{coverage.days} days of "
        f"{report.period.text} (missing {coverage.missing_text('en')}), and data_gaps does not "
        "explain it",
        hint=f'add data_gaps: [{{source: {coverage.source}, reason: "…"}}] to the front matter',
        severity=severity,
    )
