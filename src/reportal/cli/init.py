"""``reportal init DIR``: a new portal that passes `reportal check` and `mkdocs build --strict`."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option
from reportal.cli.output import echo_issues, note


@click.command(name="init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="Also write into a folder that is not empty; existing files are kept, never overwritten.",
)
@format_option
def command(folder: Path, force: bool, fmt: str) -> None:
    """Create a new portal in FOLDER (made if missing; empty, or holding only .git).

    Writes mkdocs.yml, reportal.yml, data/ (customers, people, plan, calendars and sources,
    with one example customer and made-up example exports), docs/index.md, the report
    templates in templates/, CI workflows for GitHub Actions (.github/workflows/) and GitLab CI
    (.gitlab-ci.yml), CODEOWNERS, .pre-commit-config.yaml, requirements.txt and a README for
    authors. Reportal stays an installed package: the portal holds no copy of it. Exit status:
    0 created, 2 usage error (FOLDER is not empty and --force is not given).
    """
    from reportal.authoring.init import init_portal, is_empty_dir
    from reportal.model.today import portal_today

    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"{folder} is a file, not a folder")
    if not force and not is_empty_dir(folder):
        raise click.UsageError(
            f"{folder} is not empty; `reportal init` starts a new portal in an empty folder "
            "(pass --force to add the missing files and keep the existing ones)"
        )
    result = init_portal(folder, portal_today())
    echo_issues([], fmt)  # nothing to find: json prints [], so stdout parses as for every command
    note(f"created a portal in {folder}: {len(result.written)} files", fmt)
    for rel in result.kept:
        note(f"kept {rel} (exists; not overwritten)", fmt)
    note(
        "next: edit reportal.yml and data/*.yml (replace the example customer), then\n"
        f"  cd {folder}\n"
        "  reportal new --customer example --period <YYYY-MM>\n"
        "  reportal check && mkdocs serve",
        fmt,
    )
