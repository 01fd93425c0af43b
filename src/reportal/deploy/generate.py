"""The two deploy steps as the CLI runs them: check everything, then write the files."""

from __future__ import annotations

from pathlib import Path

from reportal.deploy.accounts import (
    DEFAULT_ROUNDS,
    check_accounts,
    edition_ids,
    htpasswd_files,
    read_accounts,
    write_files,
)
from reportal.deploy.nginx import (
    SiteOptions,
    check_htpasswd,
    check_options,
    editions_of,
    read_areas,
    render_site_files,
)
from reportal.issues import Issue, has_errors
from reportal.validate.registry_checks import load_registry


def deploy_nginx(root: Path, options: SiteOptions) -> list[Issue]:
    """Write the nginx configuration for the built editions; nothing is written on an error."""
    registry, issues = load_registry(root)
    if has_errors(issues):
        return issues
    editions = editions_of(registry)
    issues = check_options(options, editions)
    if has_errors(issues):
        return issues
    areas, missing = read_areas(options.site, editions)
    issues += missing + check_htpasswd(options.auth, editions)
    if has_errors(issues):
        return issues
    files = render_site_files(options, areas, registry)
    write_tree(options.out, files)
    return issues


def write_tree(out: Path, files: dict[str, str]) -> None:
    """Write ``files`` under ``out`` (each atomically) and the folders nginx writes into."""
    for rel, text in files.items():
        target = out / rel
        mode = 0o640 if rel.endswith(".htpasswd") else 0o644
        write_files(target.parent, {target.name: text}, mode)
    for folder in ("logs", "tmp"):
        (out / folder).mkdir(parents=True, exist_ok=True)


def deploy_htpasswd(
    root: Path, credentials: Path, out: Path, rounds: int = DEFAULT_ROUNDS
) -> tuple[dict[str, int], list[Issue]]:
    """One htpasswd file per edition from ``credentials``; returns edition -> account count."""
    registry, issues = load_registry(root)
    if has_errors(issues):
        return {}, issues
    shown = shown_path(credentials, root)
    accounts, issues = read_accounts(credentials, shown)
    issues += check_accounts(accounts, registry, shown)
    if has_errors(issues):
        return {}, issues
    editions = edition_ids(registry)
    write_files(out, htpasswd_files(accounts, editions, rounds))
    counts = {edition: sum(a.edition == edition for a in accounts) for edition in editions}
    return counts, issues


def shown_path(path: Path, root: Path) -> str:
    """``path`` relative to the portal when inside it, else its name (never a host path)."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.name
