"""Asking git about the portal's checkout: one helper for every git call Reportal makes."""

from __future__ import annotations

import subprocess
from pathlib import Path


def git_output(root: Path, *args: str, strip: bool = True) -> str | None:
    """``git -C root args`` output (stripped unless ``strip=False``); None when git fails, times
    out or is missing. Output is read as UTF-8, undecodable bytes replaced."""
    try:
        result = subprocess.run(
            ["git", "-C", str(root), *args], capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    if result.returncode != 0:
        return None
    text = result.stdout.decode("utf-8", "replace")
    return text.strip() if strip else text
