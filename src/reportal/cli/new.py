"""``reportal new``: start a report from its category template (never overwrites)."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import check_numbers, echo_issues, note, raise_usage_issues

CATEGORIES = ("regular", "incident", "special")


@click.command(name="new")
@click.option("--customer", default=None, help="Customer id (a key of data/customers.yml).")
@click.option(
    "--period",
    default=None,
    help="Reporting period: YYYY-MM, YYYY-Qn, YYYY or YYYY-MM-DD..YYYY-MM-DD.",
)
@click.option(
    "--amend",
    "amend",
    metavar="NUMBER",
    default=None,
    help="Start an amendment of this issued report (next number, supersedes, reason to fill "
    "in); the issued report is marked superseded.",
)
@click.option(
    "--category",
    type=click.Choice(CATEGORIES),
    default="regular",
    show_default=True,
    help="regular (`常规报告`), incident (`事件报告`) or special (`专题报告`).",
)
@click.option("--title", default=None, help="Title (default: from data/plan.yml).")
@click.option("--number", default=None, help="Report number (default: the next free one).")
@root_option
@format_option
def command(
    customer: str | None,
    period: str | None,
    amend: str | None,
    category: str,
    title: str | None,
    number: str | None,
    root: Path,
    fmt: str,
) -> None:
    """Create reports/<customer>/<year>/<number>.md from the template of its category.

    The number is the next free one for the customer and period, the front matter is filled
    from the report plan (title, author, approver; status draft, prepared today), and an
    existing file is never overwritten (exit 1). With --amend NUMBER, the amendment of that
    issued report instead (--customer and --period come from it). Exit status: 0 created,
    1 issues found (nothing written), 2 usage error (an unknown customer or --amend number, a
    bad --period or --number).
    """
    from reportal.authoring.scaffold import scaffold_report, write_report
    from reportal.model.report import Category
    from reportal.model.today import portal_today

    if amend is not None:
        _amend(root, amend, fmt)
        return
    if customer is None or period is None:
        raise click.UsageError("--customer and --period are required (or --amend NUMBER)")
    new, issues = scaffold_report(
        root, customer, period, Category(category), portal_today(), title=title, number=number
    )
    raise_usage_issues(issues)
    if new is not None:
        issues = write_report(root, new)
    echo_issues(issues, fmt, text_to_stderr=True)
    if issues or new is None:
        raise SystemExit(1)
    note(f"created {new.path} ({new.number}, status draft)", fmt)
    if new.note:
        note(f"note: {new.note}", fmt)
    note("next: write the body, preview with `mkdocs serve`, then run `reportal check`", fmt)


def _amend(root: Path, number: str, fmt: str) -> None:
    from reportal.authoring.amend import amend_report
    from reportal.authoring.scaffold import write_report
    from reportal.model.today import portal_today
    from reportal.validate.portal import load_portal

    portal = load_portal(root)
    check_numbers([number], (report.number for report in portal.reports), "--amend")
    amendment, issues = amend_report(portal, number, portal_today())
    if amendment is not None:
        issues = write_report(root, amendment.new)
    echo_issues(issues, fmt, text_to_stderr=True)
    if issues or amendment is None:
        raise SystemExit(1)
    (root / amendment.superseded_path).write_text(amendment.superseded_text, encoding="utf-8")
    note(f"created {amendment.new.path} ({amendment.new.number}, status draft)", fmt)
    note(f"marked {amendment.superseded_path} superseded ({number})", fmt)
    note(
        "next: fill in amendment_reason and 更正说明, correct the body, `reportal check`; once "
        "approved, `reportal freeze` freezes the amendment's figures",
        fmt,
    )
