"""``data/sources.yml`` declarations: which export feeds which canonical table, how to read it,
and where its files may lie (a customer's own export folder, nothing outside it).

``kpi/sources_file.py`` reads and checks the file against ``model/schemas/sources.yml``; a
valid declaration becomes a frozen ``SourceSpec``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from reportal.issues import Issue
from reportal.kpi.canonical import ISO8601

SOURCES_FILE = "data/sources.yml"
EXPORTS_DIR = "exports"  # a customer's exports live in data/exports/<customer>/


@dataclass(frozen=True)
class SourceSpec:
    """One declared export. ``path`` is relative to the data folder and may be a glob."""

    customer: str
    table: str
    path: str
    format: str | None = None
    encoding: str = "auto"
    delimiter: str = ","
    date_format: str = ISO8601  # strftime format, or ISO 8601 only (never a guess)
    timezone: str | None = None
    na_values: tuple[str, ...] = ()
    decimal: str | None = None  # None: not declared; a comma in a number is then an error
    thousands: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # source header -> canonical
    also: tuple[tuple[str, str], ...] = ()  # (header, canonical): a header's further columns
    fallback: dict[str, str] = field(default_factory=dict)  # canonical <- canonical when empty
    constants: dict[str, str] = field(default_factory=dict)  # canonical -> one value
    resolved_activities: tuple[str, ...] = ()  # activity log: activities that resolve a case
    resolved_at: str = "first"  # the first or the last resolving event
    closed_activities: tuple[str, ...] = ()  # activity log: closing activities (default: any)
    pause_states: tuple[str, ...] = ()  # event log: states/activities that pause the SLA clock
    values: dict[str, dict[str, str]] = field(default_factory=dict)  # canonical -> map
    collapse_key: str | None = None
    collapse_order: tuple[str, ...] = ()
    coverage: str = "none"
    duplicates: str = "error"  # rows with the same key: error, sum their numbers, or keep the last
    threshold_seconds: float = 20
    min_sample: int = 30  # tickets: cohort shares over fewer tickets get a small-sample mark
    description: str = ""
    line: int = 1

    def canonical_to_source(self) -> dict[str, str]:
        return {canonical: header for header, canonical in self.mapping()}

    def mapping(self) -> list[tuple[str, str]]:
        """Every (source header, canonical column) pair; one header may feed several."""
        return [*self.columns.items(), *self.also]

    @property
    def is_activity_log(self) -> bool:
        return bool(self.resolved_activities)

    def provided(self) -> set[str]:
        """Canonical columns the source fills: mapped, constant, or derived from the events."""
        derived = {"opened", "resolved", "closed"} if self.is_activity_log else set()
        return {c for _, c in self.mapping()} | set(self.constants) | derived


@dataclass(frozen=True)
class SourceSet:
    """Every declared source, by customer then table, and the issues found in the file."""

    sources: dict[str, dict[str, SourceSpec]]
    issues: list[Issue]
    timezone: str = "Asia/Shanghai"

    def get(self, customer: str, table: str) -> SourceSpec | None:
        return self.sources.get(customer, {}).get(table)


# ---- confinement: a customer's sources read only data/exports/<customer>/ -------------------


def source_files(data_dir: Path, spec: SourceSpec) -> list[Path]:
    """The files ``spec.path`` matches inside the customer's export folder, sorted. A path that
    is absolute, climbs with ``..`` or names another folder matches nothing, and a file that
    resolves outside the folder (a symlink) is left out; ``check_source_path`` says why."""
    folder = _export_folder(data_dir, spec)
    if _path_problem(spec) is not None or not folder.is_dir():
        return []
    inside = folder.resolve()
    return sorted(
        p for p in data_dir.glob(spec.path) if p.is_file() and p.resolve().is_relative_to(inside)
    )


def check_source_path(data_dir: Path, spec: SourceSpec) -> list[Issue]:
    """D107 for a path leaving the customer's export folder, or a file (a symlink) that
    resolves outside it; nothing of such a file is read."""
    field = f"{spec.customer}.{spec.table}.path"
    problem = _path_problem(spec)
    if problem is not None:
        return [_path_issue(spec, field, problem)]
    folder = _export_folder(data_dir, spec)
    if not folder.is_dir():
        return []
    inside = folder.resolve()
    return [
        _path_issue(spec, field, f"{_data_rel(data_dir, p)} leads outside {_folder(spec)}/")
        for p in sorted(data_dir.glob(spec.path))
        if p.is_file() and not p.resolve().is_relative_to(inside)
    ]


def _path_problem(spec: SourceSpec) -> str | None:
    path = PurePosixPath(spec.path.replace("\\", "/"))
    if path.is_absolute() or spec.path[1:3] == ":/" or spec.path.startswith("~"):
        return f'"{spec.path}" is an absolute path'
    if ".." in path.parts:
        return f'"{spec.path}" climbs out of its folder with ..'
    if path.parts[:2] != (EXPORTS_DIR, spec.customer) or len(path.parts) < 3:
        return f'"{spec.path}" is not inside {_folder(spec)}/'
    return None


def _path_issue(spec: SourceSpec, field: str, problem: str) -> Issue:
    return Issue(
        SOURCES_FILE,
        spec.line,
        field,
        "D107",
        f"{problem}: a customer's sources are read from its own export folder only",
        hint=f"put the export in data/{_folder(spec)}/ and write path: {_folder(spec)}/<file>",
    )


def _export_folder(data_dir: Path, spec: SourceSpec) -> Path:
    return data_dir / EXPORTS_DIR / spec.customer


def _folder(spec: SourceSpec) -> str:
    return f"{EXPORTS_DIR}/{spec.customer}"


def _data_rel(data_dir: Path, path: Path) -> str:
    return f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
