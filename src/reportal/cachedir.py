"""Where the on-disk caches live: ``REPORTAL_CACHE_DIR`` when set (a build points its edition
workers at the portal's own cache), else ``.reportal-cache/`` in the portal; how a cache file is
written and read; and the stamp of the code a cache's entries were made by (``code_stamp``)."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

CACHE_DIR = ".reportal-cache"
CACHE_VARIABLE = "REPORTAL_CACHE_DIR"
PAGES_DIR = "pages"  # converted pages (site/page_cache.py)
NO_MEMO = "REPORTAL_NO_PAGE_CACHE"  # set: every report is read and checked again (memos off)


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


PACKAGE = Path(__file__).resolve().parent
"""The ``reportal`` package folder, whose files ``code_stamp`` hashes."""


@cache
def code_stamp(*patterns: str, packages: tuple[str, ...] = ()) -> str:
    """A hash of the package files matching ``patterns`` (globs under ``reportal/``, e.g.
    ``"kpi/**/*.py"``: each file's path and bytes, in path order) and of the installed versions
    of ``packages`` (distribution names). A cache keyed with it is not reused by other code;
    computed once per process and set of arguments."""
    return files_stamp(PACKAGE, patterns, packages)


def files_stamp(package: Path, patterns: Iterable[str], packages: Iterable[str] = ()) -> str:
    """``code_stamp`` of the package at ``package``, not cached (a test hashes a copy)."""
    digest = hashlib.sha256()
    paths = {path for pattern in patterns for path in package.glob(pattern) if path.is_file()}
    for path in sorted(paths):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    for name in packages:
        digest.update(f"\0{name}={_version(name)}".encode())
    return digest.hexdigest()


def _version(distribution: str) -> str:
    try:
        return version(distribution)
    except PackageNotFoundError:
        return "-"
