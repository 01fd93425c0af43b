"""`reportal archive`: write-once versioned snapshots (tar + manifest) of the published editions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import echo_issues, exit_for, note, raise_usage_issues
from reportal.issues import Issue, has_errors

if TYPE_CHECKING:
    from reportal.archive.store import Archived
    from reportal.model.portal import Portal


@click.command(name="archive")
@root_option
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The published editions (default: site/ in the portal, as `reportal build` writes it).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Archive folder (default: archive/ in the portal).",
)
@click.option("--version", "version", default=None, help="Version name (default: date-commit).")
@click.option("--edition", default="all", show_default=True, help="all, provider or a customer id.")
@format_option
def command(
    root: Path, site: Path | None, out: Path | None, version: str | None, edition: str, fmt: str
) -> None:
    """Archive each edition as <out>/<edition>/<version>.tar plus <version>.manifest.json.

    The manifest lists every file's SHA-256, the commit, the build time (SOURCE_DATE_EPOCH) and
    per report its number, status and the hashes of its source, page and PDF, as the edition was
    built (its .reportal-build.json; an edition without one is archived from the working tree,
    with a warning). Versions are write-once: the same content again is a no-op, other content
    is refused (exit 1). Default version: build date-commit.
    Exit status: 0 archived (or unchanged), 1 issues found, 2 usage error (an unknown --edition).
    """
    from reportal.archive.immutability import git_commit
    from reportal.archive.store import archive_editions
    from reportal.portal.editions import resolve_editions
    from reportal.publish.atomic import default_epoch
    from reportal.validate.portal import load_portal

    portal = load_portal(root)
    editions, issues = resolve_editions(portal, edition)
    raise_usage_issues(issues)
    done: list[Archived] = []
    if not has_errors(issues):
        target_site = site if site is not None else root / "site"
        target = out if out is not None else root / "archive"
        done, found = archive_editions(
            portal, editions, target_site, target, version, git_commit(root), default_epoch(root)
        )
        issues += found
        issues += _sign_manifests(portal, root, done)
    echo_issues(issues, fmt)
    for item in done:
        for warning in item.warnings:
            click.echo(f"warning: {warning}", err=True)
        state = "archived" if item.created else "unchanged (already archived)"
        note(f"{item.edition}: {item.tar.as_posix()} {state}", fmt)
    exit_for(issues)


def _sign_manifests(portal: Portal, root: Path, done: list[Archived]) -> list[Issue]:
    """Sign each new manifest when reportal.yml has ``manifest_signing:``."""
    from reportal.archive.manifest_sign import sign_manifest

    settings = portal.registry.settings.manifest_signing
    if not settings:
        return []
    found = [sign_manifest(item.manifest, settings, root) for item in done if item.created]
    return [issue for issue in found if issue is not None]
