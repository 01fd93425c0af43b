"""Acceptance: a report approved on a branch and merged with a pull request records the right
commit, merge and pull request number in its built page, its PDF and the archive manifest; and
the issued reports' PDFs come out signed (a throwaway CA) and pass `reportal verify`.

A throwaway git repository holds the leak fixture portal, signing configured in reportal.yml;
the March draft is approved on a branch and merged with
``git merge --no-ff -m "Merge pull request #7 from x/y"``; then the provider edition is built
with its PDFs (Chromium) and archived.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from signing_ca import PASSPHRASE, make_test_ca

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ENV = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
ENV["TEST_SIGNING_PASSPHRASE"] = PASSPHRASE
NUMBER = "SR-HUAXIN-2026-03-01"
REPORT = f"reports/huaxin/2026/{NUMBER}.md"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def git(root: Path, *args: str, who: str = "Li Na", when: str = "2026-04-04T10:00:00+08:00") -> str:
    env = {**ENV, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": "dev@example",
           "GIT_COMMITTER_NAME": who, "GIT_COMMITTER_EMAIL": "dev@example",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return done.stdout.decode().strip()


def reportal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTAL), *args], capture_output=True, text=True, env=ENV, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def merged(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """(portal, approval commit, merge commit)."""
    base = tmp_path_factory.mktemp("provenance")
    root = base / "portal"
    shutil.copytree(FIXTURE, root)
    ca = make_test_ca(base / "ca")
    ssh_key = base / "ca" / "archive_ed25519"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(ssh_key)],
                   check=True, capture_output=True)  # fmt: skip
    public = ssh_key.with_suffix(".pub").read_text("utf-8").strip()
    (base / "ca" / "allowed_signers").write_text(f"archive@example {public}\n", "utf-8")
    with (root / "reportal.yml").open("a", encoding="utf-8") as settings:
        settings.write(
            f"signing:\n  key: {ca.key}\n  certificate: {ca.cert}\n"
            f"  passphrase_env: TEST_SIGNING_PASSPHRASE\n  trust: [{ca.root_cert}]\n"
            f"manifest_signing:\n  key: {ssh_key}\n  identity: archive@example\n"
            f"  allowed_signers: {base / 'ca' / 'allowed_signers'}\n"
        )
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "portal", when="2026-04-03T09:00:00+08:00")
    git(root, "checkout", "-q", "-b", "approve-march")
    text = (root / REPORT).read_text("utf-8")
    approved = text.replace(
        "status: draft\n",
        "approver: wang.qiang\nstatus: approved\napproved_on: 2026-04-04\nissued: 2026-04-05\n",
    )
    (root / REPORT).write_text(approved, "utf-8")
    git(root, "commit", "-q", "-am", "Approve the March report")
    commit = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-ff", "-m", "Merge pull request #7 from x/y", "approve-march",
        who="Wang Qiang", when="2026-04-05T09:30:00+08:00")  # fmt: skip
    return root, commit, git(root, "rev-parse", "HEAD")


def test_page_pdf_and_manifest_show_commit_merge_and_pull_request(
    merged: tuple[Path, str, str], tmp_path: Path
) -> None:
    root, commit, merge = merged
    site = tmp_path / "site"
    built = reportal("build", "--root", str(root), "--out", str(site), "--edition", "provider")
    assert built.returncode == 0, built.stdout + built.stderr
    folder = site / f"provider/reports/huaxin/2026/{NUMBER}"
    page = (folder / "index.html").read_text("utf-8")
    for expected in (commit, merge, "#7", "2026-04-05T09:30:00+08:00", "Wang Qiang"):
        assert expected in page
    assert "dev@example" not in page  # committers by name on pages; e-mails in the manifest

    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(folder / f"{NUMBER}.pdf"), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert commit in pdf_text and merge in pdf_text and "#7" in pdf_text
    assert "批准记录" in pdf_text
    checked = reportal("verify", str(folder / f"{NUMBER}.pdf"), "--root", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert (
        "signed by Common Name: 远景信息 报告签发" in checked.stdout
        and ", trusted" in checked.stdout
    )
    assert "PDFs are not signed" not in built.stderr

    out = str(tmp_path / "arch")
    archived = reportal("archive", "--root", str(root), "--site", str(site), "--out", out,
                        "--version", "v1", "--edition", "provider")  # fmt: skip
    assert archived.returncode == 0, archived.stdout + archived.stderr
    manifest = json.loads((tmp_path / "arch/provider/v1.manifest.json").read_text("utf-8"))
    entries = {entry["number"]: entry for entry in manifest["reports"]}
    approval = entries[NUMBER]["approval"]
    assert approval["commit"]["sha"] == commit
    assert approval["merge"] == {
        "sha": merge,
        "date": "2026-04-05T09:30:00+08:00",
        "committer": "Wang Qiang <dev@example>",
    }
    assert approval["request"] == "#7"
    assert entries["SR-HUAXIN-2026-01-01"]["approval"]["merge"] is None  # committed on main
    assert all(e["approval"] is None for e in entries.values() if e["status"] == "draft")

    tar = tmp_path / "arch/provider/v1.tar"
    checked = reportal("verify", str(tar), "--root", str(root))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "manifest signed by archive@example" in checked.stdout
    issued = [e for e in entries.values() if e["status"] in ("approved", "superseded")]
    assert len(issued) == 6 and all(e["pdf"] for e in issued)
    assert "6 issued report PDF signature(s) trusted" in checked.stdout  # each one signed
    manifest_file = tmp_path / "arch/provider/v1.manifest.json"
    manifest_file.write_text(manifest_file.read_text("utf-8").replace("#7", "#8"), "utf-8")
    checked = reportal("verify", str(tar), "--root", str(root))
    assert checked.returncode == 1 and "[V020]" in checked.stdout
