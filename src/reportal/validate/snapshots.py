"""Report snapshots beside the reports: read once with the portal, then checked.

``read_snapshots`` reads every ``*.snapshot.json`` under the reports folder into
``portal.snapshots`` (by report path). ``check_snapshots`` then reports:

- S001 (warning) an approved report without a snapshot: it still renders from today's exports;
- S002 a report whose issued content changed after it was frozen (the snapshot holds its hash);
- S003 a snapshot edited by hand (it holds its own hash);
- S004 a snapshot that is not valid, or whose number, customer or period is not its report's;
- S005 a snapshot with no report beside it;
- S006 (warning) a snapshot beside a draft or a report in review (it is not used).

Data drift (figures that would differ if recomputed today) needs the KPI engine: see
``reportal.kpi.drift``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from reportal.issues import Issue, Severity
from reportal.model.report import Report, Status
from reportal.model.snapshot import LoadedSnapshot, snapshot_path
from reportal.validate.snapshot_index import SnapshotIndex

if TYPE_CHECKING:
    from reportal.model.portal import Portal

FIELD = "snapshot"
FREEZE_HINT = "run `reportal freeze` and commit the snapshot with the approval"


def read_snapshots(portal: Portal, reports_dir: Path, index_dir: Path | None = None) -> list[Issue]:
    """Read every snapshot file below ``reports_dir``; a file that is not one is an S004.

    With ``index_dir`` (the cache folder) an unchanged file's header is looked up by its hash
    instead of parsed again (``snapshot_index``)."""
    issues: list[Issue] = []
    files = sorted(reports_dir.rglob("*.snapshot.json")) if reports_dir.is_dir() else []
    index = SnapshotIndex.open(index_dir)
    for path in files:
        rel = path.relative_to(portal.root).as_posix()
        portal.snapshot_files.append(rel)
        try:
            loaded = index.load(path.read_bytes(), path.absolute())
        except (UnicodeDecodeError, ValueError) as error:
            issues.append(Issue(rel, _error_line(error), None, "S004", f"not a snapshot: {error}"))
            continue
        portal.snapshots[rel.removesuffix(".snapshot.json") + ".md"] = loaded
    if not portal.staged:  # an edition's stage holds some snapshots: it must not shrink the index
        index.save()
    return issues


def check_snapshots(portal: Portal) -> list[Issue]:
    issues: list[Issue] = []
    paths = {report.path for report in portal.reports}
    paths |= {rejected.path for rejected in portal.rejected}
    for report in portal.reports:
        issues += _check_report(portal, report, portal.snapshots.get(report.path))
    for report_path, loaded in portal.snapshots.items():
        if report_path not in paths and not _rejected_elsewhere(portal, report_path):
            issues.append(_orphan(report_path, loaded))
    return issues


def _check_report(portal: Portal, report: Report, loaded: LoadedSnapshot | None) -> list[Issue]:
    rel = snapshot_path(report.path)
    if loaded is None:
        if report.status is Status.APPROVED:
            return [_missing(report)]
        return []
    snapshot = loaded.header
    if not loaded.intact:
        message = "the snapshot was changed by hand: its content no longer matches its hash"
        hint = "restore it from git; a snapshot is only ever written by `reportal freeze`"
        return [Issue(rel, loaded.hash_line, "snapshot_sha256", "S003", message, hint)]
    found = (snapshot.number, snapshot.customer, snapshot.period)
    wanted = (report.number, report.customer, report.period.text)
    if found != wanted:
        message = f"the snapshot is of {' '.join(found)}, not of {' '.join(wanted)}"
        return [Issue(rel, 1, "number", "S004", message, "freeze the report again")]
    if not report.renders_frozen:
        message = f'the report is "{report.status.value}": its snapshot is not used'
        hint = "delete the snapshot, or freeze again once the report is approved"
        return [Issue(rel, 1, FIELD, "S006", message, hint, Severity.WARNING)]
    if not portal.content_matches(report, snapshot):
        return [_changed(report)]
    return []


def _missing(report: Report) -> Issue:
    return Issue(
        report.path,
        report.line_of("status"),
        "status",
        "S001",
        "the report is approved but has no snapshot: its figures would still follow today's "
        "exports",
        FREEZE_HINT,
        Severity.WARNING,
    )


def _changed(report: Report) -> Issue:
    return Issue(
        report.path,
        report.line_of("number"),
        FIELD,
        "S002",
        "the report was changed after it was issued and frozen (its front matter or body no "
        f"longer hashes to the content in {snapshot_path(report.path).rsplit('/', 1)[-1]})",
        f"restore the issued text, or issue an amendment: reportal new --amend {report.number}",
    )


def _orphan(report_path: str, loaded: LoadedSnapshot) -> Issue:
    rel = snapshot_path(report_path)
    message = f"the snapshot of {loaded.header.number} has no report {report_path} beside it"
    return Issue(rel, 1, FIELD, "S005", message, "delete it, or restore the report")


def _rejected_elsewhere(portal: Portal, report_path: str) -> bool:
    """A report file that exists but failed validation has its own errors already."""
    return (portal.root / report_path).is_file()


def _error_line(error: Exception) -> int:
    text = str(error)
    marker = "(line "
    if marker in text:
        digits = text.split(marker, 1)[1].split(":", 1)[0]
        if digits.isdigit():
            return int(digits)
    return 1
