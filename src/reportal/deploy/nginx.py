"""An nginx site for the published editions: each edition behind its own access rule.

``/provider/`` is for provider staff, ``/customers/<id>/`` for that customer's accounts, ``/``
is a landing page that names no customer; every other path is 404 (deny by default), as are
dot-files (the build record ``.reportal-build.json``). Unknown ``/customers/<x>/`` paths ask
for a login like a foreign customer's edition does, so they do not tell which customers exist.

Two ways to sign in: ``basic`` (HTTP Basic, one htpasswd file per edition, written by
``reportal deploy htpasswd``) and ``sso`` (``auth_request`` to oauth2-proxy's ``/oauth2/auth``
with ``allowed_groups=<the edition's group>``: 202 lets the request through, 401 sends the
browser to sign in, 403 refuses a signed-in person of another group).
"""

from __future__ import annotations

import os
import pwd
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from reportal.deploy.accounts import htpasswd_name
from reportal.deploy.csp import content_security_policy, edition_hashes
from reportal.deploy.landing import landing_style_hash, render_landing
from reportal.issues import Issue, Severity
from reportal.model.registry import Registry
from reportal.portal.editions import PROVIDER, Edition

SITE_CONF = "reportal-site.conf"
MAIN_CONF = "nginx.conf"
NOBODY = "nobody.htpasswd"
NO_GROUP = "reportal!nobody"  # "!" is refused in configured groups, so no edition has it
REALM = "Reportal"  # the same for every edition: a realm naming a customer would leak it
UNSAFE = re.compile(r"""["'\\$;{}\s#]""")
LISTEN = re.compile(r"^[\w.:\[\]-]+( (ssl|http2|default_server|reuseport))*$")
UPSTREAM = re.compile(r"^https?://[\w.-]+(:\d+)?$|^http://\[[0-9a-f:]+\](:\d+)?$")
GROUP = re.compile(r"^[\w.:@/ -]+$")

MIME_TYPES = """types {
    text/html html;
    text/css css;
    text/xml xml;
    text/plain txt;
    text/csv csv;
    application/javascript js mjs;
    application/json json;
    application/pdf pdf;
    application/vnd.openxmlformats-officedocument.spreadsheetml.sheet xlsx;
    application/gzip gz;
    image/svg+xml svg;
    image/png png;
    image/x-icon ico;
    image/webp webp;
    font/woff2 woff2;
    font/woff woff;
}
"""


@dataclass(frozen=True)
class BasicAuth:
    """HTTP Basic: ``<edition>.htpasswd`` files in ``htpasswd_dir``."""

    htpasswd_dir: Path


@dataclass(frozen=True)
class SsoAuth:
    """``auth_request`` to oauth2-proxy at ``upstream``; a group per edition."""

    upstream: str = "http://127.0.0.1:4180"
    customer_group: str = "reportal-customer-{customer}"
    provider_group: str = "reportal-provider"

    def group(self, edition: Edition) -> str:
        if edition.customer is None:
            return self.provider_group
        return self.customer_group.format(customer=edition.customer)


Auth = BasicAuth | SsoAuth


@dataclass(frozen=True)
class SiteOptions:
    site: Path  # the folder `reportal build` published (holds provider/ and customers/)
    out: Path  # where the configuration goes
    auth: Auth
    listen: str = "127.0.0.1:8080"
    server_name: str = "_"
    tls: tuple[Path, Path] | None = None  # certificate, key


@dataclass(frozen=True)
class Area:
    """One edition as the server sees it: its URL path and its inline-script hashes."""

    edition: Edition
    hashes: tuple[str, ...]

    @property
    def path(self) -> str:
        return f"/{self.edition.out_rel}/"


def editions_of(registry: Registry) -> list[Edition]:
    return [Edition(PROVIDER), *(Edition(cid, cid) for cid in sorted(registry.customers))]


def check_options(options: SiteOptions, editions: list[Edition]) -> list[Issue]:
    """Values that go into the configuration must not be able to change its syntax."""
    issues = [_bad_path(str(path), name) for name, path in _paths(options)]
    if not LISTEN.match(options.listen):
        issues.append(_option("--listen", options.listen, "e.g. 127.0.0.1:8080 or `443 ssl`"))
    if not re.fullmatch(r"[\w.*-]+( [\w.*-]+)*", options.server_name):
        issues.append(_option("--server-name", options.server_name, "e.g. reports.example.com"))
    if isinstance(options.auth, SsoAuth):
        issues += _check_sso(options.auth, editions)
    return [issue for issue in issues if issue is not None]


def _paths(options: SiteOptions) -> list[tuple[str, Path]]:
    paths = [("--site", options.site), ("--out", options.out)]
    if isinstance(options.auth, BasicAuth):
        paths.append(("--htpasswd-dir", options.auth.htpasswd_dir))
    if options.tls is not None:
        paths += [("--tls-cert", options.tls[0]), ("--tls-key", options.tls[1])]
    return paths


def _bad_path(path: str, option: str) -> Issue | None:
    if not UNSAFE.search(path):
        return None
    return _option(option, Path(path).name, "a folder path without spaces, quotes, $ ; { } #")


def _check_sso(auth: SsoAuth, editions: list[Edition]) -> list[Issue]:
    issues = []
    if not UPSTREAM.match(auth.upstream):
        issues.append(_option("--auth-url", auth.upstream, "e.g. http://127.0.0.1:4180"))
    if "{customer}" not in auth.customer_group:
        issues.append(_option("--customer-group", auth.customer_group, "include {customer}"))
        return issues
    for edition in editions:
        if not GROUP.match(auth.group(edition)):
            issues.append(_option("group", auth.group(edition), "letters, digits, . : @ / -"))
    return issues


def _option(option: str, value: str, hint: str) -> Issue:
    return Issue(
        "(command line)",
        None,
        option,
        "H009",
        f"{value!r} cannot go into nginx's configuration",
        hint=hint,
    )


def read_areas(site: Path, editions: list[Edition]) -> tuple[list[Area], list[Issue]]:
    """Each edition's area; an Issue for each edition not built under ``site``."""
    areas: list[Area] = []
    missing: list[str] = []
    for edition in editions:
        folder = site / edition.out_rel
        if not (folder / "index.html").is_file():
            missing.append(edition.out_rel)
            continue
        areas.append(Area(edition, tuple(edition_hashes(folder))))
    if not missing:
        return areas, []
    message = "no built edition for " + ", ".join(missing)
    return areas, [Issue(site.name, None, None, "H001", message, hint="run `reportal build`")]


def check_htpasswd(auth: Auth, editions: list[Edition]) -> list[Issue]:
    """A warning per edition whose htpasswd file does not exist (yet)."""
    if not isinstance(auth, BasicAuth):
        return []
    missing = [e.id for e in editions if not (auth.htpasswd_dir / htpasswd_name(e.id)).is_file()]
    if not missing:
        return []
    message = "no htpasswd file yet for " + ", ".join(missing) + "; nginx answers 500 there"
    hint = "run `reportal deploy htpasswd --credentials FILE`"
    return [Issue(auth.htpasswd_dir.name, None, None, "H008", message, hint, Severity.WARNING)]


def render_site_files(
    options: SiteOptions, areas: list[Area], registry: Registry
) -> dict[str, str]:
    """File name (relative to ``options.out``) -> text."""
    files = {
        SITE_CONF: render_server(options, areas),
        MAIN_CONF: render_main(options.out),
        "mime.types": MIME_TYPES,
        "landing/index.html": render_landing(registry.settings.provider),
    }
    if isinstance(options.auth, BasicAuth):
        files[NOBODY] = ""
    return files


def render_server(options: SiteOptions, areas: list[Area]) -> str:
    """The ``server { }`` block: include it in nginx's http block (sites-enabled)."""
    lines = [
        "# Generated by `reportal deploy nginx`: run it again rather than editing this file.",
        "server {",
        *_indent(_server_head(options)),
        *_indent(_landing(options)),
        "",
        "    # deny by default; dot-files (the build record .reportal-build.json) never leave",
        "    location / { return 404; }",
        "    location ~ /\\. { return 404; }",
        *_indent(_auth_service(options)),
    ]
    for area in areas:
        lines += ["", *_indent(_area(options, area))]
    lines += ["", *_indent(_unknown_customers(options)), "}", ""]
    return "\n".join(lines)


def _indent(lines: list[str]) -> list[str]:
    return [f"    {line}" if line else "" for line in lines]


def _server_head(options: SiteOptions) -> list[str]:
    lines = [f"listen {options.listen};", f"server_name {options.server_name};"]
    if options.tls is not None:
        lines += [
            f'ssl_certificate "{options.tls[0]}";',
            f'ssl_certificate_key "{options.tls[1]}";',
        ]
    return [
        *lines,
        f'root "{options.site}";',
        "autoindex off;",
        "server_tokens off;",
        "absolute_redirect off;",
        "disable_symlinks if_not_owner from=$document_root;",
        "charset utf-8;",
        "charset_types text/css text/plain text/xml text/csv application/javascript "
        "application/json image/svg+xml;",
        "gzip_static on;  # serve the prebuilt .gz (sitemap.xml.gz) where present",
        "gzip on;",
        "gzip_vary on;",
        "gzip_types text/css text/xml text/csv application/javascript application/json "
        "image/svg+xml;",
        *_headers(content_security_policy([]), options),
    ]


def _headers(csp: str, options: SiteOptions) -> list[str]:
    lines = [
        f'add_header Content-Security-Policy "{csp}" always;',
        "add_header X-Content-Type-Options nosniff always;",
        "add_header Referrer-Policy same-origin always;",
        "add_header X-Frame-Options DENY always;",
        'add_header Cache-Control "private, no-cache" always;',
    ]
    if options.tls is not None:
        lines.append('add_header Strict-Transport-Security "max-age=31536000" always;')
    return lines


def _landing(options: SiteOptions) -> list[str]:
    csp = content_security_policy([], [landing_style_hash()])
    return [
        "",
        "# the landing page: public, names no customer",
        "location = / {",
        f'    root "{options.out / "landing"}";',
        "    try_files /index.html =404;",
        *_indent(_headers(csp, options)),
        "}",
    ]


def _auth_service(options: SiteOptions) -> list[str]:
    if not isinstance(options.auth, SsoAuth):
        return []
    upstream = options.auth.upstream
    return [
        "",
        "# oauth2-proxy: sign-in, callback and sign-out pages",
        "location /oauth2/ {",
        f"    proxy_pass {upstream};",
        "    proxy_set_header Host $host;",
        "    proxy_set_header X-Real-IP $remote_addr;",
        "    proxy_set_header X-Forwarded-Proto $scheme;",
        "    proxy_set_header X-Auth-Request-Redirect $request_uri;",
        "}",
        "location @reportal_sign_in {",
        "    return 302 /oauth2/start?rd=$request_uri;",
        "}",
    ]


def _area(options: SiteOptions, area: Area) -> list[str]:
    """The edition's locations: with and without the trailing slash (nginx redirects)."""
    guard = _guard(options, area.edition)
    headers = _headers(content_security_policy(area.hashes), options)
    if isinstance(options.auth, SsoAuth):  # oauth2-proxy refreshes its session cookie
        headers.append("add_header Set-Cookie $reportal_cookie;")
    block = [*_indent(guard), *_indent(headers)]
    lines = [f"# {area.edition.id} edition"]
    lines += [f"location {area.path} {{", *block, "}"]
    lines += [f"location = {area.path.rstrip('/')} {{", *_indent(guard), "}"]
    if isinstance(options.auth, SsoAuth):
        lines += _auth_endpoint(
            options.auth.upstream, area.edition.id, options.auth.group(area.edition)
        )
    return lines


def _guard(options: SiteOptions, edition: Edition) -> list[str]:
    auth = options.auth
    if isinstance(auth, BasicAuth):
        file = auth.htpasswd_dir / htpasswd_name(edition.id)
        return [f'auth_basic "{REALM}";', f'auth_basic_user_file "{file}";']
    return [
        f"auth_request /_reportal/auth/{edition.id};",
        "auth_request_set $reportal_cookie $upstream_http_set_cookie;",
        "error_page 401 = @reportal_sign_in;",
    ]


def _auth_endpoint(upstream: str, name: str, group: str) -> list[str]:
    """oauth2-proxy's check: 202 signed in and in ``group``, 401 not signed in, 403 else."""
    return [
        f"location = /_reportal/auth/{name} {{",
        "    internal;",
        f"    proxy_pass {upstream}/oauth2/auth?allowed_groups={quote(group, safe='')};",
        "    proxy_pass_request_body off;",
        '    proxy_set_header Content-Length "";',
        "    proxy_set_header Host $host;",
        "    proxy_set_header X-Real-IP $remote_addr;",
        "    proxy_set_header X-Forwarded-Uri $request_uri;",
        "    proxy_set_header X-Original-URI $request_uri;",
        "}",
    ]


def _unknown_customers(options: SiteOptions) -> list[str]:
    """Unknown customer paths ask for a login like foreign ones (no list of customers)."""
    lines = ["# any other customer path: the same answer as a foreign customer's edition"]
    if isinstance(options.auth, BasicAuth):
        file = options.out / NOBODY
        body = [f'auth_basic "{REALM}";', f'auth_basic_user_file "{file}";']
    else:
        body = ["auth_request /_reportal/auth/nobody;", "error_page 401 = @reportal_sign_in;"]
    lines += ["location /customers/ {", *_indent(body), "}"]
    if isinstance(options.auth, SsoAuth):  # a group name no directory can hold
        lines += _auth_endpoint(options.auth.upstream, "nobody", NO_GROUP)
    return lines


def render_main(out: Path) -> str:
    """A whole nginx.conf that runs the site as the current user, everything under ``out``:
    ``nginx -p OUT -c OUT/nginx.conf -e stderr`` (the demo and the tests use it)."""
    user = pwd.getpwuid(os.geteuid()).pw_name
    temp = "\n".join(
        f'    {kind}_temp_path "{out}/tmp/{kind}";'
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user_line = f"user {user};\n" if os.geteuid() == 0 else ""
    return (
        "# Generated by `reportal deploy nginx`: nginx for one user, files under this folder.\n"
        f"# Run: nginx -p {out} -c {out}/{MAIN_CONF} -e stderr\n"
        f'{user_line}worker_processes 1;\npid "{out}/nginx.pid";\n'
        f'error_log "{out}/logs/error.log" warn;\n'
        "events { worker_connections 256; }\n"
        "http {\n"
        f'    include "{out}/mime.types";\n'
        "    default_type application/octet-stream;\n"
        f'    access_log "{out}/logs/access.log";\n'
        f"{temp}\n"
        "    sendfile on;\n"
        f'    include "{out}/{SITE_CONF}";\n'
        "}\n"
    )
