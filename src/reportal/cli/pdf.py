"""`reportal pdf`: render the PDF of each report of an already built site."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import check_numbers, echo_issues, exit_for
from reportal.issues import Issue
from reportal.site.yamlconfig import site_dir


@click.command(name="pdf")
@click.argument("numbers", nargs=-1, metavar="[REPORT_NUMBER]...")
@root_option
@click.option(
    "--site",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=None,
    help="Built site: a `reportal build` output (editions in provider/ and customers/<id>/) "
    "or one edition / `mkdocs build` folder. Default: site/ if built, else mkdocs.yml's "
    "site_dir.",
)
@click.option(
    "--jobs",
    "workers",
    type=click.IntRange(1, 8),
    default=None,
    help="Browser tabs printing at once (default: one per core, at most 4).",
)
@click.option(
    "--chart-timeout",
    type=click.FloatRange(1, 600),
    default=30.0,
    show_default=True,
    help="Seconds a page may take to draw its charts before it fails.",
)
@click.option(
    "--progress/--no-progress",
    default=True,
    show_default=True,
    help="Show a progress bar per edition.",
)
@format_option
def command(
    numbers: tuple[str, ...],
    root: Path,
    site: Path | None,
    workers: int | None,
    chart_timeout: float,
    progress: bool,
    fmt: str,
) -> None:
    """Render <number>.pdf beside each report page of a built site (all reports, or NUMBERS).

    PDFs already made from an unchanged page are reused from .reportal-cache/pdf/; issued
    reports' PDFs are signed when reportal.yml has `signing:`. Exit status: 0 all PDFs made,
    1 issues found (the failed reports have no PDF), 2 usage error (no built site, an unknown
    REPORT_NUMBER).
    """
    from reportal.model.language import portal_language
    from reportal.pdf.edition import CACHE_DIR, jobs_for_edition, render_edition_pdfs
    from reportal.pdf.steps import signing_step
    from reportal.validate.portal import load_portal

    portal = load_portal(root)
    issues: list[Issue] = [i for i in portal.issues if i.is_error]
    editions = find_editions(root, site)
    if not editions:
        raise click.UsageError("no built site found: run `reportal build` or pass --site DIR")
    check_numbers(numbers, (report.number for report in portal.reports), "REPORT_NUMBER")
    language = portal_language(None, portal.registry.settings.language)
    sign = signing_step(portal)
    chosen = [r for r in portal.reports if not numbers or r.number in numbers]
    for edition in editions:
        jobs = jobs_for_edition(edition, portal.reports, portal.registry, numbers)
        result = render_edition_pdfs(
            edition,
            jobs,
            root / CACHE_DIR,
            language,
            progress=progress,
            workers=workers,
            chart_timeout_ms=int(chart_timeout * 1000),
        )
        issues += result.issues + sign(edition, chosen)
        click.echo(
            f"{_label(edition, root)}: {result.rendered} rendered, {result.reused} reused, "
            f"{len(jobs) - result.rendered - result.reused} failed",
            err=True,
        )
    echo_issues(issues, fmt)
    exit_for(issues)


def find_editions(root: Path, site: Path | None) -> list[Path]:
    """Edition folders: provider/ and customers/<id>/ of a build output, else the folder itself."""
    for base in [site] if site is not None else [root / "site", site_dir(root)]:
        if base is None or not base.is_dir():
            continue
        editions = [base / "provider", *sorted((base / "customers").glob("*"))]
        found = [path for path in editions if path.is_dir()]
        if found:
            return found
        if (base / "reports").is_dir():
            return [base]
    return []


def _label(edition: Path, root: Path) -> str:
    try:
        return edition.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return edition.name
