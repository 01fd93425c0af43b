"""scripts/setup.sh waits for another apt process instead of dying on the dpkg lock."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

STUBS = {
    # every Debian package is missing
    "dpkg-query": "exit 1",
    # the first `update` finds the lists lock held, as when unattended-upgrades runs
    "apt-get": (
        'echo "$*" >> "$LOG"\n'
        'case "$*" in *update*) [ -f "$LOG.once" ] || { touch "$LOG.once"; exit 100; } ;; esac'
    ),
    "sleep": 'echo "sleep $*" >> "$LOG"',
    "sudo": 'exec "$@"',
}


def test_apt_waits_for_the_dpkg_lock_and_says_so(tmp_path: Path, repo_root: Path) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in STUBS.items():
        stub = bin_dir / name
        stub.write_text(f"#!/bin/sh\n{body}\n", encoding="utf-8")
        stub.chmod(0o755)
    log = tmp_path / "apt.log"
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}", "LOG": str(log),
           "DPKG_LOCK_TIMEOUT": "120"}  # fmt: skip
    script = repo_root / "scripts" / "setup.sh"
    result = subprocess.run(
        ["bash", "-c", f'source "{script}" && install_debian_packages'],
        env=env, capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    apt_calls = [c for c in calls if not c.startswith("sleep")]
    assert len(apt_calls) == 3  # update (lock held), update again, install
    assert all(c.startswith("-o DPkg::Lock::Timeout=120 ") for c in apt_calls)
    assert "sleep 10" in calls
    assert "waiting up to 120 s" in result.stdout
    assert "retrying" in result.stderr
