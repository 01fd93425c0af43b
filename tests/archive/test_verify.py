"""`reportal verify`: tamper tests on a real archive (one changed byte, a removed file, an added
file, a `..` entry in the manifest or in the tar)."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from reportal.archive.verify import verify_archive

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
PAGE = "reports/huaxin/2026/SR-HUAXIN-2026-01-01/index.html"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTAL), *args], capture_output=True, text=True, env=ENV, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The huaxin edition's archive folder (v1.tar + v1.manifest.json)."""
    work = tmp_path_factory.mktemp("verify")
    root = work / "portal"
    shutil.copytree(FIXTURE, root)
    site, out = work / "site", work / "archive"
    built = run("build", "--root", str(root), "--out", str(site), "--no-pdf", "--edition", "huaxin")
    assert built.returncode == 0, built.stderr
    done = run("archive", "--root", str(root), "--site", str(site), "--out", str(out),
               "--version", "v1", "--edition", "huaxin")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "huaxin"


@pytest.fixture
def archive(pristine: Path, tmp_path: Path) -> Path:
    shutil.copytree(pristine, tmp_path / "huaxin")
    return tmp_path / "huaxin" / "v1.tar"


def rewrite_tar(tar_path: Path, change) -> None:
    """Rewrite the tar with ``change(name, data) -> data | None`` (None drops the member)."""
    with tarfile.open(tar_path) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for info, data in members:
            new = change(info.name, data)
            if new is not None:
                info.size = len(new)
                tar.addfile(info, io.BytesIO(new))
    tar_path.write_bytes(buffer.getvalue())


def messages(archive: Path) -> list[str]:
    return [f"{i.file}: {i.message}" for i in verify_archive(archive)]


def test_intact_archive_verifies(archive: Path) -> None:
    result = run("verify", str(archive))
    assert result.returncode == 0, result.stdout
    assert run("verify", str(archive.with_name("v1.manifest.json"))).returncode == 0


def test_one_changed_byte_is_named(archive: Path) -> None:
    def flip(name: str, data: bytes) -> bytes:
        return data[:100] + bytes([data[100] ^ 1]) + data[101:] if name == PAGE else data

    rewrite_tar(archive, flip)
    found = messages(archive)
    manifest = json.loads(archive.with_name("v1.manifest.json").read_text("utf-8"))
    expected = next(e["sha256"] for e in manifest["files"] if e["path"] == PAGE)
    with tarfile.open(archive) as tar:
        actual = hashlib.sha256(tar.extractfile(PAGE).read()).hexdigest()  # type: ignore[union-attr]
    assert (
        f"v1.tar:{PAGE}: changed: SHA-256 {actual} in the archive, {expected} in the manifest"
    ) in found
    assert any("page of SR-HUAXIN-2026-01-01" in m for m in found)
    result = run("verify", str(archive))
    assert result.returncode == 1 and PAGE in result.stdout


def test_a_removed_file_is_named(archive: Path) -> None:
    rewrite_tar(archive, lambda name, data: None if name == "sitemap.xml" else data)
    assert "v1.tar:sitemap.xml: missing: listed in the manifest" in messages(archive)


def test_an_added_file_is_named(archive: Path) -> None:
    with tarfile.open(archive, "a") as tar:
        info = tarfile.TarInfo("extra/evil.html")
        info.size = 3
        tar.addfile(info, io.BytesIO(b"bad"))
    assert "v1.tar:extra/evil.html: extra: not listed in the manifest" in messages(archive)


@pytest.mark.parametrize("path", ["../outside.html", "/etc/passwd", "a/../../b"])
def test_manifest_path_traversal_is_rejected(archive: Path, path: str) -> None:
    manifest_path = archive.with_name("v1.manifest.json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest["files"].append({"path": path, "sha256": "0" * 64, "size": 0})
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    found = messages(archive)
    assert found and all("unsafe path" in m for m in found)
    assert path in found[0]
    assert run("verify", str(archive)).returncode == 1


def test_a_file_listed_twice_in_the_manifest_is_rejected(archive: Path) -> None:
    """A second entry for a file (with another hash) was accepted: the last one won."""
    manifest_path = archive.with_name("v1.manifest.json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    entry = next(e for e in manifest["files"] if e["path"] == PAGE)
    manifest["files"].insert(0, {**entry, "sha256": "0" * 64})
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    assert messages(archive) == [
        f'v1.manifest.json: "{PAGE}" is listed 2 times in the manifest (rejected)'
    ]
    assert run("verify", str(archive)).returncode == 1


def test_tar_member_with_dotdot_is_rejected(archive: Path) -> None:
    with tarfile.open(archive, "a") as tar:
        info = tarfile.TarInfo("../escape.html")
        info.size = 1
        tar.addfile(info, io.BytesIO(b"x"))
    assert any('unsafe member "../escape.html"' in m for m in messages(archive))


def test_a_missing_manifest_is_a_finding(archive: Path) -> None:
    archive.with_name("v1.manifest.json").unlink()
    assert any("manifest is missing" in m for m in messages(archive))
