"""`reportal verify ARCHIVE`: recompute an archived edition and name every difference."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option
from reportal.issues import render_all


@click.command(name="verify")
@click.argument("archive", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option
def command(archive: Path, fmt: str) -> None:
    """Verify ARCHIVE (<version>.tar or its <version>.manifest.json) against its manifest.

    Names each changed, missing or extra file, rejects manifest entries with `..` or absolute
    paths. Exit status: 0 intact, 1 findings.
    """
    from reportal.export.verify import verify_archive

    issues = verify_archive(archive)
    if issues or fmt == "json":
        click.echo(render_all(issues, fmt))
    if issues:
        click.echo(f"✗ {len(issues)} finding(s) in {archive.name}", err=True)
        raise SystemExit(1)
    click.echo(f"✓ {archive.name}: every file matches its manifest", err=fmt != "text")
