"""Where the on-disk caches live: ``REPORTAL_CACHE_DIR`` when set (a build points its edition
workers at the portal's own cache), else ``.reportal-cache/`` in the portal."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

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


def read_versioned(path: Path, version: str) -> dict[str, Any]:
    """A cache file written as ``{"format": version, ...}``; empty when it is missing, unreadable
    or of another version (the cache is then rebuilt, never an error)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) and data.get("format") == version else {}
