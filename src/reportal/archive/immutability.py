"""Issued reports are immutable (ISO/IEC 17025 §7.8.8): amend by a new report, never in place.

``check_against(portal, ref)`` compares the portal with a reference: an archive manifest (or
its ``.tar``, or an archive folder holding manifests) or a git ref (``HEAD~1``, ``v2026.10``). Every
report that was issued in the reference (``approved`` or ``superseded``) must keep its content:
its front matter except ``status`` and its body (``manifest.content_sha256``). The status may
move from ``approved`` to ``superseded`` (or ``withdrawn``); an issued report may not disappear.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from reportal.archive.manifest import (
    MANIFEST_SUFFIX_JSON,
    content_sha256,
    load_manifest,
    manifest_path_of,
)
from reportal.git import git_output
from reportal.issues import Issue
from reportal.model.frontmatter import parse_front_matter
from reportal.model.portal import Portal
from reportal.model.report import Status

ISSUED = tuple(status.value for status in Status if status.is_issued)  # approved, superseded
ALLOWED_STATUS_AFTER_ISSUE = {"approved", "superseded", "withdrawn"}


@dataclass(frozen=True)
class IssuedReport:
    """A report as issued in the reference: path, number, status and content hash."""

    path: str
    number: str
    status: str
    content_sha256: str


def check_against(portal: Portal, ref: str) -> list[Issue]:
    """Issues for every issued report of ``ref`` changed or removed in ``portal``."""
    issued, issues = load_reference(portal.root, ref, portal.registry.settings.reports_dir)
    for old in issued:
        issues.extend(_compare(portal, old, ref))
    return issues


def load_reference(
    root: Path, ref: str, reports_dir: str = "reports"
) -> tuple[list[IssuedReport], list[Issue]]:
    """Issued reports of ``ref`` (archive manifest/folder or git ref)."""
    path = Path(ref)
    if not path.is_absolute():
        path = root / ref if (root / ref).exists() else Path.cwd() / ref
    if path.exists():
        return _from_archive(path, ref)
    return _from_git(root, ref, reports_dir)


def _from_archive(path: Path, ref: str) -> tuple[list[IssuedReport], list[Issue]]:
    if path.suffix == ".tar":
        manifests = [manifest_path_of(path)]
    elif path.is_dir():
        manifests = sorted(path.rglob(f"*{MANIFEST_SUFFIX_JSON}"))
    else:
        manifests = [path]
    found: dict[str, IssuedReport] = {}
    for manifest_path in manifests:
        manifest = load_manifest(manifest_path)
        if manifest is None:
            message = f"{manifest_path.name} is not a Reportal archive manifest"
            return [], [Issue(ref, None, "against", "I003", message)]
        for entry in manifest.get("reports") or []:
            report = _issued_from_entry(entry)
            if report is not None:
                found.setdefault(report.number, report)
    return sorted(found.values(), key=lambda r: r.path), []


def _issued_from_entry(entry: object) -> IssuedReport | None:
    if not isinstance(entry, dict) or entry.get("status") not in ISSUED:
        return None
    return IssuedReport(
        str(entry.get("source")),
        str(entry.get("number")),
        str(entry["status"]),
        str(entry.get("content_sha256")),
    )


def _from_git(root: Path, ref: str, reports_dir: str) -> tuple[list[IssuedReport], list[Issue]]:
    names = _git(root, "ls-tree", "-r", "--name-only", "--full-name", ref, "--", reports_dir)
    if names is None:
        message = f'"{ref}" is neither an archive (manifest, .tar or folder) nor a git ref'
        hint = "pass archive/<edition>/<version>.manifest.json or a ref such as HEAD~1"
        return [], [Issue(ref, None, "against", "I002", message, hint)]
    prefix = _git(root, "rev-parse", "--show-prefix") or ""
    changed = _git(root, "diff", "--name-only", "--no-renames", ref, "--", reports_dir)
    differing = set(changed.splitlines()) if changed is not None else None
    found: list[IssuedReport] = []
    for name in names.splitlines():
        if not name.endswith(".md") or (differing is not None and name not in differing):
            continue  # a report the working tree holds as the reference does cannot differ
        text = _git(root, "show", f"{ref}:{name}")
        rel = name.removeprefix(prefix.strip())
        report = _issued_from_text(rel, text) if text is not None else None
        if report is not None:
            found.append(report)
    return found, []


def _issued_from_text(rel: str, text: str) -> IssuedReport | None:
    data = parse_front_matter(text, rel).data
    status, number = str(data.get("status", "")), str(data.get("number", ""))
    if status not in ISSUED or not number:
        return None
    return IssuedReport(rel, number, status, content_sha256(text, rel))


def _git(root: Path, *args: str) -> str | None:
    return git_output(root, *args, strip=False)


def _compare(portal: Portal, old: IssuedReport, ref: str) -> list[Issue]:
    current = portal.report(old.number)
    path = current.path if current is not None else old.path
    source = portal.root / path
    if current is None or not source.is_file():
        message = f"issued report {old.number} (issued in {ref}) is gone from the portal"
        hint = "issued reports stay in the portal; withdraw or supersede them instead"
        return [Issue(old.path, None, "number", "I001", message, hint)]
    issues = []
    text = source.read_text(encoding="utf-8")
    if content_sha256(text, path) != old.content_sha256:
        message = f"issued report {old.number} was changed in place since {ref}"
        hint = (
            "restore the issued text and issue a new report number with "
            f"`supersedes: {old.number}` and `amendment_reason: ...` (ISO/IEC 17025 §7.8.8)"
        )
        issues.append(Issue(path, 1, None, "I001", message, hint))
    if current.status.value not in ALLOWED_STATUS_AFTER_ISSUE:
        message = f'issued report {old.number} went back to "{current.status.value}"'
        hint = "an issued report stays approved, superseded or withdrawn"
        issues.append(Issue(path, current.line_of("status"), "status", "I001", message, hint))
    return issues


def default_reference(root: Path) -> str | None:
    """The default branch to compare issued reports with when ``--against`` is not given:
    ``origin/HEAD``'s branch, else ``main`` or ``master``; None outside a git checkout."""
    if _git(root, "rev-parse", "--is-inside-work-tree") is None:
        return None
    remote = _git(root, "rev-parse", "--abbrev-ref", "origin/HEAD")
    candidates = [remote.strip()] if remote and remote.strip() != "origin/HEAD" else []
    for ref in (*candidates, "main", "master"):
        if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}") is not None:
            return ref
    return None


def git_commit(root: Path) -> str | None:
    """The commit of HEAD when ``root`` is in a git checkout."""
    text = _git(root, "rev-parse", "HEAD")
    return text.strip() if text else None
