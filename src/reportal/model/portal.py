"""A loaded portal: the registry, the reports whose front matter is valid, every issue found,
and the frozen snapshots beside the reports. ``validate.portal.load_portal`` makes it once per
command; every stage after that takes this value, never a path."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from reportal.issues import Issue
from reportal.model.registry import Registry
from reportal.model.report import Report
from reportal.model.snapshot import LoadedSnapshot, Snapshot


@dataclass(frozen=True)
class RejectedReport:
    """A report file whose front matter is invalid but whose body could be separated from it
    (its body is still checked, so one run reports every error)."""

    path: str
    body: str
    body_line: int


@dataclass(frozen=True)
class ReportParties:
    """Customer, author and approver of a report rejected for other field errors, when those
    three are themselves valid: their cross-checks still run in the same pass."""

    path: str
    customer: str
    author: str
    approver: str | None
    lines: dict[str, int]

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


@dataclass
class Portal:
    """A loaded portal. ``reports`` holds only reports whose front matter is valid."""

    root: Path
    registry: Registry
    reports: list[Report] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    rejected: list[RejectedReport] = field(default_factory=list)
    rejected_parties: list[ReportParties] = field(default_factory=list)
    snapshots: dict[str, LoadedSnapshot] = field(default_factory=dict)  # by report path
    snapshot_files: list[str] = field(default_factory=list)  # every *.snapshot.json found
    staged: bool = False
    """An edition's staging tree, checked by the build before staging: its reports may have
    had internal sections cut, so a snapshot is matched by number, not by content hash."""
    _indexed: tuple[tuple[int, int], dict[str, Report], dict[str, Report]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def frozen(self, report: Report) -> LoadedSnapshot | None:
        """The snapshot file a report renders from: an issued (or withdrawn) report's intact
        snapshot whose content hash is the report's. None: the report renders live."""
        loaded = self.snapshots.get(report.path)
        if loaded is None or not report.renders_frozen or not loaded.intact:
            return None
        return loaded if self.content_matches(report, loaded.header) else None

    def snapshot(self, report: Report) -> Snapshot | None:
        """The whole frozen snapshot (parsed again on demand: model/snapshot.py)."""
        loaded = self.frozen(report)
        return loaded.snapshot if loaded is not None else None

    def content_matches(self, report: Report, snapshot: Snapshot) -> bool:
        if self.staged:
            return snapshot.number == report.number
        return snapshot.content_sha256 == report.content_sha256

    def report(self, number: str) -> Report | None:
        return self._index()[0].get(number)

    def by_path(self, path: str) -> Report | None:
        """The report in the file ``path`` (a dict lookup: every page of a build asks)."""
        return self._index()[1].get(path)

    def _index(self) -> tuple[dict[str, Report], dict[str, Report]]:
        """The reports by number and by path, made again when ``reports`` is another list or
        another length (it is a plain list: a caller may append to it)."""
        stamp = (id(self.reports), len(self.reports))
        if self._indexed is None or self._indexed[0] != stamp:
            by_number: dict[str, Report] = {}
            by_path: dict[str, Report] = {}
            for report in self.reports:  # the first of a number or path, as a scan finds it
                by_number.setdefault(report.number, report)
                by_path.setdefault(report.path, report)
            self._indexed = (stamp, by_number, by_path)
        return self._indexed[1], self._indexed[2]
