"""``reportal verify ARCHIVE``: recompute an archived edition and name every difference.

``ARCHIVE`` is a ``<version>.tar`` (its manifest sits beside it) or the manifest itself. Every
member of the tar is hashed again and compared with the manifest: changed, missing and extra
files are named one by one; manifest entries or tar members with ``..``, an absolute path or
anything but a plain file are rejected before anything is compared; report entries must point
at files of the archive with the same hashes. When the archive holds the edition's build record
(``.reportal-build.json``), the manifest's commit, build time and report entries (number, status,
source path and hashes) must be the ones it records.
"""

from __future__ import annotations

import json
import tarfile
from collections import Counter
from pathlib import Path
from typing import Any

from reportal.archive.manifest import (
    MANIFEST_SUFFIX_JSON,
    REPORT_KEYS,
    load_manifest,
    manifest_path_of,
    sha256_bytes,
    unsafe_path,
)
from reportal.issues import Issue
from reportal.model.snapshot import parse_snapshot
from reportal.publish.buildrecord import RECORD_NAME


def verify_archive(archive: Path) -> list[Issue]:
    """Every finding about ``archive`` (empty: the archive is intact)."""
    tar_path, manifest_path = _pair(archive)
    label = tar_path.name
    manifest = load_manifest(manifest_path)
    if manifest is None:
        return [_finding(manifest_path.name, "manifest is missing or not a Reportal manifest")]
    issues = _check_manifest_paths(manifest, manifest_path.name)
    if issues:
        return issues
    if not tar_path.is_file():
        return [_finding(label, "archive file is missing")]
    data = tar_path.read_bytes()
    if manifest.get("archive_sha256") not in (None, sha256_bytes(data)):
        issues.append(_finding(label, "archive SHA-256 differs from the manifest"))
    members, member_issues = read_members(tar_path)
    issues.extend(member_issues)
    issues.extend(compare_files(manifest, members, label))
    issues.extend(_check_reports(manifest, members, label))
    issues.extend(_check_snapshots(manifest, tar_path, label))
    if manifest.get("provenance") == "build-record" and RECORD_NAME in members and not issues:
        issues.extend(check_record(manifest, _read_record(tar_path), label))
    return issues


def _pair(archive: Path) -> tuple[Path, Path]:
    if archive.name.endswith(MANIFEST_SUFFIX_JSON):
        stem = archive.name.removesuffix(MANIFEST_SUFFIX_JSON)
        return archive.with_name(stem + ".tar"), archive
    return archive, manifest_path_of(archive)


def _check_manifest_paths(manifest: dict[str, Any], label: str) -> list[Issue]:
    issues = []
    for entry in _list(manifest.get("files")):
        path = entry.get("path") if isinstance(entry, dict) else None
        if unsafe_path(path):
            issues.append(_finding(label, f'unsafe path in the manifest: "{path}" (rejected)'))
    paths = Counter(e.get("path") for e in _list(manifest.get("files")) if isinstance(e, dict))
    issues += [
        _finding(label, f'"{path}" is listed {count} times in the manifest (rejected)')
        for path, count in sorted(paths.items(), key=str)
        if count > 1
    ]
    for report in _list(manifest.get("reports")):
        for key in ("page", "pdf", "snapshot"):
            value = report.get(key) if isinstance(report, dict) else None
            if value is not None and unsafe_path(value):
                issues.append(_finding(label, f'unsafe {key} path in the manifest: "{value}"'))
    return issues


def read_members(tar_path: Path) -> tuple[dict[str, str], list[Issue]]:
    """``{member name: SHA-256}`` of the tar's regular files; unsafe members are findings."""
    members: dict[str, str] = {}
    issues: list[Issue] = []
    try:
        with tarfile.open(tar_path, mode="r:") as tar:
            for info in tar:
                if unsafe_path(info.name) or not info.isfile():
                    issues.append(
                        _finding(tar_path.name, f'unsafe member "{info.name}" (rejected)')
                    )
                    continue
                handle = tar.extractfile(info)
                members[info.name] = sha256_bytes(handle.read() if handle else b"")
    except (tarfile.TarError, OSError) as error:
        issues.append(_finding(tar_path.name, f"cannot read the archive: {error}"))
    return members, issues


def compare_files(manifest: dict[str, Any], members: dict[str, str], label: str) -> list[Issue]:
    """Changed, missing and extra files, one finding each, sorted by path."""
    expected = {
        str(e["path"]): str(e.get("sha256"))
        for e in _list(manifest.get("files"))
        if isinstance(e, dict) and "path" in e
    }
    issues = []
    for path in sorted(expected.keys() | members.keys()):
        if path not in members:
            issues.append(_finding(f"{label}:{path}", "missing: listed in the manifest"))
        elif path not in expected:
            issues.append(_finding(f"{label}:{path}", "extra: not listed in the manifest"))
        elif members[path] != expected[path]:
            message = (
                f"changed: SHA-256 {members[path]} in the archive, {expected[path]} in the manifest"
            )
            issues.append(_finding(f"{label}:{path}", message))
    return issues


def _check_reports(manifest: dict[str, Any], members: dict[str, str], label: str) -> list[Issue]:
    issues = []
    for report in _list(manifest.get("reports")):
        if not isinstance(report, dict):
            continue
        for key in ("page", "pdf"):
            path, digest = report.get(key), report.get(f"{key}_sha256")
            if path is not None and members.get(str(path)) != digest:
                number = report.get("number")
                issues.append(_finding(f"{label}:{path}", f"{key} of {number} differs or is gone"))
    return issues


def _check_snapshots(manifest: dict[str, Any], tar_path: Path, label: str) -> list[Issue]:
    """Each frozen report's archived snapshot must hash to itself and to the manifest's
    ``snapshot_sha256``, and hold the manifest's issued content."""
    issues = []
    for report in _list(manifest.get("reports")):
        if not isinstance(report, dict) or not report.get("snapshot"):
            continue
        path, number = str(report["snapshot"]), report.get("number")
        try:
            loaded = parse_snapshot(_read_member(tar_path, path).decode("utf-8"))
        except (ValueError, UnicodeDecodeError, KeyError, OSError, tarfile.TarError):
            issues.append(_finding(f"{label}:{path}", f"snapshot of {number} cannot be read"))
            continue
        expected = report.get("snapshot_sha256")
        if not loaded.intact or loaded.snapshot.sha256 != expected:
            found = loaded.snapshot.sha256
            message = f"snapshot of {number} differs: expected {expected}, found {found}"
            issues.append(_finding(f"{label}:{path}", message))
        elif loaded.snapshot.content_sha256 != report.get("content_sha256"):
            message = f"snapshot of {number} was computed for other content than the report's"
            issues.append(_finding(f"{label}:{path}", message))
    return issues


def _read_member(tar_path: Path, name: str) -> bytes:
    with tarfile.open(tar_path, mode="r:") as tar:
        handle = tar.extractfile(name)
        if handle is None:
            raise KeyError(name)
        return handle.read()


def _read_record(tar_path: Path) -> Any:
    try:
        with tarfile.open(tar_path, mode="r:") as tar:
            handle = tar.extractfile(RECORD_NAME)
            return json.loads(handle.read().decode("utf-8")) if handle else None
    except (tarfile.TarError, OSError, KeyError, UnicodeDecodeError, json.JSONDecodeError):
        return None


def check_record(manifest: dict[str, Any], record: Any, label: str) -> list[Issue]:
    """Findings where the manifest says other than the archived build record."""
    where = f"{label}:{RECORD_NAME}"
    if not isinstance(record, dict):
        return [_finding(where, "the build record in the archive cannot be read")]
    issues = [
        _finding(where, f"{key} differs between the manifest and the build record")
        for key in ("commit", "source_date_epoch")
        if manifest.get(key) != record.get(key)
    ]
    if _report_keys(manifest) != _report_keys(record):
        issues.append(_finding(where, "reports differ between the manifest and the build record"))
    return issues


def _report_keys(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    reports = [r for r in _list(data.get("reports")) if isinstance(r, dict)]
    rows = [tuple(r.get(key) for key in REPORT_KEYS) for r in reports]
    return sorted(rows, key=str)


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _finding(where: str, message: str) -> Issue:
    return Issue(where, None, None, "V001", message)
