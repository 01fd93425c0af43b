"""`reportal verify` re-checks frozen snapshots (issue 10): the provider edition publishes each
issued report's snapshot, its manifest entry carries the snapshot's hash and the export hashes,
and a snapshot changed inside the archive (even with the file list mended) is named."""

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
NUMBER = "SR-HUAXIN-2026-01-01"
SNAPSHOT = f"reports/huaxin/2026/{NUMBER}.snapshot.json"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(REPORTAL), *args], capture_output=True, text=True, env=ENV, timeout=600, check=False
    )


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("verify-snapshots")
    root = work / "portal"
    shutil.copytree(FIXTURE, root)
    frozen = run("freeze", "--root", str(root))
    assert frozen.returncode == 0 and SNAPSHOT in frozen.stdout, frozen.stdout + frozen.stderr
    site, out = work / "site", work / "archive"
    built = run("build", "--root", str(root), "--out", str(site), "--no-pdf",
                "--edition", "provider")  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    done = run("archive", "--root", str(root), "--site", str(site), "--out", str(out),
               "--version", "v1", "--edition", "provider")  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "provider"


@pytest.fixture
def archive(pristine: Path, tmp_path: Path) -> Path:
    shutil.copytree(pristine, tmp_path / "provider")
    return tmp_path / "provider" / "v1.tar"


def entry(archive: Path) -> dict[str, object]:
    manifest = json.loads(archive.with_name("v1.manifest.json").read_text("utf-8"))
    return next(r for r in manifest["reports"] if r["number"] == NUMBER)


def test_the_manifest_carries_the_snapshot_and_export_hashes(archive: Path) -> None:
    report = entry(archive)
    assert report["snapshot"] == SNAPSHOT and len(str(report["snapshot_sha256"])) == 64
    assert report["exports"] == {}  # the fixture declares no sources (see test_snapshot_build)
    assert verify_archive(archive) == []


def test_a_snapshot_changed_inside_the_archive_is_named(archive: Path) -> None:
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]  # type: ignore[union-attr]
    changed = b""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for info, data in members:
            if info.name == SNAPSHOT:
                snapshot = json.loads(data)
                snapshot["kpis"]["sla.resolution"] = {"value": 100.0}  # a made-up figure
                data = changed = json.dumps(snapshot, ensure_ascii=False, indent=1).encode()
                info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    archive.write_bytes(buffer.getvalue())
    manifest_path = archive.with_name("v1.manifest.json")
    manifest = json.loads(manifest_path.read_text("utf-8"))
    for file in manifest["files"]:  # mend the file list: only the snapshot check can tell
        if file["path"] == SNAPSHOT:
            file["sha256"], file["size"] = hashlib.sha256(changed).hexdigest(), len(changed)
    manifest.pop("archive_sha256", None)
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    found = [f"{i.file}: {i.message}" for i in verify_archive(archive)]
    expected = entry(archive)["snapshot_sha256"]
    assert any(
        m.startswith(f"v1.tar:{SNAPSHOT}: snapshot of {NUMBER} differs: expected {expected}")
        for m in found
    ), found
    assert run("verify", str(archive)).returncode == 1
