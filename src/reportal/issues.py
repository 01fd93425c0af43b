"""Issues: the one vocabulary every stage uses to report a problem.

Checks never raise for bad input; they return ``list[Issue]``. The CLI or the MkDocs plugin
collects them all and reports them once (text, JSON or GitHub workflow annotations).
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Issue:
    """One problem found in one place.

    ``file`` is repo-relative POSIX (never a host path); ``line`` is 1-based in that file
    (data files: the row number as a spreadsheet shows it, header = row 1); ``field`` is a
    dotted path (``supersedes``, ``sla.target``) or a column name for data files.
    """

    file: str
    line: int | None
    field: str | None
    code: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR
    column: int | None = None

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def location(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        return where


def render_text(issue: Issue) -> str:
    """``file:line: field: message`` with ``  hint: ...`` on the next line."""
    head = issue.location() + ":"
    if issue.severity is Severity.WARNING:
        head += " warning:"
    if issue.field:
        head += f" {issue.field}:"
    text = f"{head} {issue.message} [{issue.code}]"
    if issue.hint:
        text += f"\n  hint: {issue.hint}"
    return text


def render_github(issue: Issue) -> str:
    """A GitHub Actions workflow command (``::error file=…,line=…,title=…::message``)."""
    level = "error" if issue.is_error else "warning"
    props = [f"file={_escape_property(issue.file)}"]
    if issue.line is not None:
        props.append(f"line={issue.line}")
    title = f"{issue.code} {issue.field}" if issue.field else issue.code
    props.append(f"title={_escape_property(title)}")
    message = issue.message + (f" (hint: {issue.hint})" if issue.hint else "")
    return f"::{level} {','.join(props)}::{_escape_data(message)}"


def render_json(issues: Iterable[Issue]) -> str:
    rows = []
    for issue in issues:
        row = asdict(issue)
        row["severity"] = issue.severity.value
        rows.append(row)
    return json.dumps(rows, ensure_ascii=False, indent=2)


def render_all(issues: Iterable[Issue], fmt: str = "text") -> str:
    ordered = sort_issues(issues)
    if fmt == "json":
        return render_json(ordered)
    render = render_github if fmt == "github" else render_text
    return "\n".join(render(issue) for issue in ordered)


def sort_issues(issues: Iterable[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.file, i.line or 0, i.column or 0, i.code, i.message))


def has_errors(issues: Iterable[Issue]) -> bool:
    return any(issue.is_error for issue in issues)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def closest(value: str, known: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The one of ``known`` closest to ``value`` (difflib ratio at least ``cutoff``), or None."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=cutoff)
    return close[0] if close else None


def did_you_mean(
    value: str,
    known: Iterable[str],
    cutoff: float = 0.6,
    listing: str | None = "known",
    sort: bool = True,
) -> str | None:
    """The hint for an unknown name: ``did you mean `x`?`` for the closest of ``known``; else,
    with a ``listing`` label, ``<listing>: a, b, c`` (sorted unless ``sort`` is false); None
    when nothing is close and nothing is listed."""
    choices = sorted(known) if sort else list(known)
    match = closest(value, choices, cutoff)
    if match is not None:
        return f"did you mean `{match}`?"
    return f"{listing}: " + ", ".join(choices) if listing and choices else None
