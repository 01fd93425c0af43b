"""`reportal freeze`: write the snapshot of every approved report that has none."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import check_numbers, echo_issues, note
from reportal.issues import has_errors


@click.command(name="freeze")
@root_option
@format_option
@click.argument("numbers", nargs=-1)
def command(root: Path, fmt: str, numbers: tuple[str, ...]) -> None:
    """Freeze approved reports: write REPORT.snapshot.json beside each one that has none.

    A snapshot holds every figure, table and chart the report shows (Chinese and English),
    every KPI value of its period and the hashes of the exports behind them; from then on the
    portal and the PDF show the report from its snapshot, never from today's exports. Commit
    the snapshot in the same pull request as the approval. With NUMBERS, only those reports
    (a superseded report only when named). Nothing is written when the portal has errors.
    Exit status: 0 done, 1 issues found (nothing written), 2 usage error (an unknown NUMBER).
    """
    from reportal.kpi.checks import check_all, report_content
    from reportal.kpi.freeze import freeze_reports

    portal = check_all(root, warm="exports")
    check_numbers(numbers, (report.number for report in portal.reports), "NUMBERS")
    issues = [issue for issue in portal.issues if issue.is_error]
    written: dict[str, str] = {}
    if not issues:
        written, issues = freeze_reports(report_content(portal), frozenset(numbers))
    echo_issues(issues, fmt)
    if has_errors(issues):
        click.echo(f"✗ {sum(i.is_error for i in issues)} error(s); nothing was frozen", err=True)
        raise SystemExit(1)
    for rel, text in written.items():
        (root / rel).write_text(text, encoding="utf-8")
        note(f"froze {rel}", fmt)
    note(f"✓ {len(written)} report(s) frozen", fmt)
