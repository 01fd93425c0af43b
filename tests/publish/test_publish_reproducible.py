"""Acceptance: two builds of the same commit from different directories are byte-identical.

The fixture portal is committed to a fresh git repository and cloned into a second, differently
named directory; both are built with `reportal build` and no SOURCE_DATE_EPOCH in the
environment, so the commit time of HEAD is the build time.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
COMMIT_TIME = "2026-10-05T08:00:00+00:00"


def git(cwd: Path, *args: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": COMMIT_TIME, "GIT_COMMITTER_DATE": COMMIT_TIME,
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example"}  # fmt: skip
    subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True)


def build(root: Path) -> Path:
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["PYTHONHASHSEED"] = "random"  # the build must not depend on the caller's hash seed
    out = root.parent / "published"
    result = subprocess.run(
        [str(REPORTAL), "build", "--root", str(root), "--out", str(out), "--no-pdf"],
        capture_output=True, text=True, env=env, timeout=600, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_same_commit_two_directories_byte_identical(tmp_path: Path) -> None:
    first = tmp_path / "a" / "portal"
    shutil.copytree(FIXTURE, first)
    git(first, "init", "-q")
    git(first, "add", "-A")
    git(first, "commit", "-q", "-m", "fixture")
    second = tmp_path / "somewhere" / "else" / "clone"
    second.parent.mkdir(parents=True)
    git(second.parent, "clone", "-q", str(first), second.name)

    one, two = hashes(build(first)), hashes(build(second))
    assert len(one) > 50
    differing = sorted(rel for rel in one.keys() | two.keys() if one.get(rel) != two.get(rel))
    assert differing == []

    sitemap = gzip.decompress((first.parent / "published/provider/sitemap.xml.gz").read_bytes())
    day = datetime.fromisoformat(COMMIT_TIME).astimezone(UTC).strftime("%Y-%m-%d")
    assert f"<lastmod>{day}</lastmod>".encode() in sitemap
    for text in (first.parent / "published").rglob("*.html"):
        assert str(tmp_path) not in text.read_text("utf-8")
