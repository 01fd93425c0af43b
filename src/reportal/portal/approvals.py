"""Approval provenance: the commit that last changed each report, and the merge that brought
that commit to the default branch.

An approved report claims its approver in front matter; in a git checkout the history says who
committed the approval and which merge (pull request, merge request) took it into the default
branch. ``read_approvals(root, reports_dir)`` reads that for every report with **one**
``git log`` (plus ``git rev-parse --show-prefix`` to find the portal inside the repository), so a
portal of 3,000 reports costs one walk of the history, not 3,000:

- the *commit* of a report is the newest commit (topological order) whose diff names its file;
- its *merge* is the commit on HEAD's first-parent line (the default branch, where the portal
  is built for publishing) that brought that commit in: a merge whose second (or later) parent
  reaches it while its first parent does not. A commit made on the default branch itself, or a
  squash merge, has no merge; a squash merge's subject still names its pull request ``(#12)``;
- the *request* is ``#12`` from GitHub's "Merge pull request #12 from …" or a squash subject
  "… (#12)", and ``!12`` from GitLab's "See merge request group/project!12".

Outside a git checkout (or without git) there is no provenance, and no error. A shallow clone
(CI's default ``fetch-depth: 1``) would make its oldest commit look like the change of every
report: there is no provenance either, and one warning says to fetch the whole history.

Build workers run in a staged copy of the portal that is no checkout: ``publish/atomic.py`` reads
the approvals once in the real portal and writes them beside the stage (``APPROVALS_FILE``), and the
site plugin reads that file when it is there (``load_approvals``).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from reportal.git import git_output
from reportal.model import strings
from reportal.model.report import Report

APPROVALS_FILE = ".reportal-approvals.json"
SHALLOW_WARNING = (
    "reportal: a shallow git clone holds too little history for approval records; "
    "fetch the whole history (actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)"
)
log = logging.getLogger("reportal.approvals")
_RECORD, _FIELD = "\x1e", "\x1f"
_LOG_FORMAT = f"{_RECORD}%H{_FIELD}%P{_FIELD}%cI{_FIELD}%cn <%ce>{_FIELD}%B{_FIELD}"
_GITHUB = re.compile(r"^Merge pull request #(\d+) from ", re.MULTILINE)
_GITLAB = re.compile(r"^See merge request \S*?!(\d+)\s*$", re.MULTILINE)
_SQUASH = re.compile(r"\(#(\d+)\)\s*$")


@dataclass(frozen=True)
class GitCommit:
    sha: str
    date: str  # committer date, ISO 8601 with offset
    committer: str  # "Name <email>"


@dataclass(frozen=True)
class Approval:
    """Where the approved text of a report entered the default branch."""

    commit: GitCommit
    merge: GitCommit | None = None
    request: str | None = None  # "#12" (GitHub pull request) or "!12" (GitLab merge request)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def rows(self, lang: str) -> list[tuple[str, str]]:
        """``(label, text)`` lines for a page or a PDF cover: hashes in full, committer by
        name (the e-mail stays in the build record and the manifest)."""
        rows = [(strings.text("approval.commit", lang), _commit_text(self.commit, lang))]
        if self.merge is not None:
            rows.append((strings.text("approval.merge", lang), _commit_text(self.merge, lang)))
        if self.request:
            rows.append((strings.text("approval.request", lang), self.request))
        return rows


def approval_label(lang: str) -> str:
    return strings.text("approval.record", lang)


def _commit_text(commit: GitCommit, lang: str) -> str:
    name = commit.committer.split(" <", 1)[0]
    return strings.text("approval.commit_text", lang, sha=commit.sha, date=commit.date, name=name)


@dataclass(frozen=True)
class _Logged:
    commit: GitCommit
    parents: tuple[str, ...]
    message: str
    files: tuple[str, ...]


def read_approvals(root: Path, reports_dir: str) -> dict[str, Approval]:
    """``{report path: Approval}`` for every committed report under ``reports_dir``; empty
    outside a git checkout."""
    answer = git_output(root, "rev-parse", "--is-shallow-repository", "--show-prefix")
    if answer is None:
        return {}
    lines = answer.splitlines()  # "false" / "true", then the prefix (stripped when empty)
    if lines[0] == "true":
        log.warning(SHALLOW_WARNING)
        return {}
    prefix = lines[1] if len(lines) > 1 else ""
    args = ("-c", "core.quotePath=false", "log", "--topo-order", "--name-only", "--no-renames")
    text = git_output(root, *args, f"--format={_LOG_FORMAT}", "HEAD")
    if not text:
        return {}
    logged = _parse_log(text)
    merged_by = _merged_by(logged)
    wanted = f"{prefix}{reports_dir.strip('/')}/"
    approvals: dict[str, Approval] = {}
    for sha, entry in logged.items():  # newest first: the first commit naming a file wins
        for name in entry.files:
            rel = name.removeprefix(prefix)
            if name.startswith(wanted) and name.endswith(".md") and rel not in approvals:
                approvals[rel] = _approval(entry, logged.get(merged_by.get(sha, "")))
    return approvals


def _parse_log(text: str) -> dict[str, _Logged]:
    logged: dict[str, _Logged] = {}
    for record in text.split(_RECORD):
        fields = record.split(_FIELD)
        if len(fields) == 5:  # git_output strips: the last commit's empty file list is gone
            fields.append("")
        if len(fields) != 6:
            continue
        sha, parents, day, committer, message, names = fields
        files = tuple(line.strip() for line in names.splitlines() if line.strip())
        commit = GitCommit(sha.strip(), day, committer)
        logged[commit.sha] = _Logged(commit, tuple(parents.split()), message.strip(), files)
    return logged


def _merged_by(logged: dict[str, _Logged]) -> dict[str, str]:
    """``{commit: the first-parent merge that brought it in}`` along HEAD's first-parent line
    (HEAD is the first commit ``git log`` prints)."""
    chain: list[str] = []
    sha: str | None = next(iter(logged), None)
    while sha is not None and sha in logged:
        chain.append(sha)
        parents = logged[sha].parents
        sha = parents[0] if parents else None
    seen: set[str] = set()
    merged_by: dict[str, str] = {}
    for merge in reversed(chain):  # oldest first: what an earlier merge brought is seen
        stack = list(logged[merge].parents[1:])
        while stack:
            current = stack.pop()
            if current in seen or current not in logged:
                continue
            seen.add(current)
            merged_by[current] = merge
            stack.extend(logged[current].parents)
        seen.add(merge)
    return merged_by


def _approval(entry: _Logged, merge: _Logged | None) -> Approval:
    return Approval(entry.commit, merge.commit if merge else None, _request(entry, merge))


def _request(entry: _Logged, merge: _Logged | None) -> str | None:
    if merge is not None:
        if found := _GITHUB.search(merge.message):
            return f"#{found.group(1)}"
        if found := _GITLAB.search(merge.message):
            return f"!{found.group(1)}"
        return None
    subject = entry.message.splitlines()[0] if entry.message else ""
    found = _SQUASH.search(subject)
    return f"#{found.group(1)}" if found else None


def issued_approvals(
    approvals: Mapping[str, Approval], reports: Iterable[Report]
) -> dict[str, Approval]:
    """The approvals of the issued (approved or superseded) ones of ``reports``."""
    return {
        r.path: approvals[r.path] for r in reports if r.status.is_issued and r.path in approvals
    }


def write_approvals(folder: Path, approvals: Mapping[str, Approval]) -> None:
    data = {path: approval.as_dict() for path, approval in sorted(approvals.items())}
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    (folder / APPROVALS_FILE).write_text(text, encoding="utf-8")


def load_approvals(root: Path, reports_dir: str) -> dict[str, Approval]:
    """The approvals a build shows: from ``APPROVALS_FILE`` in ``root`` (a staged build), else
    from git (``mkdocs build`` or ``serve`` in the checkout itself)."""
    path = root / APPROVALS_FILE
    if not path.is_file():
        return read_approvals(root, reports_dir)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        return {}
    return {rel: _from_dict(value) for rel, value in data.items() if isinstance(value, dict)}


def _from_dict(value: dict[str, Any]) -> Approval:
    merge = value.get("merge")
    return Approval(
        GitCommit(**value["commit"]),
        GitCommit(**merge) if isinstance(merge, dict) else None,
        value.get("request"),
    )
