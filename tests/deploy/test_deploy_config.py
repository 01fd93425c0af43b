"""`reportal deploy nginx` without a server: what it refuses, what it warns about, and the
Content-Security-Policy it derives from the built pages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from deploy_support import REPO_ROOT

from reportal.cli.main import cli
from reportal.deploy.csp import edition_hashes, inline_scripts, script_hash
from reportal.deploy.generate import deploy_nginx
from reportal.deploy.nginx import BasicAuth, SiteOptions, SsoAuth

SCOPE = '__md_scope=new URL("../..",location),__md_get=()=>1'
PAGE = f"""<html><head><script>{SCOPE}</script>
<script id="__config" type="application/json">{{"base": ".."}}</script>
<script src="../assets/x.js"></script></head><body><script>var t=1</script></body></html>"""


def fake_site(root: Path, editions: tuple[str, ...] = ("provider", "customers/huaxin",
              "customers/dingsheng")) -> Path:  # fmt: skip
    for edition in editions:
        (root / edition / "a" / "b").mkdir(parents=True, exist_ok=True)
        (root / edition / "index.html").write_text("<html></html>", encoding="utf-8")
        (root / edition / "a" / "b" / "index.html").write_text(PAGE, encoding="utf-8")
    return root


def options(tmp_path: Path, **changes: object) -> SiteOptions:
    base = SiteOptions(fake_site(tmp_path / "site"), tmp_path / "out", BasicAuth(tmp_path / "h"))
    return SiteOptions(**{**base.__dict__, **changes})  # type: ignore[arg-type]


def test_only_running_scripts_are_hashed() -> None:
    assert inline_scripts(PAGE) == {SCOPE, "var t=1"}


def test_material_scope_script_is_allowed_at_every_depth(tmp_path: Path) -> None:
    hashes = edition_hashes(fake_site(tmp_path, ("provider",)) / "provider")
    for base in (".", "..", "../..", "../../../../../.."):
        assert script_hash(SCOPE.replace('"../.."', f'"{base}"')) in hashes
    assert script_hash("var t=1") in hashes and script_hash('{"base": ".."}') not in hashes


def test_values_that_would_change_nginx_syntax_are_refused(tmp_path: Path) -> None:
    bad = options(tmp_path, listen="80; include /etc/passwd", server_name="a;b")
    issues = deploy_nginx(REPO_ROOT, bad)
    assert [(i.code, i.field) for i in issues] == [("H009", "--listen"), ("H009", "--server-name")]
    assert not (tmp_path / "out").exists()


def test_sso_groups_and_upstream_are_checked(tmp_path: Path) -> None:
    sso = SsoAuth("http://127.0.0.1:4180/x;", "group;{customer}", "ok")
    issues = deploy_nginx(REPO_ROOT, options(tmp_path, auth=sso))
    assert {(i.code, i.field) for i in issues} == {("H009", "--auth-url"), ("H009", "group")}
    no_placeholder = SsoAuth(customer_group="everyone")
    issues = deploy_nginx(REPO_ROOT, options(tmp_path, auth=no_placeholder))
    assert [(i.code, i.field) for i in issues] == [("H009", "--customer-group")]


def test_an_unbuilt_edition_is_an_error(tmp_path: Path) -> None:
    site = fake_site(tmp_path / "partial", ("provider", "customers/huaxin"))
    issues = deploy_nginx(REPO_ROOT, options(tmp_path, site=site))
    assert [(i.code, i.message) for i in issues if i.is_error] == [
        ("H001", "no built edition for customers/dingsheng")
    ]


def test_missing_htpasswd_files_are_a_warning_and_the_site_is_written(tmp_path: Path) -> None:
    issues = deploy_nginx(REPO_ROOT, options(tmp_path))
    assert [(i.code, i.severity.value) for i in issues] == [("H008", "warning")]
    assert "provider, dingsheng, huaxin" in issues[0].message
    conf = (tmp_path / "out" / "reportal-site.conf").read_text("utf-8")
    assert conf.count("auth_basic_user_file") == 7  # 3 editions × 2 locations + unknown ids
    assert (tmp_path / "out" / "nobody.htpasswd").read_text() == ""
    assert "include" in (tmp_path / "out" / "nginx.conf").read_text("utf-8")


def test_tls_adds_certificates_and_hsts(tmp_path: Path) -> None:
    cert, key = tmp_path / "c.pem", tmp_path / "k.pem"
    cert.write_text("x")
    key.write_text("x")
    result = CliRunner().invoke(cli, [
        "deploy", "nginx", "--root", str(REPO_ROOT), "--site", str(fake_site(tmp_path / "s")),
        "--out", str(tmp_path / "o"), "--listen", "443 ssl", "--tls-cert", str(cert),
        "--tls-key", str(key), "--auth", "sso",
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    conf = (tmp_path / "o" / "reportal-site.conf").read_text("utf-8")
    assert "listen 443 ssl;" in conf and f'ssl_certificate_key "{key}";' in conf
    assert 'Strict-Transport-Security "max-age=31536000"' in conf
    alone = CliRunner().invoke(cli, ["deploy", "nginx", "--tls-cert", str(cert)])
    assert alone.exit_code == 2 and "--tls-cert and --tls-key go together" in alone.output
