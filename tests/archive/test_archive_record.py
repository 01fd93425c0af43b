"""`reportal archive` records what was built (the build record), not the working tree now.

The leak fixture is committed to a fresh git repository and built once without
SOURCE_DATE_EPOCH, so the commit time of HEAD is the build time. Tests that change the portal
afterwards work on a copy of the repository and archive the site built from the original.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ENV = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
BUILT_AT = "2026-10-05T08:00:00+00:00"
DRAFT = "reports/huaxin/2026/SR-HUAXIN-2026-03-01.md"
RECORD = ".reportal-build.json"


def git(cwd: Path, *args: str, when: str = BUILT_AT) -> str:
    env = {**ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example"}  # fmt: skip
    result = subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
    return result.stdout.decode().strip()


def reportal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTAL), *args], capture_output=True, text=True, env=ENV, timeout=600, check=False
    )


def archive(root: Path, site: Path, out: Path, version: str = "v1"):
    return reportal("archive", "--root", str(root), "--site", str(site), "--out", str(out),
                    "--version", version)  # fmt: skip


def manifest_of(out: Path, edition: str, version: str = "v1") -> dict:
    return json.loads((out / edition / f"{version}.manifest.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(portal, site, commit): the fixture committed to git and built once without PDFs."""
    work = tmp_path_factory.mktemp("record")
    root = work / "portal"
    shutil.copytree(FIXTURE, root)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixture")
    result = reportal("build", "--root", str(root), "--out", str(work / "site"), "--no-pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    return root, work / "site", git(root, "rev-parse", "HEAD")


def test_archive_records_the_built_state_after_a_later_commit(built, tmp_path: Path) -> None:
    root, site, commit = built
    built_hash = hashlib.sha256((root / DRAFT).read_bytes()).hexdigest()
    later = tmp_path / "portal"
    shutil.copytree(root, later)
    text = (later / DRAFT).read_text("utf-8")
    (later / DRAFT).write_text(text.replace("status: draft", "status: review"), "utf-8")
    git(later, "commit", "-q", "-am", "review", when="2026-11-20T09:30:00+00:00")
    assert git(later, "rev-parse", "HEAD") != commit

    result = archive(later, site, tmp_path / "arch", "v2")
    assert result.returncode == 0, result.stdout + result.stderr
    manifest = manifest_of(tmp_path / "arch", "provider", "v2")
    assert manifest["commit"] == commit and manifest["dirty"] is False
    assert manifest["build_time"] == "2026-10-05T08:00:00Z"
    assert manifest["provenance"] == "build-record"
    entry = {r["number"]: r for r in manifest["reports"]}["SR-HUAXIN-2026-03-01"]
    assert entry["status"] == "draft"
    assert entry["source_sha256"] == built_hash
    assert "provider/ is stale" in result.stderr and "SR-HUAXIN-2026-03-01" in result.stderr
    assert manifest_of(tmp_path / "arch", "huaxin", "v2")["commit"] == commit


def test_customer_record_names_only_its_own_reports(built) -> None:
    root, site, commit = built
    record = json.loads((site / "customers/huaxin" / RECORD).read_text("utf-8"))
    assert record["format"] == "reportal-build/1" and record["edition"] == "huaxin"
    assert record["commit"] == commit and record["build_time"] == "2026-10-05T08:00:00Z"
    numbers = [r["number"] for r in record["reports"]]
    assert numbers == ["SR-HUAXIN-2026-01-01", "SR-HUAXIN-2026-02-01", "SR-HUAXIN-2026-02-02"]
    text = (site / "customers/huaxin" / RECORD).read_text("utf-8").lower()
    assert "dingsheng" not in text and "draft" not in text and str(root) not in text
    provider = json.loads((site / "provider" / RECORD).read_text("utf-8"))
    assert len(provider["reports"]) == 7


def test_record_is_archived_and_verified(built, tmp_path: Path) -> None:
    root, site, _ = built
    assert archive(root, site, tmp_path / "arch").returncode == 0
    manifest = manifest_of(tmp_path / "arch", "huaxin")
    assert RECORD in {entry["path"] for entry in manifest["files"]}
    tar = tmp_path / "arch/huaxin/v1.tar"
    assert reportal("verify", str(tar)).returncode == 0
    manifest["reports"][0]["status"] = "draft"  # a manifest that no longer matches its build
    path = tmp_path / "arch/huaxin/v1.manifest.json"
    path.write_text(json.dumps(manifest), "utf-8")
    result = reportal("verify", str(tar))
    assert result.returncode == 1 and "reports differ" in result.stdout


def test_site_without_a_record_falls_back_with_a_warning(built, tmp_path: Path) -> None:
    root, site, commit = built
    old = tmp_path / "site"
    shutil.copytree(site, old)
    (old / "provider" / RECORD).unlink()
    result = archive(root, old, tmp_path / "arch")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "provider/ has no build record" in result.stderr
    manifest = manifest_of(tmp_path / "arch", "provider")
    assert manifest["provenance"] == "working-tree" and manifest["commit"] == commit
    assert manifest_of(tmp_path / "arch", "huaxin")["provenance"] == "build-record"


def test_archive_waits_for_the_site_lock(built, tmp_path: Path) -> None:
    root, site, _ = built
    out = tmp_path / "arch"
    command = [str(REPORTAL), "archive", "--root", str(root), "--site", str(site),
               "--out", str(out), "--version", "v1", "--edition", "huaxin"]  # fmt: skip
    fd = os.open(site.parent / "site.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # a build is publishing
        process = subprocess.Popen(command, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(3)
        assert process.poll() is None
        assert not (tmp_path / "arch/huaxin/v1.tar").exists()
    finally:
        os.close(fd)
    assert process.wait(timeout=120) == 0
    assert (tmp_path / "arch/huaxin/v1.tar").is_file()
