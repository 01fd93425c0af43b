"""One output and exit-code rule for every command: ``--format text|json|github`` prints the
issues, and the exit status is 0 (clean), 1 (issues found) or 2 (usage error)."""

from __future__ import annotations

import json
from collections.abc import Iterable

import click

from reportal.issues import Issue, has_errors, render_all

EXIT_CLEAN, EXIT_ISSUES, EXIT_USAGE = 0, 1, 2
EXIT_RULE = (
    "Exit status: 0 clean, 1 issues found (or a failed build or verification), 2 usage error "
    "(an unknown id, a bad option value or combination)."
)
# what each key of an issue in the json format means (docs/reference/cli.md is generated from it)
ISSUE_JSON_FIELDS = {
    "file": "the file, relative to the portal, POSIX slashes (never a host path)",
    "line": "1-based line in that file (data files: the row as a spreadsheet shows it), or null",
    "field": "dotted front-matter or registry field, or a data column, or null",
    "code": "stable issue code, listed in the issue-code reference",
    "message": "what is wrong, one line",
    "hint": "how to fix it, or null",
    "severity": "error (exit 1) or warning (exit 0)",
    "column": "1-based column, or null",
}
# issues that a domain function returns for a value given on the command line: an option names
# nothing that exists (edition, customer, report number, --against) or has a bad value
USAGE_CODES = frozenset({"E001", "N001", "N002", "S009", "I002"})


def echo_issues(issues: list[Issue], fmt: str, *, text_to_stderr: bool = False) -> None:
    """Print ``issues`` in ``fmt``. json always prints one array (``[]`` when clean), so stdout
    parses; text and github print nothing when there is nothing to say."""
    if issues or fmt == "json":
        click.echo(render_all(issues, fmt), err=text_to_stderr and fmt == "text")


def issue_rows(issues: list[Issue]) -> list[dict[str, object]]:
    """The issues as the json format prints them (for a command whose json is an object)."""
    rows: list[dict[str, object]] = json.loads(render_all(issues, "json"))
    return rows


def note(message: str, fmt: str) -> None:
    """A progress or summary line: stdout in text, stderr in json and github (stdout is data)."""
    click.echo(message, err=fmt != "text")


def exit_for(issues: Iterable[Issue]) -> None:
    """Exit 1 when any issue is an error; return otherwise."""
    if has_errors(issues):
        raise SystemExit(EXIT_ISSUES)


def raise_usage_issues(issues: Iterable[Issue]) -> None:
    """Exit 2 with one line when an issue is about the command line (see ``USAGE_CODES``)."""
    for issue in issues:
        if issue.code in USAGE_CODES:
            raise click.UsageError(usage_text(issue))


def usage_text(issue: Issue) -> str:
    """``field: message (hint) [CODE]`` on one line."""
    head = f"{issue.field}: " if issue.field else ""
    hint = f" ({issue.hint})" if issue.hint else ""
    return " ".join(f"{head}{issue.message}{hint} [{issue.code}]".split())


def check_numbers(numbers: Iterable[str], known: Iterable[str], option: str) -> None:
    """Exit 2 when a report number given on the command line names no report."""
    unknown = sorted(set(numbers) - set(known))
    if unknown:
        raise click.UsageError(f"{option}: unknown report number(s): {', '.join(unknown)}")
