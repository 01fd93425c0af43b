"""Archive manifests: what one archived edition holds, hash by hash.

A manifest (JSON, sorted keys) records the edition, the version, the commit, the build time
(``SOURCE_DATE_EPOCH``), every file's SHA-256 and size, and for each report its number, status
and the hashes of its source Markdown, its issued content (front matter without ``status`` plus
body; see ``archive/immutability.py``), its rendered page and its PDF when present, and for an
issued report its approval provenance (``approval``: commit, merge and pull request from git,
``portal/approvals.py``; None outside git).

Commit, ``dirty``, build time and the report entries are copied from the edition's build record
(``.reportal-build.json``, ``publish/buildrecord.py``; ``provenance: "build-record"``), so they
describe what was built. Only for an edition without one (built by an older Reportal or by bare
MkDocs) are they read from the working tree at archive time (``provenance: "working-tree"``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import Any

from reportal.model.content import content_sha256 as content_sha256
from reportal.model.content import sha256_bytes as sha256_bytes
from reportal.model.report import Report
from reportal.model.snapshot import SNAPSHOT_SUFFIX
from reportal.publish.buildrecord import build_time, report_record

FORMAT = "reportal-archive/1"
MANIFEST_SUFFIX_JSON = ".manifest.json"
PAGE_NAMES = ("index.html",)
REPORT_KEYS = (
    "number",
    "status",
    "source",
    "source_sha256",
    "content_sha256",
    "snapshot_sha256",
    "exports",
    "approval",
)


def manifest_path_of(tar_path: Path) -> Path:
    """The manifest beside an archive: ``<version>.tar`` -> ``<version>.manifest.json``."""
    return tar_path.with_name(tar_path.name.removesuffix(".tar") + MANIFEST_SUFFIX_JSON)


def file_entries(edition_dir: Path) -> list[dict[str, Any]]:
    """``[{"path", "sha256", "size"}]`` of every file below ``edition_dir``, sorted by path."""
    entries = []
    for path in (p for p in edition_dir.rglob("*") if p.is_file()):
        data = path.read_bytes()
        rel = path.relative_to(edition_dir).as_posix()
        entries.append({"path": rel, "sha256": sha256_bytes(data), "size": len(data)})
    return sorted(entries, key=lambda e: e["path"])


def report_entry(root: Path, report: Report, files: dict[str, str]) -> dict[str, Any]:
    """The manifest entry of ``report`` as its source reads now (no build record)."""
    return with_built_files(report_record(root, report), files)


def with_built_files(entry: dict[str, Any], files: dict[str, str]) -> dict[str, Any]:
    """A report entry (number, status, source, hashes) plus its built page and PDF."""
    number = str(entry.get("number"))
    page = find_built(files, number, PAGE_NAMES)
    pdf = find_built(files, number, (f"{number}.pdf",), by_name=True)
    snapshot = find_built(files, number, (f"{number}{SNAPSHOT_SUFFIX}",), by_name=True)
    return {
        **{key: entry.get(key) for key in REPORT_KEYS},
        "page": page,
        "page_sha256": files.get(page) if page else None,
        "pdf": pdf,
        "pdf_sha256": files.get(pdf) if pdf else None,
        "snapshot": snapshot if entry.get("snapshot_sha256") else None,
    }


def find_built(
    files: dict[str, str], number: str, names: Iterable[str], by_name: bool = False
) -> str | None:
    """The built file of report ``number``: ``.../<number>/index.html`` or ``<number>.pdf``."""
    wanted = tuple(names)
    for rel in sorted(files):
        parts = PurePosixPath(rel).parts
        if by_name and parts[-1] in wanted:
            return rel
        if not by_name and len(parts) >= 2 and parts[-2] == number and parts[-1] in wanted:
            return rel
    return None


def make_manifest(
    edition: str,
    version: str,
    commit: str | None,
    epoch: int,
    files: list[dict[str, Any]],
    reports: list[dict[str, Any]],
    dirty: bool | None = None,
    recorded: bool = False,
) -> dict[str, Any]:
    """``recorded``: commit, build time and reports come from the edition's build record
    (``provenance: "build-record"``), else from the working tree at archive time."""
    return {
        "format": FORMAT,
        "edition": edition,
        "version": version,
        "commit": commit,
        "dirty": dirty,
        "provenance": "build-record" if recorded else "working-tree",
        "source_date_epoch": epoch,
        "build_time": build_time(epoch),
        "files": files,
        "reports": sorted(reports, key=lambda r: str(r.get("number"))),
    }


def dump_manifest(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def load_manifest(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def unsafe_path(rel: object) -> bool:
    """True for anything but a plain relative POSIX path (absolute, ``..``, backslash, empty)."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        return True
    path = PurePosixPath(rel)
    return path.is_absolute() or ".." in path.parts or rel.startswith("~")
