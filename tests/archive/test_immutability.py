"""Issued reports are immutable (ISO/IEC 17025 §7.8.8): `reportal check --against REF` refuses an
in-place edit of a report issued in REF (an archive manifest or a git ref)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reportal.archive.immutability import check_against
from reportal.archive.manifest import dump_manifest, make_manifest, report_entry
from reportal.validate.portal import load_portal

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ISSUED = "reports/huaxin/2026/SR-HUAXIN-2026-01-01.md"
DRAFT = "reports/huaxin/2026/SR-HUAXIN-2026-03-01.md"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    shutil.copytree(FIXTURE, root)
    return root


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def write_manifest(root: Path, target: Path) -> Path:
    portal = load_portal(root)
    reports = [report_entry(root, r, {}) for r in portal.reports]
    target.write_bytes(dump_manifest(make_manifest("provider", "v1", None, 0, [], reports)))
    return target


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example"}  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def test_unchanged_portal_passes(root: Path, tmp_path: Path) -> None:
    manifest = write_manifest(root, tmp_path / "v1.manifest.json")
    assert check_against(load_portal(root), str(manifest)) == []


def test_in_place_edit_of_an_issued_report_is_refused(root: Path, tmp_path: Path) -> None:
    manifest = write_manifest(root, tmp_path / "v1.manifest.json")
    edit(root, ISSUED, "本月服务平稳", "本月服务基本平稳")
    issues = check_against(load_portal(root), str(manifest))
    assert [(i.file, i.code) for i in issues] == [(ISSUED, "I001")]
    assert "changed in place" in issues[0].message
    hint = issues[0].hint or ""
    assert "supersedes: SR-HUAXIN-2026-01-01" in hint and "amendment_reason" in hint


def test_front_matter_edits_count_too_but_not_formatting(root: Path, tmp_path: Path) -> None:
    manifest = write_manifest(root, tmp_path / "v1.manifest.json")
    edit(root, ISSUED, "prepared: 2026-02-03", "prepared:   2026-02-03   # comment")
    assert check_against(load_portal(root), str(manifest)) == []
    edit(root, ISSUED, "issued: 2026-02-05", "issued: 2026-02-06")
    assert [i.file for i in check_against(load_portal(root), str(manifest))] == [ISSUED]


def test_drafts_may_change_and_status_may_become_superseded(root: Path, tmp_path: Path) -> None:
    manifest = write_manifest(root, tmp_path / "v1.manifest.json")
    edit(root, DRAFT, "草稿内容", "草稿内容已修改")
    edit(root, ISSUED, "status: approved", "status: superseded")
    assert check_against(load_portal(root), str(manifest)) == []


def test_an_issued_report_may_not_go_back_to_draft_or_vanish(root: Path, tmp_path: Path) -> None:
    manifest = write_manifest(root, tmp_path / "v1.manifest.json")
    edit(root, ISSUED, "status: approved", "status: review")
    (root / "reports/dingsheng/2026/SR-DINGSHENG-2026-01-01.md").unlink()
    issues = check_against(load_portal(root), str(manifest))
    messages = sorted(i.message for i in issues)
    assert any('went back to "review"' in m for m in messages)
    assert any("SR-DINGSHENG-2026-01-01" in m and "gone" in m for m in messages)


def test_against_a_git_ref(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "issued")
    assert check_against(load_portal(root), "HEAD") == []
    edit(root, ISSUED, "CANARY-HUAXIN-PUB-0102", "CANARY-HUAXIN-PUB-0102 改")
    edit(root, DRAFT, "草稿内容", "草稿内容已修改")
    issues = check_against(load_portal(root), "HEAD")
    assert [(i.file, i.code) for i in issues] == [(ISSUED, "I001")]


def test_a_report_with_windows_line_endings_is_unchanged_against_git(root: Path) -> None:
    # Authors on Windows commit CRLF files: git show gives "\r\n", read_text gives "\n"
    path = root / ISSUED
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    git(root, "init", "-q")
    git(root, "config", "core.autocrlf", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "issued")
    assert check_against(load_portal(root), "HEAD") == []
    edit(root, ISSUED, "CANARY-HUAXIN-PUB-0102", "CANARY-HUAXIN-PUB-0102 改")
    assert [i.code for i in check_against(load_portal(root), "HEAD")] == ["I001"]


def test_unknown_reference(root: Path) -> None:
    issues = check_against(load_portal(root), "no-such-ref-or-file")
    assert [i.code for i in issues] == ["I002"]


def test_reportal_check_against_exits_1(root: Path, tmp_path: Path) -> None:
    manifest = write_manifest(root, tmp_path / "v1.manifest.json")
    command = [str(REPORTAL), "check", "--root", str(root), "--against", str(manifest)]
    assert subprocess.run(command, capture_output=True, check=False).returncode == 0
    edit(root, ISSUED, "本月服务平稳", "本月服务基本平稳")
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert f"{ISSUED}:1: issued report SR-HUAXIN-2026-01-01 was changed in place" in result.stdout
