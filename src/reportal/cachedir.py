"""Where the on-disk caches live: ``REPORTAL_CACHE_DIR`` when set (a build points its edition
workers at the portal's own cache), else ``.reportal-cache/`` in the portal."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR = ".reportal-cache"
CACHE_VARIABLE = "REPORTAL_CACHE_DIR"


def cache_dir(root: Path) -> Path:
    override = os.environ.get(CACHE_VARIABLE)
    return Path(override) if override else root / CACHE_DIR


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file (readers, such as another edition's
    worker, never see half a file); a cache that cannot be written is simply not used."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
    except OSError:
        return
