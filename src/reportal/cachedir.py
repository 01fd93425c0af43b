"""Where the on-disk caches live: ``REPORTAL_CACHE_DIR`` when set (a build points its edition
workers at the portal's own cache), else ``.reportal-cache/`` in the portal."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

CACHE_DIR = ".reportal-cache"
CACHE_VARIABLE = "REPORTAL_CACHE_DIR"


def cache_dir(root: Path) -> Path:
    override = os.environ.get(CACHE_VARIABLE)
    return Path(override) if override else root / CACHE_DIR


def write_atomically(path: Path, text: str) -> bool:
    """Write a cache file whole or not at all (a reader in another edition's worker never sees
    half of it); False when it cannot be written: a cache is then simply not kept."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        Path(temp).replace(path)
    except OSError:
        return False
    return True
