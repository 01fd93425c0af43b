"""Acceptance: a failing, killed, disk-full or concurrent `reportal build` leaves the published
editions exactly as they were (every byte), and whole.

Each test runs the real command in a subprocess against a copy of tests/fixtures/leak/ that was
published once (module fixture), then compares the output folder byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "leak"
REPORTAL = Path(sys.executable).parent / "reportal"
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000"}
REPORT = "reports/huaxin/2026/SR-HUAXIN-2026-01-01.md"


def command(root: Path, out: Path) -> list[str]:
    return [str(REPORTAL), "build", "--root", str(root), "--out", str(out), "--no-pdf"]


def build(
    root: Path, out: Path, preexec: Callable[[], None] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(root, out), capture_output=True, text=True, env=ENV, timeout=600,
        preexec_fn=preexec, check=False,
    )  # fmt: skip


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.glob(f".{out.name}.tmp-*"))


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(portal, published site) built once; tests copy the site before touching it."""
    work = tmp_path_factory.mktemp("faults")
    root = work / "portal"
    shutil.copytree(FIXTURE, root)
    out = work / "site"
    result = build(root, out)
    assert result.returncode == 0, result.stderr
    return root, out


@pytest.fixture
def portal(published: tuple[Path, Path], tmp_path: Path) -> Path:
    root = tmp_path / "portal"
    shutil.copytree(published[0], root)
    return root


@pytest.fixture
def site(published: tuple[Path, Path], tmp_path: Path) -> Path:
    out = tmp_path / "out" / "site"
    shutil.copytree(published[1], out)
    return out


def assert_whole(site: Path, before: dict[str, str]) -> None:
    assert snapshot(site) == before
    for edition in ("provider", "customers/huaxin", "customers/dingsheng"):
        assert (site / edition / "index.html").is_file()


def test_a_bad_report_publishes_nothing(portal: Path, site: Path) -> None:
    before = snapshot(site)
    path = portal / REPORT
    path.write_text(path.read_text("utf-8").replace("status: approved", "status: aproved"), "utf-8")
    result = build(portal, site)
    assert result.returncode == 1
    assert REPORT in result.stdout and "nothing was published" in result.stderr
    assert_whole(site, before)
    assert leftovers(site) == []


def test_a_leak_found_after_rendering_publishes_nothing(portal: Path, site: Path) -> None:
    """The report is valid, but names another customer: the scan of the built edition stops it."""
    before = snapshot(site)
    path = portal / REPORT
    path.write_text(path.read_text("utf-8") + "\n另见鼎盛物流的做法。\n", "utf-8")
    result = build(portal, site)
    assert result.returncode == 1
    assert "customers/huaxin/" in result.stdout and "鼎盛物流" in result.stdout
    assert_whole(site, before)


def test_killed_mid_build_leaves_the_site_and_no_orphan(portal: Path, site: Path) -> None:
    before = snapshot(site)
    process = subprocess.Popen(command(portal, site), env=ENV, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not _building(site):
        time.sleep(0.01)
    assert process.poll() is None, "the build ended before it could be killed"
    assert _workers_alive(site), (
        "the workers of this build are found (else the check below is void)"
    )
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert_whole(site, before)
    time.sleep(1.0)
    assert not _workers_alive(site), "build workers must die with the build"
    again = build(portal, site)  # the next build cleans up and publishes
    assert again.returncode == 0, again.stderr
    assert leftovers(site) == []
    assert snapshot(site) == before  # same sources, same epoch: the same bytes


def _building(site: Path) -> bool:
    """MkDocs has started writing an edition into the temporary tree."""
    return any(
        any(p.is_file() for p in tmp.glob("site/**/*")) for tmp in site.parent.glob(".site.tmp-*")
    )


def _workers_alive(site: Path) -> bool:
    """A build worker of this site is running (site/builder.py names the output folder in
    its command line: ``--for=SITE``)."""
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().decode("utf-8", "replace")
        except OSError:
            continue
        if "reportal.site.worker" in cmdline and f"--for={site}\0" in cmdline:
            return True
    return False


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_000_000, 1_000_000))


def test_disk_full_file_size_limit(portal: Path, site: Path) -> None:
    """Writes beyond 1 MB fail (EFBIG, as on a full disk): plotly.min.js cannot be written."""
    before = snapshot(site)
    result = build(portal, site, preexec=_limit_file_size)
    assert result.returncode == 1
    assert "did not build" in result.stdout and "Traceback" not in result.stdout + result.stderr
    assert_whole(site, before)
    assert leftovers(site) == []


def test_disk_full_small_tmpfs(portal: Path, tmp_path: Path) -> None:
    """A real full filesystem: publish onto a small tmpfs, fill it, build again."""
    mount = tmp_path / "tmpfs"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(mount)],
                          capture_output=True, check=False)  # fmt: skip
    if done.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the file-size test covers ENOSPC")
    try:
        site = mount / "site"
        assert build(portal, site).returncode == 0
        before = snapshot(site)
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * max(0, free - 2_000_000))
        result = build(portal, site)
        assert result.returncode == 1, result.stdout
        assert "space" in result.stdout.lower()
        assert_whole(site, before)
        assert leftovers(site) == []
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_two_builds_at_once_serialize(portal: Path, site: Path, tmp_path: Path) -> None:
    """Two builds of different content into one folder: the result is one of them, whole."""
    other = tmp_path / "other"
    shutil.copytree(portal, other)
    path = other / REPORT
    path.write_text(path.read_text("utf-8").replace("本月服务平稳", "本月服务总体平稳"), "utf-8")
    reference = tmp_path / "reference" / "site"
    assert build(other, reference).returncode == 0
    first, second = snapshot(site), snapshot(reference)
    assert first != second
    runs = [
        subprocess.Popen(
            command(root, site),
            env=ENV,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for root in (portal, other)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
    assert snapshot(site) in (first, second)
    assert leftovers(site) == []
    assert (site.parent / "site.lock").exists()


def test_one_edition_replaces_only_its_folder(portal: Path, site: Path) -> None:
    before = snapshot(site)
    path = portal / REPORT
    path.write_text(path.read_text("utf-8").replace("本月服务平稳", "本月服务总体平稳"), "utf-8")
    result = subprocess.run([*command(portal, site), "--edition", "huaxin"], capture_output=True,
                            text=True, env=ENV, timeout=600, check=False)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    after = snapshot(site)
    changed = {
        rel.split("/")[0] + "/" + rel.split("/")[1]
        for rel in before
        if after.get(rel) != before[rel]
    }
    assert changed == {"customers/huaxin"}
    assert after.keys() == before.keys()
    assert leftovers(site) == []
