"""Build records: what a published edition was built from.

``<edition>/.reportal-build.json`` (JSON, sorted keys) holds the portal's git commit (None
outside git), ``dirty`` (tracked files of the portal or untracked files under the reports or data
folder differed from that commit; None when unknown), the build time (``SOURCE_DATE_EPOCH``) and,
for each report the edition holds, its number, status, source path and the SHA-256 of its source
and of its issued content (``content_sha256``: front matter without ``status``, plus the body),
and for an issued report its ``approval`` provenance (commit, merge, pull request) from git.

``publish/atomic.py`` writes it into the staged edition after the build and before the scan, so it
is checked like every other file and swapped in atomically with the pages it describes. A customer
edition's record lists only that edition's reports. ``reportal archive`` reads it, so that an
archive describes what was built rather than the working tree at archive time.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from reportal.git import git_output
from reportal.model.content import content_sha256, sha256_bytes
from reportal.model.report import Report
from reportal.model.snapshot import LoadedSnapshot, Snapshot


class ApprovalRecord(Protocol):
    """An approval's provenance as the record stores it (``site/approvals.Approval``)."""

    def as_dict(self) -> dict[str, Any]: ...


RECORD_NAME = ".reportal-build.json"
RECORD_FORMAT = "reportal-build/1"


@dataclass(frozen=True)
class Provenance:
    """The commit a build started from and whether the working tree differed from it."""

    commit: str | None
    dirty: bool | None


def build_time(epoch: int) -> str:
    """``SOURCE_DATE_EPOCH`` as ISO 8601 UTC, e.g. ``2026-09-21T14:13:20Z``."""
    return datetime.fromtimestamp(epoch, UTC).isoformat().replace("+00:00", "Z")


def report_record(
    root: Path,
    report: Report,
    frozen: LoadedSnapshot | None = None,
    exports: dict[str, str] | None = None,
    approval: ApprovalRecord | None = None,
) -> dict[str, Any]:
    """Number, status, source path and hashes of ``report`` as its source reads now; the hash
    of the snapshot it renders from (None: rendered live), the SHA-256 of every export its
    figures come from (the snapshot's when frozen, else ``exports``), and for an issued report
    in a git checkout its ``approval``: the commit and merge that brought it to the default
    branch (``portal/approvals.py``; None otherwise)."""
    data = (root / report.path).read_bytes()
    return {
        "number": report.number,
        "status": report.status.value,
        "source": report.path,
        "source_sha256": sha256_bytes(data),
        "content_sha256": content_sha256(data.decode("utf-8"), report.path),
        "snapshot_sha256": frozen.stored_sha256 if frozen is not None else None,
        "exports": snapshot_exports(frozen.header) if frozen is not None else dict(exports or {}),
        "approval": approval.as_dict() if approval is not None else None,
    }


def snapshot_exports(snapshot: Snapshot) -> dict[str, str]:
    """``{export path: SHA-256}`` of every file a snapshot was computed from."""
    files: dict[str, str] = {}
    for source in snapshot.sources.values():
        files.update(source.get("files") or {})
    return dict(sorted(files.items()))


def record_build_time(epoch: int, dirty: bool | None) -> str:
    """When the build ran: ``SOURCE_DATE_EPOCH`` when it is set, and the build's epoch (the
    commit time) for a clean checkout, so two builds of one commit are byte-identical. On a
    dirty tree the commit time would claim an older build than the one that ran: the clock."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return build_time(int(value))
    if dirty:
        return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return build_time(epoch)


def make_record(
    edition: str, provenance: Provenance, epoch: int, reports: list[dict[str, Any]]
) -> dict[str, Any]:
    return {
        "format": RECORD_FORMAT,
        "edition": edition,
        "commit": provenance.commit,
        "dirty": provenance.dirty,
        "source_date_epoch": epoch,
        "build_time": record_build_time(epoch, provenance.dirty),
        "reports": sorted(reports, key=lambda r: r["number"]),
    }


def write_record(edition_dir: Path, record: dict[str, Any]) -> None:
    text = json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    (edition_dir / RECORD_NAME).write_text(text, encoding="utf-8")


def load_record(edition_dir: Path) -> dict[str, Any] | None:
    """The build record of a published edition, or None (none, unreadable or another format)."""
    try:
        data = json.loads((edition_dir / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
        return None
    if not isinstance(data.get("source_date_epoch"), int) or not isinstance(
        data.get("reports"), list
    ):
        return None
    return data


def read_provenance(root: Path, source_dirs: tuple[str, ...]) -> Provenance:
    """HEAD of the git checkout holding ``root`` and whether the portal differs from it."""
    commit = git_output(root, "rev-parse", "HEAD")
    if not commit:
        return Provenance(None, None)
    tracked = git_output(root, "status", "--porcelain", "--untracked-files=no", "--", ".")
    untracked = git_output(root, "ls-files", "--others", "--exclude-standard", "--", *source_dirs)
    dirty = None if tracked is None or untracked is None else bool(tracked or untracked)
    return Provenance(commit, dirty)
