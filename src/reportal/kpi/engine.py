"""KpiEngine: load each source once (cached by content hash), compute KPIs once per
(customer, period), and answer look-ups from pages, checks and the CLI.

``shared_engine(root)`` returns one engine per portal folder for the whole process, so a build
that renders many pages loads every export once; a changed file (new content hash) is
reloaded, an unchanged one is not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path

import pandas as pd

from reportal.cachedir import cache_dir
from reportal.issues import Issue
from reportal.kpi.cache import RESULTS_DIR, SUMMARIES_DIR, DiskCache, ResultsCache, SummaryCache
from reportal.kpi.canonical import TABLES
from reportal.kpi.clock import load_calendars
from reportal.kpi.context import (
    CustomerData,
    KpiContext,
    first_errors,
    prepare_tickets,
    refused,
)
from reportal.kpi.coverage import Coverage, coverage_of
from reportal.kpi.definition_set import KpiDefinition, KpiValue, all_definitions, require_definition
from reportal.kpi.loading.load import (
    LOADER_VERSION,
    LoadedTable,
    combine_files,
    empty_frame,
    load_file,
)
from reportal.kpi.sources import SOURCES_FILE, SourceSpec, load_sources, source_files
from reportal.kpi.targets import Assessment, Target, assess, target_for
from reportal.model.period import Period
from reportal.model.registry import Customer, Registry
from reportal.validate.registry_checks import load_registry
from reportal.validate.schedule import portal_today


@dataclass(frozen=True)
class KpiResult:
    definition: KpiDefinition
    value: KpiValue
    target: Target | None
    assessment: Assessment

    @property
    def state(self) -> str:
        return self.assessment.state


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


class KpiEngine:
    def __init__(
        self,
        root: Path,
        cache_dir: Path | None = None,
        today: date | None = None,
        registry: Registry | None = None,
    ) -> None:
        self.root = root
        self.today = today
        """Coverage counts only days before this one; None means ``portal_today()``."""
        self.registry = registry if registry is not None else load_registry(root)[0]
        self.sources = load_sources(root, set(self.registry.customers))
        self.calendars = load_calendars(root)
        self.disk = DiskCache(cache_dir) if cache_dir is not None else None
        self.results_cache = ResultsCache(cache_dir / RESULTS_DIR) if cache_dir else None
        self.summary_cache = SummaryCache(cache_dir / SUMMARIES_DIR) if cache_dir else None
        self.config_digest = _config_digest(root)
        self.computed = 0
        """KPI values computed (not found in memory or on disk) by this engine."""
        self.files_read = 0
        """Export files parsed (not found in the loaded-file cache) by this engine."""
        self._files: dict[str, LoadedTable] = {}  # content key -> loaded file
        self._stats: dict[Path, tuple[int, int, str]] = {}
        self._paths: dict[tuple[str, str], list[Path]] = {}
        self._tables: dict[tuple[str, str], SourceTable] = {}
        self._summaries: dict[tuple[str, str], TableSummary] = {}
        self._data: dict[str, CustomerData] = {}
        self._inputs: dict[str, str] = {}
        self._results: dict[tuple[str, str, str], KpiResult] = {}

    # -- sources -------------------------------------------------------------------------
    def customer(self, customer_id: str) -> Customer:
        if customer_id not in self.registry.customers:
            raise LookupError(f'unknown customer "{customer_id}"')
        return self.registry.customers[customer_id]

    def source_names(self, customer_id: str) -> list[str]:
        return [t for t in TABLES if self.sources.get(customer_id, t) is not None]

    def table(self, customer_id: str, name: str) -> SourceTable | None:
        spec = self.sources.get(customer_id, name)
        if spec is None:
            return None
        key = (customer_id, name)
        if key not in self._tables:
            self._tables[key] = self._load_table(spec)
        return self._tables[key]

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

    def _summarize(self, spec: SourceSpec) -> TableSummary:
        paths = self._source_paths(spec)
        files = tuple(self._rel(p) for p in paths)
        disk_key = self._summary_key(spec, paths) if paths and self.summary_cache else None
        loaded = (spec.customer, spec.table) in self._tables
        if disk_key and not loaded and self.summary_cache:
            found = self.summary_cache.get(disk_key)
            if found is not None:
                days = pd.Series(list(found[1].values()), index=pd.to_datetime(list(found[1])))
                return TableSummary(spec, files, found[0], days)
        table = self.table(spec.customer, spec.table)
        assert table is not None
        if disk_key and self.summary_cache:
            days_text = {
                pd.Timestamp(d).date().isoformat(): int(n) for d, n in table.day_counts.items()
            }
            self.summary_cache.put(disk_key, table.issues, days_text)
        return TableSummary(spec, table.files, table.issues, table.day_counts)

    def _summary_key(self, spec: SourceSpec, paths: list[Path]) -> str:
        files = [f"{self._rel(p)}={self._digest(p)}" for p in paths]
        timezone = self._timezone(spec.customer)
        return hash_parts(engine_stamp(), LOADER_VERSION, stable_text(spec), timezone, *files)

    def data_issues(self) -> list[Issue]:
        """sources.yml problems plus every bad cell of every declared source."""
        issues = list(self.sources.issues)
        for customer_id, specs in self.sources.sources.items():
            for name in specs:
                summary = self.summary(customer_id, name)
                issues.extend(summary.issues if summary else ())
        return issues

    # -- KPIs ----------------------------------------------------------------------------
    def definitions(self, customer_id: str) -> list[KpiDefinition]:
        """KPIs this customer has data for (a customer without calls has no call KPIs)."""
        names = set(self.source_names(customer_id))
        return [d for d in all_definitions() if d.source in names]

    def results(self, customer_id: str, period: Period) -> dict[str, KpiResult]:
        return {d.id: self.result(customer_id, period, d.id) for d in self.definitions(customer_id)}

    def result(self, customer_id: str, period: Period, kpi_id: str) -> KpiResult:
        key = (customer_id, period.text, kpi_id)
        if key not in self._results:
            definition = self._definition(customer_id, kpi_id)
            self._results.update(self._period_results(customer_id, period))
            if key not in self._results:  # pragma: no cover - every definition is computed
                context = KpiContext(self.customer_data(customer_id), period, self.current_day())
                self._results[key] = self._evaluate(definition, context)
        return self._results[key]

    def _period_results(
        self, customer_id: str, period: Period
    ) -> dict[tuple[str, str, str], KpiResult]:
        """Every KPI of ``customer_id`` for ``period``: from the disk cache (keyed by the hash
        of every input) or computed once, all together."""
        definitions = {d.id: d for d in self.definitions(customer_id)}
        cache_key = self.results_key(customer_id, period)
        cached = self.results_cache.get(cache_key) if self.results_cache else None
        if cached is not None and set(cached) == set(definitions):
            results = {k: KpiResult(definitions[k], *parts) for k, parts in cached.items()}
        else:
            context = KpiContext(self.customer_data(customer_id), period, self.current_day())
            results = {k: self._evaluate(d, context) for k, d in definitions.items()}
            if self.results_cache:
                parts = {k: (r.value, r.target, r.assessment) for k, r in results.items()}
                self.results_cache.put(cache_key, parts)
        return {(customer_id, period.text, kpi): result for kpi, result in results.items()}

    def results_key(self, customer_id: str, period: Period) -> str:
        """What a customer's KPIs for ``period`` depend on: its inputs, the period, and today
        while the period is still running."""
        return hash_parts(self.inputs_digest(customer_id), period.text, self.as_of(period))

    def as_of(self, period: Period) -> str:
        """Today while ``period`` runs (results depend on it then), else empty."""
        today = self.current_day()
        return today.isoformat() if period.end >= today else ""

    def inputs_digest(self, customer_id: str) -> str:
        """SHA-256 over everything a customer's figures are computed from: its registry entry
        (targets, SLA, calendar), its calendar, its source declarations, the content of every
        export file they match, and the engine's own code."""
        if customer_id not in self._inputs:
            customer = self.customer(customer_id)  # its own entry only: the same key in every
            calendar = self.calendars.get(customer.calendar or "")  # edition's staged registry
            parts = [engine_stamp(), stable_text(customer), stable_text(calendar)]
            parts.append(str(self.sources.timezone))
            for name in self.source_names(customer_id):
                spec = self.sources.get(customer_id, name)
                parts.append(stable_text(spec))
                parts += [f"{self._rel(p)}={self._digest(p)}" for p in self._source_paths(spec)]
            self._inputs[customer_id] = hash_parts(*parts)
        return self._inputs[customer_id]

    def export_hashes(self, customer_id: str) -> dict[str, str]:
        """``{repo-relative export path: SHA-256}`` of every file the customer's sources read."""
        hashes = {}
        for name in self.source_names(customer_id):
            for path in self._source_paths(self.sources.get(customer_id, name)):
                hashes[self._rel(path)] = self._digest(path)
        return dict(sorted(hashes.items()))

    def _definition(self, customer_id: str, kpi_id: str) -> KpiDefinition:
        definition = require_definition(kpi_id)
        if definition.source not in self.source_names(customer_id):
            raise LookupError(
                f'customer "{customer_id}" has no {definition.source} source for KPI "{kpi_id}"'
            )
        return definition

    def trend(
        self, customer_id: str, period: Period, kpi_id: str, count: int
    ) -> list[tuple[Period, KpiResult]]:
        return [(p, self.result(customer_id, p, kpi_id)) for p in period.previous(count)]

    def coverage(self, customer_id: str, period: Period) -> list[Coverage]:
        rows = []
        for name in self.source_names(customer_id):
            summary = self.summary(customer_id, name)
            assert summary is not None
            rows.append(
                coverage_of(
                    summary.spec, summary.files, summary.day_counts, period, self.current_day()
                )
            )
        return rows

    def current_day(self) -> date:
        return self.today if self.today is not None else portal_today()

    def customer_data(self, customer_id: str) -> CustomerData:
        if customer_id not in self._data:
            self._data[customer_id] = self._prepare(customer_id)
        return self._data[customer_id]

    def refresh(self) -> None:
        """Forget tables whose files changed on disk (one glob per source, one stat per file).
        Called once per build, never per page."""
        self._paths.clear()
        self._inputs.clear()
        self._summaries.clear()
        for key, table in list(self._tables.items()):
            if any(self._changed(self.root / rel) for rel in table.files) or self._new_files(table):
                self._tables.pop(key)
                self._data.pop(key[0], None)
                self._results = {k: v for k, v in self._results.items() if k[0] != key[0]}

    # -- internals -----------------------------------------------------------------------
    def _changed(self, path: Path) -> bool:
        cached = self._stats.get(path)
        if cached is None or not path.exists():
            return True
        stat = path.stat()
        return cached[:2] != (stat.st_mtime_ns, stat.st_size)

    def _new_files(self, table: SourceTable) -> bool:
        found = {self._rel(p) for p in self._source_paths(table.spec)}
        return found != set(table.files)

    def _source_paths(self, spec: SourceSpec | None) -> list[Path]:
        """The files a source declaration matches (globbed once per build)."""
        if spec is None:
            return []
        key = (spec.customer, spec.table)
        if key not in self._paths:
            data_dir = self.root / self.registry.settings.data_dir
            self._paths[key] = source_files(data_dir, spec)  # confined to exports/<customer>/
        return self._paths[key]

    def _evaluate(self, definition: KpiDefinition, context: KpiContext) -> KpiResult:
        self.computed += 1
        value = refused(definition, context) or definition.compute(context)
        target = target_for(context.data.customer.targets, definition.id)
        return KpiResult(
            definition, value, target, assess(value.value, target, definition.higher_is_better)
        )

    def _prepare(self, customer_id: str) -> CustomerData:
        customer = self.customer(customer_id)
        tables, issues = {}, {}
        for name in self.source_names(customer_id):
            table = self.table(customer_id, name)
            assert table is not None
            tables[name] = table.frame
            issues[name] = table.issues
        data = CustomerData(customer, tables, errors=first_errors(issues))
        if "tickets" in tables:
            calendar = self.calendars.get(customer.calendar or "")
            tables["tickets"], data.sla_basis = prepare_tickets(
                tables["tickets"], customer, calendar
            )
        calls = self.sources.get(customer_id, "calls")
        if calls is not None:
            data.threshold_seconds = calls.threshold_seconds
        tickets = self.sources.get(customer_id, "tickets")
        if tickets is not None:
            data.min_sample = tickets.min_sample
        return data

    def _load_table(self, spec: SourceSpec) -> SourceTable:
        paths = self._source_paths(spec)
        timezone = self._timezone(spec.customer)
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
        files = tuple(self._rel(p) for p in paths)
        frame, combined = combine_files(spec, files, loaded)
        issues = tuple(i for item in loaded for i in item.issues) + combined
        return SourceTable(spec, frame, files, issues)

    def _load_file(self, path: Path, spec: SourceSpec, timezone: str) -> LoadedTable:
        digest = self._digest(path)
        key = hash_parts(digest, stable_text(spec), timezone, LOADER_VERSION)
        if key in self._files:
            return self._files[key]
        loaded = self.disk.get(key) if self.disk else None
        if loaded is None:
            self.files_read += 1
            loaded = load_file(path, self._rel(path), spec, timezone)
            if self.disk:
                self.disk.put(key, loaded)
        self._files[key] = loaded
        return loaded

    def _digest(self, path: Path) -> str:
        stat = path.stat()
        cached = self._stats.get(path)
        if cached and cached[:2] == (stat.st_mtime_ns, stat.st_size):
            return cached[2]
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        self._stats[path] = (stat.st_mtime_ns, stat.st_size, digest)
        return digest

    def _timezone(self, customer_id: str) -> str:
        calendar = self.calendars.get(self.customer(customer_id).calendar or "")
        return calendar.timezone if calendar else self.sources.timezone

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return path.name


ConfigStamp = tuple[tuple[str, int], ...]
_SHARED: dict[Path, tuple[KpiEngine, ConfigStamp]] = {}


def shared_engine(root: Path, registry: Registry | None = None, refresh: bool = True) -> KpiEngine:
    """One engine per portal folder per process (with the on-disk cache: ``cache_dir(root)``);
    a changed export is reloaded, an unchanged one is not, and a changed sources.yml,
    customers.yml, calendars.yml, people.yml or reportal.yml gives a fresh engine.

    With ``refresh`` (once per command or build) it looks for changed files, a glob per
    source; the checks and stages that follow in the same command pass ``refresh=False``."""
    key = root.resolve()
    stamp = _config_stamp(key)
    held = _SHARED.get(key)
    if held is None or held[1] != stamp:
        engine = KpiEngine(key, cache_dir(key), registry=registry)
        _SHARED[key] = (engine, stamp)
        return engine
    if refresh:
        held[0].refresh()
    return held[0]


def stable_text(value: object) -> str:
    """``value`` as text that is the same in every process: dataclasses and mappings with
    sorted keys, sets sorted (a set's order follows the process's hash seed)."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, default=str)


def _plain(value: object) -> object:
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=str)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def hash_parts(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@cache
def engine_stamp() -> str:
    """A hash of the engine's code (KPI, model and loading modules, and the texts blocks are
    made of, kpi/block_texts.yml): cached results and snapshots computed by other code are not
    reused."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    patterns = ("kpi/**/*.py", "kpi/**/*.yml", "model/**/*.py")
    for path in sorted(path for pattern in patterns for path in package.glob(pattern)):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _config_digest(root: Path) -> str:
    parts = []
    for name in CONFIG_FILES:
        path = root / name
        parts.append(
            f"{name}={hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ''}"
        )
    return hash_parts(*parts)


CONFIG_FILES = (
    SOURCES_FILE,
    "data/customers.yml",
    "data/calendars.yml",
    "data/people.yml",
    "reportal.yml",
)


def _config_stamp(root: Path) -> ConfigStamp:
    return tuple(
        (n, (root / n).stat().st_mtime_ns if (root / n).exists() else 0) for n in CONFIG_FILES
    )
