"""Acceptance: a report approved on a branch and merged with a pull request records the right
commit, merge and pull request number in its built page, its PDF and the archive manifest.

A throwaway git repository holds the leak fixture portal; the March draft is approved on a
branch and merged with ``git merge --no-ff -m "Merge pull request #7 from x/y"``; then the
provider edition is built with its PDFs (Chromium) and archived.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ENV = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
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
    root = tmp_path_factory.mktemp("provenance") / "portal"
    shutil.copytree(FIXTURE, root)
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
