"""SourceStore: a portal's export files, each read once (kept by content hash, in memory and in
the on-disk cache), and each customer's tables (all files of a source, concatenated and
collapsed) with their issues and rows per day. ``refresh()`` forgets what changed on disk."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reportal.issues import Issue
from reportal.kpi.cache import SUMMARIES_DIR, DiskCache, SummaryCache
from reportal.kpi.canonical import TABLES
from reportal.kpi.clock import BusinessCalendar
from reportal.kpi.keys import engine_stamp, hash_parts, stable_text
from reportal.kpi.loading.load import (
    LOADER_VERSION,
    LoadedTable,
    combine_files,
    empty_frame,
    load_file,
)
from reportal.kpi.sources import SOURCES_FILE, SourceSet, SourceSpec, source_files
from reportal.model.registry import Registry

if TYPE_CHECKING:
    import pandas as pd
else:
    from reportal.lazy_modules import pandas as pd


@dataclass(frozen=True)
class SourceTable:
    """A customer's table: all its files, concatenated and collapsed."""

    spec: SourceSpec
    frame: pd.DataFrame
    files: tuple[str, ...]
    issues: tuple[Issue, ...]

    @cached_property
    def day_counts(self) -> pd.Series:
        """Rows per day of the table's date column (what coverage counts), by day."""
        column = self.frame[TABLES[self.spec.table].date_column]
        return column.dropna().dt.normalize().value_counts().sort_index()


@dataclass(frozen=True)
class TableSummary:
    """What the checks need of a table (its issues, its rows per day), kept without its rows."""

    spec: SourceSpec
    files: tuple[str, ...]
    issues: tuple[Issue, ...]
    day_counts: pd.Series


class SourceStore:
    def __init__(
        self,
        root: Path,
        registry: Registry,
        sources: SourceSet,
        calendars: dict[str, BusinessCalendar],
        cache_dir: Path | None = None,
    ) -> None:
        self.root = root
        self.registry = registry
        self.sources = sources
        self.calendars = calendars
        self.disk = DiskCache(cache_dir) if cache_dir is not None else None
        self.summary_cache = SummaryCache(cache_dir / SUMMARIES_DIR) if cache_dir else None
        self.files_read = 0
        """Export files parsed (not found in the loaded-file cache) by this store."""
        self._files: dict[str, LoadedTable] = {}  # content key -> loaded file
        self._stats: dict[Path, tuple[int, int, str]] = {}
        self._paths: dict[tuple[str, str], list[Path]] = {}
        self._tables: dict[tuple[str, str], SourceTable] = {}
        self._summaries: dict[tuple[str, str], TableSummary] = {}
        self._read: dict[tuple[str, str], tuple[SourceSpec, tuple[str, ...]]] = {}
        """Each table read: its declaration and files (what ``refresh()`` compares with)."""

    def table(self, customer_id: str, name: str) -> SourceTable | None:
        spec = self.sources.get(customer_id, name)
        if spec is None:
            return None
        key = (customer_id, name)
        if key not in self._tables:
            table = self._tables[key] = self._load_table(spec)
            self._read[key] = (spec, table.files)
        return self._tables[key]

    def forget(self, customer_id: str) -> None:
        """Let go of a customer's rows (they are read back from the on-disk cache when asked
        for again): a build of years of reports holds a few customers' tables at a time, not
        every customer's. Without an on-disk cache the rows stay (they would be parsed again)."""
        if self.disk is None:
            return
        for key in [k for k in self._tables if k[0] == customer_id]:
            del self._tables[key]

    def summary(self, customer_id: str, name: str) -> TableSummary | None:
        """A table's issues and rows per day: from the table when it is loaded, else from the
        summary cache when its files are unchanged, else by loading it (and keeping the
        summary). A check of an unchanged portal so loads no export."""
        spec = self.sources.get(customer_id, name)
        if spec is None:
            return None
        key = (customer_id, name)
        if key not in self._summaries:
            self._summaries[key] = self._summarize(spec)
        return self._summaries[key]

    def summary_ready(self, customer_id: str, name: str) -> bool:
        """Whether ``summary`` would load nothing: held in memory or in the summary cache."""
        spec = self.sources.get(customer_id, name)
        if spec is None or (customer_id, name) in self._summaries or not self.source_paths(spec):
            return True
        return self.summary_cache is not None and self.summary_cache.holds(self._summary_key(spec))

    def data_issues(self) -> list[Issue]:
        """sources.yml problems plus every bad cell of every declared source."""
        issues = list(self.sources.issues)
        for customer_id, specs in self.sources.sources.items():
            for name in specs:
                summary = self.summary(customer_id, name)
                issues.extend(summary.issues if summary else ())
        return issues

    def refresh(self) -> set[str]:
        """Forget tables whose files changed on disk (one glob per source, one stat per file);
        return the customers whose tables were forgotten."""
        self._paths.clear()
        self._summaries.clear()
        changed = set()
        for key, (spec, files) in list(self._read.items()):
            if any(self._changed(self.root / rel) for rel in files) or self._new_files(spec, files):
                self._tables.pop(key, None)
                self._read.pop(key)
                changed.add(key[0])
        return changed

    def source_paths(self, spec: SourceSpec | None) -> list[Path]:
        """The files a source declaration matches (globbed once per build)."""
        if spec is None:
            return []
        key = (spec.customer, spec.table)
        if key not in self._paths:
            data_dir = self.root / self.registry.settings.data_dir
            self._paths[key] = source_files(data_dir, spec)  # confined to exports/<customer>/
        return self._paths[key]

    def file_digests(self, spec: SourceSpec | None) -> dict[str, str]:
        """``{repo-relative path: SHA-256}`` of the files a source declaration matches."""
        return {self.rel(path): self.digest(path) for path in self.source_paths(spec)}

    def digest(self, path: Path) -> str:
        """SHA-256 of a file's content, hashed again only when its mtime or size changed."""
        stat = path.stat()
        cached = self._stats.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._stats[path] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name

    def timezone(self, customer_id: str) -> str:
        calendar = self.calendars.get(self.registry.customers[customer_id].calendar or "")
        return calendar.timezone if calendar else self.sources.timezone

    def _summarize(self, spec: SourceSpec) -> TableSummary:
        paths = self.source_paths(spec)
        files = tuple(self.rel(p) for p in paths)
        disk_key = self._summary_key(spec) if paths and self.summary_cache else None
        loaded = (spec.customer, spec.table) in self._tables
        if disk_key and not loaded and self.summary_cache:
            found = self.summary_cache.get(disk_key)
            if found is not None:
                days = pd.Series(list(found[1].values()), index=pd.to_datetime(list(found[1])))
                return TableSummary(spec, files, found[0], days)
        table = self.table(spec.customer, spec.table)
        assert table is not None
        if not loaded and self.disk is not None:  # read for its summary only: not kept
            self._tables.pop((spec.customer, spec.table), None)
        if disk_key and self.summary_cache:
            days_text = {
                pd.Timestamp(d).date().isoformat(): int(n) for d, n in table.day_counts.items()
            }
            self.summary_cache.put(disk_key, table.issues, days_text)
        return TableSummary(spec, table.files, table.issues, table.day_counts)

    def _summary_key(self, spec: SourceSpec) -> str:
        files = [f"{rel}={sha}" for rel, sha in self.file_digests(spec).items()]
        timezone = self.timezone(spec.customer)
        return hash_parts(engine_stamp(), LOADER_VERSION, stable_text(spec), timezone, *files)

    def _changed(self, path: Path) -> bool:
        cached = self._stats.get(path)
        if cached is None or not path.exists():
            return True
        stat = path.stat()
        return cached[:2] != (stat.st_mtime_ns, stat.st_size)

    def _new_files(self, spec: SourceSpec, files: tuple[str, ...]) -> bool:
        found = {self.rel(p) for p in self.source_paths(spec)}
        return found != set(files)

    def _load_table(self, spec: SourceSpec) -> SourceTable:
        paths = self.source_paths(spec)
        timezone = self.timezone(spec.customer)
        if not paths:
            issue = Issue(
                SOURCES_FILE,
                spec.line,
                f"{spec.customer}.{spec.table}.path",
                "D102",
                f'no file matches "{spec.path}" under {self.registry.settings.data_dir}/',
            )
            return SourceTable(spec, empty_frame(TABLES[spec.table]), (), (issue,))
        loaded = [self._load_file(p, spec, timezone) for p in paths]
        files = tuple(self.rel(p) for p in paths)
        frame, combined = combine_files(spec, files, loaded)
        issues = tuple(i for item in loaded for i in item.issues) + combined
        return SourceTable(spec, frame, files, issues)

    def _load_file(self, path: Path, spec: SourceSpec, timezone: str) -> LoadedTable:
        digest = self.digest(path)
        key = hash_parts(digest, stable_text(spec), timezone, LOADER_VERSION)
        if key in self._files:
            return self._files[key]
        loaded = self.disk.get(key) if self.disk else None
        if loaded is None:
            self.files_read += 1
            loaded = load_file(path, self.rel(path), spec, timezone)
            if self.disk:
                self.disk.put(key, loaded)
        if self.disk is None:  # else read back from the disk cache: one file's rows at a time
            self._files[key] = loaded
        return loaded
