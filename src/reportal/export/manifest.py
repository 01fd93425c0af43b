"""Archive manifests: what one archived edition holds, hash by hash.

A manifest (JSON, sorted keys) records the edition, the version, the commit, the build time
(``SOURCE_DATE_EPOCH``), every file's SHA-256 and size, and for each report its number, status
and the hashes of its source Markdown, its issued content (front matter without ``status`` plus
body; see ``export/immutability.py``), its rendered page and its PDF when present.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

from reportal.model.frontmatter import parse_front_matter
from reportal.model.report import Report

FORMAT = "reportal-archive/1"
MANIFEST_SUFFIX_JSON = ".manifest.json"
PAGE_NAMES = ("index.html",)


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


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


def content_sha256(text: str, file: str = "") -> str:
    """Hash of a report's issued content: front matter without ``status``, plus the body.

    The status may change from ``approved`` to ``superseded`` when an amendment is issued;
    nothing else of an issued report may change in place. Line endings do not count: the
    same report read from disk (``\n``) and from ``git show`` (``\r\n`` as committed from
    Windows) hashes the same.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    front = parse_front_matter(text, file)
    data = {key: value for key, value in front.data.items() if key != "status"}
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return sha256_bytes((canonical + "\n" + front.body).encode("utf-8"))


def report_entry(root: Path, report: Report, files: dict[str, str]) -> dict[str, Any]:
    text = (root / report.path).read_text(encoding="utf-8")
    page = find_built(files, report.number, PAGE_NAMES)
    pdf = find_built(files, report.number, (f"{report.number}.pdf",), by_name=True)
    return {
        "number": report.number,
        "status": report.status.value,
        "source": report.path,
        "source_sha256": sha256_bytes((root / report.path).read_bytes()),
        "content_sha256": content_sha256(text, report.path),
        "page": page,
        "page_sha256": files.get(page) if page else None,
        "pdf": pdf,
        "pdf_sha256": files.get(pdf) if pdf else None,
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
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "edition": edition,
        "version": version,
        "commit": commit,
        "source_date_epoch": epoch,
        "build_time": datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z"),
        "files": files,
        "reports": sorted(reports, key=lambda r: r["number"]),
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
