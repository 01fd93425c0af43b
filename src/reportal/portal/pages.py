"""Report pages: which reports an edition holds, where each goes, and what MkDocs reads.

Each report reaches the site as a generated file at ``reports/<customer>/<year>/<number>.md``
whose content is the report body only, padded with one empty line per front-matter line: MkDocs
never sees (nor YAML-1.1-parses) the front matter, and line numbers in messages about the body
(mkdocs-macros counts from the top of what it is given) stay those of the source file.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reportal.model.report import Report
from reportal.portal.editions import PROVIDER, Edition


@dataclass(frozen=True)
class ReportPage:
    """A report as placed in the site: its generated source path and the report itself."""

    src_uri: str
    report: Report


def select_reports(reports: Iterable[Report], edition: str) -> list[Report]:
    """All reports for the provider; a customer's published reports for its edition."""
    holder = Edition(PROVIDER) if edition == PROVIDER else Edition(edition, edition)
    return [r for r in reports if holder.holds(r)]


def report_src_uri(report: Report) -> str:
    return f"reports/{report.customer}/{report.year}/{report.number}.md"


def report_pages(reports: Iterable[Report]) -> dict[str, ReportPage]:
    """``src_uri -> ReportPage`` for the reports of one edition."""
    return {report_src_uri(r): ReportPage(report_src_uri(r), r) for r in reports}


def page_source(report: Report) -> str:
    """What MkDocs reads for the report: the body, at the same lines as in the file."""
    return "\n" * max(report.body_line - 1, 1) + report.body


def page_meta(report: Report) -> dict[str, Any]:
    """``page.meta["reportal"]``: how macros and later stages identify a page's report."""
    return {
        "number": report.number,
        "customer": report.customer,
        "period": report.period.text,
        "category": report.category.value,
        "status": report.status.value,
        "path": report.path,
        "body_line": report.body_line,
        "data_gaps": [{"source": g.source, "reason": g.reason} for g in report.data_gaps],
    }


def search_tags(report: Report) -> list[str]:
    """``page.meta["tags"]``: the report's tags, then its number. Material's search weighs tags
    a thousand times a title, so a report number typed whole finds its report before the
    reports that merely mention it (the one superseding it, the next month's action table)."""
    return [*report.tags, report.number]
