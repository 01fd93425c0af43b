"""`reportal deploy nginx|htpasswd`: serve the built editions, each to its own readers."""

from __future__ import annotations

from pathlib import Path

import click

from reportal.cli.options import format_option, root_option
from reportal.cli.output import echo_issues, note
from reportal.issues import Issue, has_errors

DIR = click.Path(file_okay=False, path_type=Path)
FILE = click.Path(dir_okay=False, exists=True, path_type=Path)


@click.group(name="deploy")
def command() -> None:
    """Serve the published editions behind nginx: each customer sees only its own edition.

    `reportal deploy htpasswd` writes one bcrypt htpasswd file per edition from a credentials
    file; `reportal deploy nginx` writes the nginx site for the editions `reportal build`
    published (HTTP Basic with those files, or single sign-on through oauth2-proxy).
    """


@command.command(name="nginx")
@root_option
@click.option("--site", type=DIR, default=None, help="Built editions (default: ROOT/site).")
@click.option("--out", type=DIR, default=None, help="Where to write (default: ROOT/build/nginx).")
@click.option(
    "--auth",
    type=click.Choice(["basic", "sso"]),
    default="basic",
    show_default=True,
    help="basic: HTTP Basic, one htpasswd file per edition; sso: oauth2-proxy.",
)
@click.option(
    "--htpasswd-dir",
    type=DIR,
    default=None,
    help="basic: folder of <edition>.htpasswd (default: OUT/htpasswd).",
)
@click.option(
    "--auth-url",
    default="http://127.0.0.1:4180",
    show_default=True,
    help="sso: oauth2-proxy's address.",
)
@click.option(
    "--customer-group",
    default="reportal-customer-{customer}",
    show_default=True,
    help="sso: the group whose members read a customer's edition.",
)
@click.option(
    "--provider-group",
    default="reportal-provider",
    show_default=True,
    help="sso: the group whose members read the provider edition.",
)
@click.option(
    "--listen",
    default="127.0.0.1:8080",
    show_default=True,
    help="nginx `listen` value, e.g. `443 ssl`.",
)
@click.option("--server-name", default="_", show_default=True, help="nginx `server_name`.")
@click.option("--tls-cert", type=FILE, default=None, help="TLS certificate (PEM); adds HSTS.")
@click.option("--tls-key", type=FILE, default=None, help="TLS private key (PEM).")
@format_option
def nginx(
    root: Path,
    site: Path | None,
    out: Path | None,
    auth: str,
    htpasswd_dir: Path | None,
    auth_url: str,
    customer_group: str,
    provider_group: str,
    listen: str,
    server_name: str,
    tls_cert: Path | None,
    tls_key: Path | None,
    fmt: str,
) -> None:
    """Write an nginx site for the built editions (OUT/reportal-site.conf).

    /provider/ is served to provider staff only, /customers/<id>/ to that customer's accounts
    only, / is a landing page naming no customer, and every other path is 404. Each edition
    gets security headers with a Content-Security-Policy allowing its own files and inline
    scripts only. OUT/nginx.conf runs the same site as the current user:
    `nginx -p OUT -c OUT/nginx.conf -e stderr`. Run again after every `reportal build`.
    Exit status: 0 written, 1 issues found (nothing written), 2 usage error.
    """
    from reportal.deploy.generate import deploy_nginx
    from reportal.deploy.nginx import BasicAuth, SiteOptions, SsoAuth

    if (tls_cert is None) != (tls_key is None):
        raise click.UsageError("--tls-cert and --tls-key go together")
    out = (out or root / "build" / "nginx").absolute()
    method = (
        BasicAuth((htpasswd_dir or out / "htpasswd").absolute())
        if auth == "basic"
        else SsoAuth(auth_url, customer_group, provider_group)
    )
    tls = (tls_cert.absolute(), tls_key.absolute()) if tls_cert and tls_key else None
    site_dir = (site or root / "site").absolute()
    options = SiteOptions(site_dir, out, method, listen, server_name, tls)
    _finish(deploy_nginx(root, options), fmt, f"nginx site written to {_shown(out, root)}/")


@command.command(name="htpasswd")
@root_option
@click.option(
    "--credentials",
    type=FILE,
    required=True,
    help="YAML: edition (provider or a customer id) -> {account: password}.",
)
@click.option(
    "--out",
    type=DIR,
    default=None,
    help="Folder for <edition>.htpasswd (default: ROOT/build/nginx/htpasswd).",
)
@click.option(
    "--rounds",
    type=click.IntRange(4, 15),
    default=8,
    show_default=True,
    help="bcrypt cost; nginx checks the password on every request.",
)
@format_option
def htpasswd(root: Path, credentials: Path, out: Path | None, rounds: int, fmt: str) -> None:
    """Write one bcrypt htpasswd file per edition from a credentials file.

    Provider accounts must be people of data/people.yml; an account belongs to one edition
    only. A value that is a bcrypt hash already is copied as it is. Every edition gets a file,
    empty when it has no account (nobody can sign in there).
    Exit status: 0 written, 1 issues found (nothing written), 2 usage error.
    """
    from reportal.deploy.generate import deploy_htpasswd

    folder = (out or root / "build" / "nginx" / "htpasswd").absolute()
    counts, issues = deploy_htpasswd(root, credentials, folder, rounds)
    summary = ", ".join(f"{edition} {n}" for edition, n in counts.items())
    _finish(issues, fmt, f"htpasswd files written to {_shown(folder, root)}/ (accounts: {summary})")


def _shown(path: Path, root: Path) -> str:
    from reportal.deploy.generate import shown_path

    return shown_path(path, root)


def _finish(issues: list[Issue], fmt: str, done: str) -> None:
    echo_issues(issues, fmt)
    if has_errors(issues):
        count = sum(issue.is_error for issue in issues)
        click.echo(f"✗ {count} error(s); nothing was written", err=True)
        raise SystemExit(1)
    note(f"✓ {done}", fmt)
