"""Approval provenance from git: the commit that last changed a report and the merge (pull or
merge request) that brought it to the default branch, all from one ``git log``."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from reportal.portal.approvals import (
    APPROVALS_FILE,
    load_approvals,
    read_approvals,
    write_approvals,
)

REPORT = "reports/huaxin/2026/SR-HUAXIN-2026-10-01.md"
OTHER = "reports/huaxin/2026/SR-HUAXIN-2026-09-01.md"


def git(root: Path, *args: str, who: str = "Li Na", when: str = "2026-11-05T10:00:00+08:00") -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": who, "GIT_AUTHOR_EMAIL": "a@example",
           "GIT_COMMITTER_NAME": who, "GIT_COMMITTER_EMAIL": f"{who[:2].lower()}@example",
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}  # fmt: skip
    done = subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)
    return done.stdout.decode().strip()


def write(root: Path, rel: str, text: str) -> None:
    (root / rel).parent.mkdir(parents=True, exist_ok=True)
    (root / rel).write_text(text, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, REPORT, "status: draft\n")
    write(root, OTHER, "status: approved\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "drafts")
    return root


def approve_on_branch(root: Path, message: str) -> tuple[str, str]:
    git(root, "checkout", "-q", "-b", "approve")
    write(root, REPORT, "status: approved\n")
    git(root, "commit", "-q", "-am", "approve October")
    commit = git(root, "rev-parse", "HEAD")
    git(root, "checkout", "-q", "main")
    write(root, "README.md", "unrelated\n")  # main moves on meanwhile
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "readme")
    git(root, "merge", "-q", "--no-ff", "-m", message, "approve",
        who="Wang Qiang", when="2026-11-06T09:00:00+08:00")  # fmt: skip
    return commit, git(root, "rev-parse", "HEAD")


def test_github_merge_names_commit_merge_and_pull_request(repo: Path) -> None:
    commit, merge = approve_on_branch(repo, "Merge pull request #7 from x/approve\n\nOctober")
    git(repo, "commit", "-q", "--allow-empty", "-m", "later")  # HEAD is not the merge any more
    approval = read_approvals(repo, "reports")[REPORT]
    assert approval.commit.sha == commit and approval.commit.committer == "Li Na <li@example>"
    assert approval.commit.date == "2026-11-05T10:00:00+08:00"
    assert approval.merge is not None and approval.merge.sha == merge
    assert approval.merge.committer == "Wang Qiang <wa@example>"
    assert approval.request == "#7"


def test_gitlab_merge_request(repo: Path) -> None:
    message = "Merge branch 'approve' into 'main'\n\nOctober\n\nSee merge request ops/reports!12"
    approve_on_branch(repo, message)
    assert read_approvals(repo, "reports")[REPORT].request == "!12"


def test_a_commit_on_the_default_branch_has_no_merge(repo: Path) -> None:
    approve_on_branch(repo, "Merge pull request #7 from x/approve")
    first = read_approvals(repo, "reports")[OTHER]
    assert first.merge is None and first.request is None
    write(repo, OTHER, "status: superseded\n")
    git(repo, "commit", "-q", "-am", "Supersede September (#9)")  # a squash merge
    squashed = read_approvals(repo, "reports")[OTHER]
    assert squashed.commit.sha == git(repo, "rev-parse", "HEAD")
    assert squashed.merge is None and squashed.request == "#9"


def test_portal_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    top = tmp_path / "repo"
    (top / "portal").mkdir(parents=True)
    git(top, "init", "-q", "-b", "main")
    write(top / "portal", REPORT, "status: approved\n")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "one")
    assert list(read_approvals(top / "portal", "reports")) == [REPORT]


def test_not_a_git_checkout_has_no_provenance_and_no_error(tmp_path: Path) -> None:
    write(tmp_path, REPORT, "status: approved\n")
    assert read_approvals(tmp_path, "reports") == {}


def test_staged_builds_read_the_approvals_written_beside_them(repo: Path, tmp_path: Path) -> None:
    approve_on_branch(repo, "Merge pull request #7 from x/approve")
    found = read_approvals(repo, "reports")
    stage = tmp_path / "stage"
    stage.mkdir()
    write_approvals(stage, found)
    assert (stage / APPROVALS_FILE).is_file()
    assert load_approvals(stage, "reports") == found


def test_a_shallow_clone_has_no_provenance_and_says_why(
    repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    approve_on_branch(repo, "Merge pull request #7 from x/approve")
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    assert read_approvals(clone, "reports") == {}  # not "every report changed by HEAD"
    assert "fetch-depth: 0" in caplog.text
