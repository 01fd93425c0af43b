"""KpiEngine: load each source once (cached by content hash), compute KPIs once per
(customer, period), and answer look-ups from pages, checks and the CLI.

``shared_engine(root)`` returns one engine per portal folder for the whole process, so a build
that renders many pages loads every export once; a changed file (new content hash) is
reloaded, an unchanged one is not.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path

import pandas as pd

from reportal.issues import Issue
from reportal.kpi.cache import CACHE_DIR, DiskCache
from reportal.kpi.canonical import TABLES
from reportal.kpi.clock import load_calendars
from reportal.kpi.context import CustomerData, KpiContext, prepare_tickets
from reportal.kpi.coverage import Coverage, coverage_of
from reportal.kpi.loading.load import (
    LOADER_VERSION,
    LoadedTable,
    collapse_events,
    empty_frame,
    load_file,
)
from reportal.kpi.registry import KpiDefinition, KpiValue, all_definitions, get_definition
from reportal.kpi.sources import SOURCES_FILE, SourceSpec, load_sources, source_files
from reportal.kpi.targets import Assessment, Target, assess, target_for
from reportal.model.period import Period
from reportal.model.registry import Customer
from reportal.validate.registry import load_registry
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


class KpiEngine:
    def __init__(
        self, root: Path, cache_dir: Path | None = None, today: date | None = None
    ) -> None:
        self.root = root
        self.today = today
        """Coverage counts only days before this one; None means ``portal_today()``."""
        self.registry, _ = load_registry(root)
        self.sources = load_sources(root, set(self.registry.customers))
        self.calendars = load_calendars(root)
        self.disk = DiskCache(cache_dir) if cache_dir is not None else None
        self._files: dict[str, LoadedTable] = {}  # content key -> loaded file
        self._stats: dict[Path, tuple[int, int, str]] = {}
        self._tables: dict[tuple[str, str], SourceTable] = {}
        self._data: dict[str, CustomerData] = {}
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

    def data_issues(self) -> list[Issue]:
        """sources.yml problems plus every bad cell of every declared source."""
        issues = list(self.sources.issues)
        for customer_id, specs in self.sources.sources.items():
            for name in specs:
                table = self.table(customer_id, name)
                issues.extend(table.issues if table else ())
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
            context = KpiContext(self.customer_data(customer_id), period, self.current_day())
            self._results[key] = self._evaluate(definition, context)
        return self._results[key]

    def _definition(self, customer_id: str, kpi_id: str) -> KpiDefinition:
        definition = get_definition(kpi_id)
        if definition is None:
            raise LookupError(f'unknown KPI "{kpi_id}"')
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
            table = self.table(customer_id, name)
            assert table is not None
            rows.append(
                coverage_of(table.spec, table.files, table.day_counts, period, self.current_day())
            )
        return rows

    def current_day(self) -> date:
        return self.today if self.today is not None else portal_today()

    def customer_data(self, customer_id: str) -> CustomerData:
        if customer_id not in self._data:
            self._data[customer_id] = self._prepare(customer_id)
        return self._data[customer_id]

    def refresh(self) -> None:
        """Forget tables whose files changed on disk (cheap: one stat per file)."""
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
        data_dir = self.root / self.registry.settings.data_dir
        found = {self._rel(p) for p in source_files(data_dir, table.spec)}
        return found != set(table.files)

    def _evaluate(self, definition: KpiDefinition, context: KpiContext) -> KpiResult:
        value = definition.compute(context)
        target = target_for(context.data.customer.targets, definition.id)
        return KpiResult(
            definition, value, target, assess(value.value, target, definition.higher_is_better)
        )

    def _prepare(self, customer_id: str) -> CustomerData:
        customer = self.customer(customer_id)
        tables = {}
        for name in self.source_names(customer_id):
            table = self.table(customer_id, name)
            assert table is not None
            tables[name] = table.frame
        data = CustomerData(customer, tables)
        if "tickets" in tables:
            calendar = self.calendars.get(customer.calendar or "")
            tables["tickets"], data.sla_basis = prepare_tickets(
                tables["tickets"], customer, calendar
            )
        calls = self.sources.get(customer_id, "calls")
        if calls is not None:
            data.threshold_seconds = calls.threshold_seconds
        return data

    def _load_table(self, spec: SourceSpec) -> SourceTable:
        data_dir = self.root / self.registry.settings.data_dir
        paths = source_files(data_dir, spec)  # confined to data/exports/<customer>/
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
        frames = [item.frame for item in loaded if len(item.frame)]
        frame = pd.concat(frames, ignore_index=True) if frames else loaded[0].frame
        if spec.collapse_key:
            frame = collapse_events(frame, spec.collapse_key, spec.collapse_order)
        files = tuple(self._rel(p) for p in paths)
        issues = tuple(i for item in loaded for i in item.issues)
        return SourceTable(spec, frame, files, issues)

    def _load_file(self, path: Path, spec: SourceSpec, timezone: str) -> LoadedTable:
        digest = self._digest(path)
        key = hashlib.sha256(f"{digest}|{spec!r}|{timezone}|{LOADER_VERSION}".encode()).hexdigest()
        if key in self._files:
            return self._files[key]
        loaded = self.disk.get(key) if self.disk else None
        if loaded is None:
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


def shared_engine(root: Path) -> KpiEngine:
    """One engine per portal folder per process (with the on-disk cache under
    ``.reportal-cache/``); a changed export is reloaded, an unchanged one is not, and a changed
    sources.yml, customers.yml, calendars.yml or reportal.yml gives a fresh engine."""
    key = root.resolve()
    stamp = _config_stamp(key)
    held = _SHARED.get(key)
    if held is None or held[1] != stamp:
        engine = KpiEngine(key, key / CACHE_DIR)
        _SHARED[key] = (engine, stamp)
        return engine
    held[0].refresh()
    return held[0]


def _config_stamp(root: Path) -> ConfigStamp:
    names = (SOURCES_FILE, "data/customers.yml", "data/calendars.yml", "reportal.yml")
    return tuple((n, (root / n).stat().st_mtime_ns if (root / n).exists() else 0) for n in names)
