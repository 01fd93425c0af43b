"""``reportal archive``: a write-once, versioned snapshot of every published edition.

Per edition: ``<archive>/<edition>/<version>.tar`` (members sorted by name, mtime =
``SOURCE_DATE_EPOCH``, uid/gid 0, no owner names, modes 0644) and ``<version>.manifest.json``
beside it (``export/manifest.py``; it also records the tar's own SHA-256). A version is
written once: archiving it again with the same content does nothing, with different content
is refused.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportal.export.manifest import (
    dump_manifest,
    file_entries,
    make_manifest,
    manifest_path_of,
    report_entry,
    sha256_bytes,
)
from reportal.issues import Issue
from reportal.site.editions import Edition, reports_of
from reportal.validate.portal import Portal

VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Archived:
    """One edition's archive: where it went and whether it was new."""

    edition: str
    tar: Path
    manifest: Path
    created: bool


def archive_editions(
    portal: Portal,
    editions: Sequence[Edition],
    site: Path,
    out: Path,
    version: str,
    commit: str | None,
    epoch: int,
) -> tuple[list[Archived], list[Issue]]:
    """Archive each edition published under ``site``; refuse to rewrite an existing version."""
    if not VERSION_PATTERN.match(version):
        hint = "letters, digits, '.', '_' and '-' only, e.g. 2026.11 or 2026-11-28-1a2b3c4"
        return [], [Issue("archive", None, "version", "A001", f'"{version}" is no version', hint)]
    done: list[Archived] = []
    issues: list[Issue] = []
    for edition in editions:
        result, found = _archive_one(portal, edition, site, out, version, commit, epoch)
        issues.extend(found)
        if result is not None:
            done.append(result)
    return done, issues


def archive_paths(out: Path, edition: Edition, version: str) -> tuple[Path, Path]:
    tar_path = out / edition.id / f"{version}.tar"
    return tar_path, manifest_path_of(tar_path)


def _archive_one(
    portal: Portal,
    edition: Edition,
    site: Path,
    out: Path,
    version: str,
    commit: str | None,
    epoch: int,
) -> tuple[Archived | None, list[Issue]]:
    edition_dir = site / edition.out_rel
    if not (edition_dir / "index.html").is_file():
        message = f"no built edition at {edition.out_rel}/ (run `reportal build` first)"
        return None, [Issue(edition.out_rel, None, None, "A002", message)]
    files = file_entries(edition_dir)
    tar_bytes = make_tar(edition_dir, [entry["path"] for entry in files], epoch)
    hashes = {entry["path"]: entry["sha256"] for entry in files}
    reports = [report_entry(portal.root, r, hashes) for r in reports_of(portal, edition)]
    manifest = make_manifest(edition.id, version, commit, epoch, files, reports)
    manifest["archive_sha256"] = sha256_bytes(tar_bytes)
    tar_path, manifest_path = archive_paths(out, edition, version)
    if tar_path.exists() or manifest_path.exists():
        return _compare_existing(edition, tar_path, manifest_path, tar_bytes)
    _write_new(tar_path, tar_bytes)
    _write_new(manifest_path, dump_manifest(manifest))
    return Archived(edition.id, tar_path, manifest_path, True), []


def _compare_existing(
    edition: Edition, tar_path: Path, manifest_path: Path, tar_bytes: bytes
) -> tuple[Archived | None, list[Issue]]:
    rel = f"{edition.id}/{tar_path.name}"
    if tar_path.is_file() and tar_path.read_bytes() == tar_bytes and manifest_path.is_file():
        return Archived(edition.id, tar_path, manifest_path, False), []
    message = (
        f"version {tar_path.stem} of edition {edition.id} is already archived with other content"
    )
    hint = "archived versions are write-once: archive this content under a new --version"
    return None, [Issue(rel, None, "version", "A003", message, hint)]


def make_tar(edition_dir: Path, names: Sequence[str], epoch: int) -> bytes:
    """A reproducible tar of ``names`` (relative to ``edition_dir``), sorted, fixed metadata."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for name in sorted(names):
            data = (edition_dir / name).read_bytes()
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(data), epoch, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _write_new(path: Path, data: bytes) -> None:
    """Create ``path`` (never overwrite) via a temporary file and a hard link: no half-written
    archive remains, and of two concurrent writers of one version only one succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
