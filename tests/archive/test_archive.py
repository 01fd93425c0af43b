"""`reportal archive`: versioned, reproducible, write-once snapshots with a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}


def reportal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTAL), *args], capture_output=True, text=True, env=ENV, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(portal, site): the leak fixture built once without PDFs."""
    work = tmp_path_factory.mktemp("archive")
    root = work / "portal"
    shutil.copytree(FIXTURE, root)
    result = reportal("build", "--root", str(root), "--out", str(work / "site"), "--no-pdf")
    assert result.returncode == 0, result.stderr
    return root, work / "site"


def archive(built: tuple[Path, Path], out: Path, version: str = "v1", *extra: str):
    root, site = built
    return reportal("archive", "--root", str(root), "--site", str(site), "--out", str(out),
                    "--version", version, *extra)  # fmt: skip


def test_archive_writes_a_tar_and_manifest_per_edition(built, tmp_path: Path) -> None:
    result = archive(built, tmp_path / "arch")
    assert result.returncode == 0, result.stdout + result.stderr
    for edition in ("provider", "huaxin", "dingsheng"):
        assert (tmp_path / "arch" / edition / "v1.tar").is_file()
        assert (tmp_path / "arch" / edition / "v1.manifest.json").is_file()


def test_manifest_lists_every_file_and_report(built, tmp_path: Path) -> None:
    archive(built, tmp_path / "arch")
    site = built[1] / "customers/huaxin"
    manifest = json.loads((tmp_path / "arch/huaxin/v1.manifest.json").read_text("utf-8"))
    assert manifest["edition"] == "huaxin" and manifest["version"] == "v1"
    assert manifest["source_date_epoch"] == 1790000000
    assert manifest["build_time"] == "2026-09-21T14:13:20Z"
    files = {e["path"]: e["sha256"] for e in manifest["files"]}
    on_disk = {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in site.rglob("*")
        if p.is_file()
    }
    assert files == on_disk
    reports = {r["number"]: r for r in manifest["reports"]}
    assert sorted(reports) == [
        "SR-HUAXIN-2026-01-01",
        "SR-HUAXIN-2026-02-01",
        "SR-HUAXIN-2026-02-02",
    ]
    entry = reports["SR-HUAXIN-2026-02-01"]
    assert entry["status"] == "superseded"
    source = built[0] / "reports/huaxin/2026/SR-HUAXIN-2026-02-01.md"
    assert entry["source_sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
    assert files[entry["page"]] == entry["page_sha256"]
    assert entry["page"] == "reports/huaxin/2026/SR-HUAXIN-2026-02-01/index.html"


def test_tar_is_sorted_with_fixed_metadata(built, tmp_path: Path) -> None:
    archive(built, tmp_path / "arch")
    with tarfile.open(tmp_path / "arch/provider/v1.tar") as tar:
        members = tar.getmembers()
    names = [m.name for m in members]
    assert names == sorted(names)
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname, m.mode) for m in members} == {
        (1790000000, 0, 0, "", "", 0o644)
    }


def test_same_content_again_is_a_no_op_and_reproducible(built, tmp_path: Path) -> None:
    archive(built, tmp_path / "a")
    tar = tmp_path / "a/huaxin/v1.tar"
    first = tar.read_bytes()
    again = archive(built, tmp_path / "a")
    assert again.returncode == 0 and "unchanged" in again.stdout
    assert tar.read_bytes() == first
    archive(built, tmp_path / "b")
    assert (tmp_path / "b/huaxin/v1.tar").read_bytes() == first


def test_other_content_under_an_existing_version_is_refused(built, tmp_path: Path) -> None:
    root, site = built
    archive(built, tmp_path / "arch")
    before = (tmp_path / "arch/huaxin/v1.tar").read_bytes()
    changed = tmp_path / "changed-site"
    shutil.copytree(site, changed)
    (changed / "customers/huaxin/index.html").write_text("<p>changed</p>", "utf-8")
    result = reportal("archive", "--root", str(root), "--site", str(changed),
                      "--out", str(tmp_path / "arch"), "--version", "v1")  # fmt: skip
    assert result.returncode == 1
    assert "A003" in result.stdout and "write-once" in result.stdout
    assert (tmp_path / "arch/huaxin/v1.tar").read_bytes() == before
    assert archive(built, tmp_path / "arch", "v2").returncode == 0  # a new version is fine


def test_bad_version_and_missing_site(built, tmp_path: Path) -> None:
    assert archive(built, tmp_path / "arch", "../x").returncode == 1
    result = reportal("archive", "--root", str(built[0]), "--site", str(tmp_path / "none"),
                      "--out", str(tmp_path / "arch"), "--version", "v1")  # fmt: skip
    assert result.returncode == 1 and "reportal build" in result.stdout


def test_the_site_root_is_a_page_not_a_listing(built: tuple[Path, Path]) -> None:
    root_page = (built[1] / "index.html").read_text(encoding="utf-8")
    assert '<a href="provider/">' in root_page and "customers/" not in root_page
