"""``reportal archive``: a write-once, versioned snapshot of every published edition.

Per edition: ``<archive>/<edition>/<version>.tar`` (members sorted by name, mtime =
``SOURCE_DATE_EPOCH``, uid/gid 0, no owner names, modes 0644) and ``<version>.manifest.json``
beside it (``archive/manifest.py``; it also records the tar's own SHA-256). A version is
written once: archiving it again with the same content does nothing, with different content
is refused.

The manifest describes what was built: commit, build time and each report's status and hashes
come from the edition's build record (``.reportal-build.json``, written by ``reportal build``;
``publish/buildrecord.py``), which the tar holds like every other file of the edition. An edition
without one is archived from the working tree as before, with a warning. The editions are read
under the site lock (``site.lock``, shared), so a publish cannot swap them halfway through.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tarfile
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reportal.archive.manifest import (
    dump_manifest,
    file_entries,
    make_manifest,
    manifest_path_of,
    sha256_bytes,
    with_built_files,
)
from reportal.issues import Issue
from reportal.model.portal import Portal
from reportal.portal.editions import Edition, reports_of
from reportal.publish.atomic import hold_lock, lock_path
from reportal.publish.buildrecord import RECORD_NAME, load_record, report_record

ARCHIVE_FILE_MODE = 0o644
VERSION_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@dataclass(frozen=True)
class Archived:
    """One edition's archive: where it went and whether it was new."""

    edition: str
    tar: Path
    manifest: Path
    created: bool
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Built:
    """What an edition was built from, as its manifest records it."""

    commit: str | None
    epoch: int
    dirty: bool | None
    reports: list[dict[str, Any]]
    recorded: bool
    warnings: tuple[str, ...] = ()
    built_at: str | None = None  # the build record's build_time


def archive_editions(
    portal: Portal,
    editions: Sequence[Edition],
    site: Path,
    out: Path,
    version: str | None,
    commit: str | None,
    epoch: int,
) -> tuple[list[Archived], list[Issue]]:
    """Archive each edition published under ``site``; refuse to rewrite an existing version.

    ``commit`` and ``epoch`` (the working tree's) count only for an edition without a build
    record. ``version`` None: ``default_version`` of the first edition's build."""
    with reading_site(site):
        if version is None:
            version = _version_of(site / editions[0].out_rel if editions else site, commit, epoch)
        if not VERSION_PATTERN.match(version):
            hint = "letters, digits, '.', '_' and '-' only, e.g. 2026.11 or 2026-11-28-1a2b3c4"
            message = f'"{version}" is no version'
            return [], [Issue("archive", None, "version", "A001", message, hint)]
        done: list[Archived] = []
        issues: list[Issue] = []
        for edition in editions:
            result, found = _archive_one(portal, edition, site, out, version, commit, epoch)
            issues.extend(found)
            if result is not None:
                done.append(result)
        return done, issues


def default_version(epoch: int, commit: str | None) -> str:
    """``YYYY-MM-DD`` of the build time, plus ``-<7 hex of the commit>`` in a git checkout."""
    day = datetime.fromtimestamp(epoch, UTC).strftime("%Y-%m-%d")
    return f"{day}-{commit[:7]}" if commit else day


def _version_of(edition_dir: Path, commit: str | None, epoch: int) -> str:
    record = load_record(edition_dir)
    if record is None:
        return default_version(epoch, commit)
    built_commit = record.get("commit")
    built_commit = built_commit if isinstance(built_commit, str) else None
    return default_version(record["source_date_epoch"], built_commit)


@contextlib.contextmanager
def reading_site(site: Path) -> Iterator[None]:
    """Hold the publish lock of ``site`` shared while reading it: a build waits until the
    editions are read, and a build under way is finished (swapped or not) before they are."""
    with contextlib.ExitStack() as stack:
        site = site.absolute()
        if site.parent.is_dir():
            with contextlib.suppress(OSError):  # a read-only copy: nobody publishes into it
                stack.enter_context(hold_lock(lock_path(site), shared=True))
        yield


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
    built = built_state(portal, edition, edition_dir, commit, epoch)
    files = file_entries(edition_dir)
    tar_bytes = make_tar(edition_dir, [entry["path"] for entry in files], built.epoch)
    hashes = {entry["path"]: entry["sha256"] for entry in files}
    reports = [with_built_files(entry, hashes) for entry in built.reports]
    manifest = make_manifest(
        edition.id, version, built.commit, built.epoch, files, reports, built.dirty, built.recorded
    )
    if built.built_at:
        manifest["build_time"] = built.built_at
    manifest["archive_sha256"] = sha256_bytes(tar_bytes)
    tar_path, manifest_path = archive_paths(out, edition, version)
    if tar_path.exists() or manifest_path.exists():
        return _compare_existing(edition, tar_path, manifest_path, tar_bytes, built.warnings)
    _write_new(tar_path, tar_bytes)
    _write_new(manifest_path, dump_manifest(manifest))
    return Archived(edition.id, tar_path, manifest_path, True, built.warnings), []


def built_state(
    portal: Portal, edition: Edition, edition_dir: Path, commit: str | None, epoch: int
) -> Built:
    """The edition's build record; without one, the working tree now (and a warning)."""
    record = load_record(edition_dir)
    if record is None or record.get("edition") != edition.id:
        return _working_tree_state(portal, edition, commit, epoch)
    reports = [entry for entry in record["reports"] if isinstance(entry, dict)]
    built_commit, dirty = record.get("commit"), record.get("dirty")
    return Built(
        built_commit if isinstance(built_commit, str) else None,
        record["source_date_epoch"],
        dirty if isinstance(dirty, bool) else None,
        reports,
        True,
        _stale(portal, edition, reports),
        str(record.get("build_time") or "") or None,
    )


def _working_tree_state(portal: Portal, edition: Edition, commit: str | None, epoch: int) -> Built:
    reports = [report_record(portal.root, r) for r in reports_of(portal, edition)]
    warning = (
        f"{edition.out_rel}/ has no build record ({RECORD_NAME}; built by an older Reportal or"
        " by bare MkDocs): its manifest records the commit, build time, statuses and source"
        " hashes of the working tree now, which may differ from what was built; run"
        " `reportal build` and archive again to record the built state"
    )
    return Built(commit, epoch, None, reports, False, (warning,))


def _stale(portal: Portal, edition: Edition, recorded: list[dict[str, Any]]) -> tuple[str, ...]:
    """A warning when the edition's report sources changed since the build."""
    built = {str(entry.get("number")): entry.get("source_sha256") for entry in recorded}
    now = {
        r.number: sha256_bytes((portal.root / r.path).read_bytes())
        for r in reports_of(portal, edition)
    }
    changed = sorted(n for n in built.keys() | now.keys() if built.get(n) != now.get(n))
    if not changed:
        return ()
    shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
    return (
        f"{edition.out_rel}/ is stale: {len(changed)} report(s) changed since it was built"
        f" ({shown}); the archive records the built state; run `reportal build` to publish"
        " the current sources",
    )


def _compare_existing(
    edition: Edition,
    tar_path: Path,
    manifest_path: Path,
    tar_bytes: bytes,
    warnings: tuple[str, ...],
) -> tuple[Archived | None, list[Issue]]:
    rel = f"{edition.id}/{tar_path.name}"
    if tar_path.is_file() and tar_path.read_bytes() == tar_bytes and manifest_path.is_file():
        return Archived(edition.id, tar_path, manifest_path, False, warnings), []
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
        os.fchmod(fd, ARCHIVE_FILE_MODE)  # readable like the published site (mkstemp: 0600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)
