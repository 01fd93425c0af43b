"""`reportal check`: validate the whole portal and print every issue once."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import echo_issues, exit_for, note, raise_usage_issues
from reportal.issues import Issue


@click.command(name="check")
@root_option
@format_option
@click.option(
    "--against",
    help="Archive manifest or git ref: issued reports must be unchanged (default: the default "
    "branch, origin/HEAD or main, when the portal is a git checkout).",
)
def command(root: Path, fmt: str, against: str | None) -> None:
    """Check front matter, cross-references, report bodies and data of the portal.

    Prints every issue as `file:line: field: message` (or JSON / GitHub annotations), then a
    summary. Frozen reports are recomputed from today's exports: a figure that would differ is
    a warning (S010, an amendment may be due). Exit status: 0 no errors, 1 errors found, 2 usage
    error (--against is neither an archive nor a git ref).
    """
    from reportal.archive.immutability import check_against, default_reference
    from reportal.kpi.checks import check_all

    reference = against or default_reference(root)
    later = [partial(check_against, ref=reference)] if reference else []
    try:  # issued reports are immutable: against a manifest, a ref or the default branch
        portal = check_all(root, drift=True, later=later, warm="exports")
    except OSError as error:
        raise click.ClickException(f"cannot read the portal: {error.strerror}") from None
    if against:  # a reference the user named must exist; the default one may be missing
        raise_usage_issues(portal.issues)
    issues = list(dict.fromkeys(portal.issues))  # each issue once, even if two checks agree
    echo_issues(issues, fmt)
    note(summary(issues, len(portal.reports)), fmt)
    exit_for(issues)


def summary(issues: list[Issue], report_count: int) -> str:
    """``✗ 3 errors in 2 files`` or ``✓ 27 reports checked, no issues``."""
    errors = [i for i in issues if i.is_error]
    warnings = len(issues) - len(errors)
    if errors:
        files = len({i.file for i in errors})
        text = f"✗ {_plural(len(errors), 'error')} in {_plural(files, 'file')}"
        return text + (f", {_plural(warnings, 'warning')}" if warnings else "")
    checked = f"✓ {_plural(report_count, 'report')} checked"
    return checked + (
        f", no errors ({_plural(warnings, 'warning')})" if warnings else ", no issues"
    )


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
