"""`reportal deploy htpasswd`: credentials -> one bcrypt htpasswd file per edition; every bad
account is reported with its line, and nothing is written then."""

from __future__ import annotations

from pathlib import Path

import bcrypt
from click.testing import CliRunner
from deploy_support import REPO_ROOT

from reportal.cli.main import cli
from reportal.deploy.accounts import hash_secret
from reportal.deploy.generate import deploy_htpasswd

GOOD = """\
provider:
  li.na: provider-long-passphrase
huaxin:
  chen.ming: huaxin-long-passphrase
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "credentials.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_one_file_per_edition_with_bcrypt_hashes(tmp_path: Path) -> None:
    counts, issues = deploy_htpasswd(REPO_ROOT, write(tmp_path, GOOD), tmp_path / "h", rounds=4)
    assert issues == []
    assert counts == {"provider": 1, "dingsheng": 0, "huaxin": 1}
    files = {p.name: p.read_text("utf-8") for p in (tmp_path / "h").iterdir()}
    assert sorted(files) == ["dingsheng.htpasswd", "huaxin.htpasswd", "provider.htpasswd"]
    assert files["dingsheng.htpasswd"] == ""  # nobody can sign in there
    name, hashed = files["huaxin.htpasswd"].strip().split(":", 1)
    assert name == "chen.ming" and hashed.startswith("$2b$04$")
    assert bcrypt.checkpw(b"huaxin-long-passphrase", hashed.encode())
    assert (tmp_path / "h" / "huaxin.htpasswd").stat().st_mode & 0o777 == 0o640


def test_a_bcrypt_hash_is_kept_as_it_is() -> None:
    hashed = bcrypt.hashpw(b"x", bcrypt.gensalt(4)).decode()
    assert hash_secret(hashed) == hashed
    assert hash_secret("plain password", 4) != "plain password"


BAD = """\
provider:
  nobody.here: provider-long-passphrase
huaxinn:
  someone: a-long-passphrase
huaxin:
  chen.ming: short
  "bad name": a-long-passphrase
dingsheng:
  chen.ming: a-long-passphrase
  zhou.ting: "$2b$08$broken"
"""


def test_every_bad_account_is_reported_with_its_line(tmp_path: Path) -> None:
    counts, issues = deploy_htpasswd(REPO_ROOT, write(tmp_path, BAD), tmp_path / "h", rounds=4)
    found = {(i.line, i.field, i.code, i.severity.value) for i in issues}
    assert found == {
        (2, "provider.nobody.here", "H004", "error"),
        (4, "huaxinn.someone", "H003", "error"),
        (6, "huaxin.chen.ming", "H007", "warning"),
        (7, "huaxin.bad name", "H005", "error"),
        (9, "dingsheng.chen.ming", "H006", "error"),
        (10, "dingsheng.zhou.ting", "H005", "error"),
    }
    unknown = next(i for i in issues if i.code == "H003")
    assert unknown.hint == "did you mean `huaxin`?"
    assert all(i.file == "credentials.yml" for i in issues)  # never a host path
    assert counts == {} and not (tmp_path / "h").exists()


def test_broken_yaml_and_wrong_shape(tmp_path: Path) -> None:
    _, issues = deploy_htpasswd(REPO_ROOT, write(tmp_path, "huaxin: [a, b\n"), tmp_path / "h")
    assert [(i.code, i.line) for i in issues] == [("H002", 2)]
    _, issues = deploy_htpasswd(REPO_ROOT, write(tmp_path, "huaxin: [a]\n"), tmp_path / "h")
    assert [(i.code, i.line, i.field) for i in issues] == [("H002", 1, "huaxin")]


def test_cli_exit_status_and_message(tmp_path: Path) -> None:
    runner = CliRunner()
    args = ["deploy", "htpasswd", "--root", str(REPO_ROOT), "--rounds", "4"]
    bad = runner.invoke(cli, [*args, "--credentials", str(write(tmp_path, BAD))])
    assert bad.exit_code == 1
    assert "credentials.yml:4: huaxinn.someone: unknown edition 'huaxinn' [H003]" in bad.output
    good = runner.invoke(cli, [*args, "--credentials", str(write(tmp_path, GOOD)),
                               "--out", str(tmp_path / "h")])  # fmt: skip
    assert good.exit_code == 0, good.output
    assert "accounts: provider 1, dingsheng 0, huaxin 1" in good.output
