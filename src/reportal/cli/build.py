"""`reportal build`: build the provider and customer editions and publish them atomically."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import echo_issues, note, raise_usage_issues
from reportal.issues import Issue, has_errors
from reportal.model.language import LANGUAGE_ENV

if TYPE_CHECKING:
    from reportal.cli.progress import AfterBuild, BuildProgress
    from reportal.model.portal import Portal
    from reportal.site.builder import BuildWorkers


@click.command(name="build")
@root_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder (default: site/ in the portal). Editions go to provider/ and "
    "customers/<id>/.",
)
@click.option(
    "--edition",
    default="all",
    show_default=True,
    help="all, provider, or a customer id (only that edition is replaced).",
)
@click.option("--no-pdf", is_flag=True, help="Do not render the PDF of each report.")
@click.option(
    "--language",
    type=click.Choice(["zh", "en"]),
    default=None,
    help="Portal and PDF language (default: REPORTAL_LANGUAGE, else the reportal plugin's "
    "language option in mkdocs.yml, else reportal.yml's language). Report bodies and registry "
    "names stay as written.",
)
@click.option(
    "--freeze",
    is_flag=True,
    help="First freeze every approved report that has no snapshot (as `reportal freeze`; for "
    "CI on the default branch).",
)
@format_option
def command(
    root: Path,
    out: Path | None,
    edition: str,
    no_pdf: bool,
    language: str | None,
    freeze: bool,
    fmt: str,
) -> None:
    """Build the provider edition and one edition per customer, and publish them atomically.

    Every edition is built from its own filtered staging tree into a temporary folder, checked
    byte by byte, then swapped in under a lock (DIR.lock). A failed, killed or disk-full build
    leaves the published editions unchanged. Builds are reproducible: SOURCE_DATE_EPOCH
    (default: the commit time of HEAD) fixes every date.
    Exit status: 0 published, 1 issues found (nothing published), 2 usage error (an unknown
    --edition).
    """
    from reportal.cachedir import cache_dir
    from reportal.cli.progress import BuildProgress
    from reportal.publish.atomic import default_epoch
    from reportal.site.builder import BuildWorkers, build_env, prefill_wanted, worker_count

    if language is not None:  # the builds (workers) and the PDF stage read it
        os.environ[LANGUAGE_ENV] = language
    progress = BuildProgress(quiet=fmt != "text")
    target = out if out is not None else root / "site"
    epoch = default_epoch(root)
    # one edition from an empty page cache: a spare worker prefills it (site/prefill.py)
    count = worker_count(None if edition == "all" or prefill_wanted(cache_dir(root)) else 1)
    with BuildWorkers.start(count, build_env(epoch, cache_dir(root)), str(target)) as workers:
        _check_and_publish(root, target, epoch, edition, no_pdf, freeze, fmt, progress, workers)


def _check_and_publish(
    root: Path,
    target: Path,
    epoch: int,
    edition: str,
    no_pdf: bool,
    freeze: bool,
    fmt: str,
    progress: BuildProgress,
    workers: BuildWorkers,
) -> None:
    """Check the portal (the workers import meanwhile), then build and publish its editions;
    the data checks run while the editions build (an error among them publishes nothing)."""
    from reportal.kpi.checks import check_data, check_sources
    from reportal.portal.editions import resolve_editions
    from reportal.publish.atomic import StartedBuild, publish

    portal = check_sources(root, warm="build")
    raise_usage_issues(resolve_editions(portal, edition)[1])  # an unknown edition: exit 2
    data_checked = freeze or has_errors(portal.issues)  # then every error is reported first
    if data_checked:
        portal.issues.extend(check_data(portal))
    if freeze and not has_errors(portal.issues):
        portal = _freeze(root, portal, fmt)
    progress.checked(len(portal.reports))
    editions, issues = resolve_editions(portal, edition)
    issues = [*portal.issues, *issues]
    if not has_errors(issues):
        hook = progress.after_build(None if no_pdf else _pdf_step(portal))
        progress.building([e.out_rel for e in editions])
        started = StartedBuild(workers, list if data_checked else lambda: check_data(portal))
        all_editions = edition == "all"
        issues += publish(
            portal, editions, target, epoch, after_build=hook, replace_all=all_editions,
            started=started,
        )  # fmt: skip
    _finish(issues, fmt, progress.summary([e.out_rel for e in editions]))


def _pdf_step(portal: Portal) -> AfterBuild:
    from reportal.cli.progress import show_bars
    from reportal.pdf.steps import edition_pdf_step  # imported only when PDFs are made

    return edition_pdf_step(portal, show_bars())


def _freeze(root: Path, portal: Portal, fmt: str) -> Portal:
    """Write the missing snapshots, then load the portal again (it now renders them)."""
    from reportal.kpi.checks import check_all, report_content
    from reportal.kpi.freeze import freeze_reports

    written, issues = freeze_reports(report_content(portal))
    if has_errors(issues):
        _finish(issues, fmt, "")
    for rel, text in written.items():
        (root / rel).write_text(text, encoding="utf-8")
        click.echo(f"froze {rel}", err=True)
    return check_all(root) if written else portal


def _finish(issues: list[Issue], fmt: str, summary: str) -> None:
    echo_issues(issues, fmt)
    if has_errors(issues):
        count = sum(issue.is_error for issue in issues)
        click.echo(f"✗ {count} error(s); nothing was published", err=True)
        raise SystemExit(1)
    note(summary, fmt)
