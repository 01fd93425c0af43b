"""``reportal codeowners``: write (or ``--check``) CODEOWNERS from data/people.yml."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import echo_issues, exit_for, note


@click.command(name="codeowners")
@root_option
@click.option(
    "--path",
    "target",
    default=None,
    help="Where to write, relative to the portal (default: the CODEOWNERS the portal has, in "
    "GitHub's order .github/, root, docs/; else CODEOWNERS at the root).",
)
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when the file is out of date.")
@format_option
def command(root: Path, target: str | None, check: bool, fmt: str) -> None:
    """Write CODEOWNERS so that the forge asks the right people to review.

    reports/<customer>/ needs a review from that customer's approvers and reviewers
    (data/people.yml roles); mkdocs.yml, reportal.yml, macros/, templates/, data/*.yml and
    the CI files need a portal owner (reportal.yml `owners`). People are named by their
    `github:` user name, else by e-mail. Run it again after changing people, roles or owners:
    `reportal check` fails while a generated CODEOWNERS is out of date. Exit status: 0 written
    (or up to date), 1 issues found or out of date, 2 usage error.
    """
    from reportal.issues import Issue
    from reportal.validate.codeowners import render_codeowners, stale_issue
    from reportal.validate.registry_checks import load_registry

    registry, issues = load_registry(root)
    generated = render_codeowners(registry)
    issues = [*issues, *generated.issues]
    rel = target or _existing(root)
    path = root / rel
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if check and current is None:
        issues.append(Issue(rel, None, None, "O001", f"{rel} does not exist", _HINT))
    elif check and current is not None and current != generated.text:
        issues.append(stale_issue(rel, current, generated.text))
    echo_issues(issues, fmt, text_to_stderr=True)
    exit_for(issues)
    if check:
        note(f"{rel} is up to date", fmt)
    elif current == generated.text:
        note(f"{rel} is up to date (nothing written)", fmt)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated.text, encoding="utf-8", newline="\n")
        note(f"wrote {rel}: commit it; the forge asks these reviewers from now on", fmt)


_HINT = "run `reportal codeowners`"


def _existing(root: Path) -> str:
    from reportal.validate.codeowners import CODEOWNERS_PATHS

    order = (".github/CODEOWNERS", "CODEOWNERS", "docs/CODEOWNERS", ".gitlab/CODEOWNERS")
    found = [rel for rel in order if (root / rel).is_file()]
    return found[0] if found else CODEOWNERS_PATHS[0]
