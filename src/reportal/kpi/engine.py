"""KpiEngine: compute KPIs once per (customer, period) from the tables of its ``SourceStore``
(kpi/source_store.py: each export read once, cached by content hash) and answer look-ups from
pages, checks and the CLI. Results are kept in memory and on disk, keyed by the hash of every
input (kpi/keys.py). ``shared_engine(root)`` (kpi/shared.py) gives one engine per portal folder
for the whole process.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from reportal.issues import Issue
from reportal.kpi.cache import RESULTS_DIR, ResultsCache
from reportal.kpi.canonical import TABLES
from reportal.kpi.clock import business_calendars
from reportal.kpi.context import (
    CustomerData,
    KpiContext,
    SlaBasis,
    first_errors,
    prepare_tickets,
    refused,
)
from reportal.kpi.coverage import Coverage, coverage_of
from reportal.kpi.definition_set import KpiDefinition, KpiValue, all_definitions, require_definition
from reportal.kpi.keys import config_digest, engine_stamp, hash_parts, stable_text
from reportal.kpi.source_store import SourceStore, SourceTable, TableSummary
from reportal.kpi.sources import SourceSet
from reportal.kpi.sources_file import load_sources
from reportal.kpi.targets import Assessment, Target, assess, target_for
from reportal.model.period import Period
from reportal.model.registry import Customer, Registry
from reportal.model.today import portal_today
from reportal.validate.registry_checks import load_registry

CUSTOMERS_IN_MEMORY = 4
"""Customers whose prepared tables a build keeps (pages come customer by customer; the others
are read back from the on-disk cache when needed, ~50 ms each)."""


@dataclass(frozen=True)
class KpiResult:
    definition: KpiDefinition
    value: KpiValue
    target: Target | None
    assessment: Assessment

    @property
    def state(self) -> str:
        return self.assessment.state


class KpiEngine:
    def __init__(
        self,
        root: Path,
        cache_dir: Path | None = None,
        today: date | None = None,
        registry: Registry | None = None,
        sources: SourceSet | None = None,
    ) -> None:
        self.root = root
        self.today = today
        """Coverage counts only days before this one; None means ``portal_today()``."""
        self.registry = registry if registry is not None else load_registry(root)[0]
        self.sources = (
            sources if sources is not None else load_sources(root, set(self.registry.customers))
        )
        self.calendars = business_calendars(self.registry.calendars)
        self.store = SourceStore(root, self.registry, self.sources, self.calendars, cache_dir)
        self.results_cache = ResultsCache(cache_dir / RESULTS_DIR) if cache_dir else None
        self.config_digest = config_digest(root)
        self.computed = 0
        """KPI values computed (not found in memory or on disk) by this engine."""
        self._data: OrderedDict[str, CustomerData] = OrderedDict()
        self._inputs: dict[str, str] = {}
        self._bases: dict[str, SlaBasis | None] = {}  # by key: sla_basis
        self._results: dict[tuple[str, str, str], KpiResult] = {}
        self._read: set[tuple[str, str]] = set()  # (customer, period) whose disk entry was read

    # -- sources -------------------------------------------------------------------------
    def customer(self, customer_id: str) -> Customer:
        if customer_id not in self.registry.customers:
            raise LookupError(f'unknown customer "{customer_id}"')
        return self.registry.customers[customer_id]

    def source_names(self, customer_id: str) -> list[str]:
        return [t for t in TABLES if self.sources.get(customer_id, t) is not None]

    def table(self, customer_id: str, name: str) -> SourceTable | None:
        return self.store.table(customer_id, name)

    def summary(self, customer_id: str, name: str) -> TableSummary | None:
        return self.store.summary(customer_id, name)

    def data_issues(self) -> list[Issue]:
        """sources.yml problems plus every bad cell of every declared source."""
        return self.store.data_issues()

    @property
    def files_read(self) -> int:
        """Export files parsed (not found in the loaded-file cache) by this engine."""
        return self.store.files_read

    # -- KPIs ----------------------------------------------------------------------------
    def definitions(self, customer_id: str) -> list[KpiDefinition]:
        """KPIs this customer has data for (a customer without calls has no call KPIs)."""
        names = set(self.source_names(customer_id))
        return [d for d in all_definitions() if d.source in names]

    def results(self, customer_id: str, period: Period) -> dict[str, KpiResult]:
        """Every KPI the customer has data for, for ``period``."""
        ids = [d.id for d in self.definitions(customer_id)]
        self._ensure(customer_id, period, ids)
        return {kpi: self._results[(customer_id, period.text, kpi)] for kpi in ids}

    def some_results(
        self, customer_id: str, period: Period, kpi_ids: list[str]
    ) -> dict[str, KpiResult]:
        """Only ``kpi_ids`` of ``period`` (computed together when they are not known yet)."""
        for kpi_id in kpi_ids:
            self._definition(customer_id, kpi_id)  # LookupError: no such KPI or source
        self._ensure(customer_id, period, kpi_ids)
        return {kpi: self._results[(customer_id, period.text, kpi)] for kpi in kpi_ids}

    def result(self, customer_id: str, period: Period, kpi_id: str) -> KpiResult:
        """One KPI: computing it alone when it is not known yet (a dashboard point or a trend
        chart needs one KPI of each past period, not all of them)."""
        key = (customer_id, period.text, kpi_id)
        if key not in self._results:
            self._definition(customer_id, kpi_id)  # LookupError: no such KPI or source
            self._ensure(customer_id, period, [kpi_id])
        return self._results[key]

    def _ensure(self, customer_id: str, period: Period, kpi_ids: list[str]) -> None:
        """``kpi_ids`` of ``period`` in memory: read from the period's disk entry (once) or
        computed; what was computed is added to that entry, so the next build finds it."""
        missing = [k for k in kpi_ids if (customer_id, period.text, k) not in self._results]
        if not missing:
            return
        definitions = {d.id: d for d in self.definitions(customer_id)}
        cache_key = self.results_key(customer_id, period)
        if (customer_id, period.text) not in self._read:
            self._read.add((customer_id, period.text))
            self._remember(customer_id, period, self._stored(cache_key, definitions))
            missing = [k for k in missing if (customer_id, period.text, k) not in self._results]
            if not missing:
                return
        context = KpiContext(self.customer_data(customer_id), period, self.current_day())
        computed = {k: self._evaluate(definitions[k], context) for k in missing}
        self._remember(customer_id, period, computed)
        if self.results_cache:
            known = [(k, self._results.get((customer_id, period.text, k))) for k in definitions]
            parts = {k: (r.value, r.target, r.assessment) for k, r in known if r is not None}
            self.results_cache.put(cache_key, parts)

    def _stored(
        self, cache_key: str, definitions: dict[str, KpiDefinition]
    ) -> dict[str, KpiResult]:
        """The results of one period on disk (any subset of ``definitions``)."""
        cached = self.results_cache.get(cache_key) if self.results_cache else None
        return {
            k: KpiResult(definitions[k], *parts)
            for k, parts in (cached or {}).items()
            if k in definitions
        }

    def _remember(self, customer_id: str, period: Period, results: dict[str, KpiResult]) -> None:
        self._results.update({(customer_id, period.text, k): r for k, r in results.items()})

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
                # not the line it stands on: a customer edition's sources.yml holds its
                # declarations alone, on other lines, and must find the provider's results
                parts.append(stable_text(replace(spec, line=0) if spec else spec))
                parts += [f"{rel}={sha}" for rel, sha in self.store.file_digests(spec).items()]
            self._inputs[customer_id] = hash_parts(*parts)
        return self._inputs[customer_id]

    def export_hashes(self, customer_id: str) -> dict[str, str]:
        """``{repo-relative export path: SHA-256}`` of every file the customer's sources read."""
        hashes = {}
        for name in self.source_names(customer_id):
            hashes.update(self.store.file_digests(self.sources.get(customer_id, name)))
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

    def sla_basis(self, customer_id: str) -> SlaBasis | None:
        """How the customer's SLA attainment is decided (the note under SLA tables): from its
        prepared tickets when they are loaded, else kept on disk by the hash of its inputs, so
        that a snapshot whose figures all come from the caches loads no export for it."""
        if self.results_cache is None:
            return self.customer_data(customer_id).sla_basis
        key = hash_parts(self.inputs_digest(customer_id), "sla_basis")
        if key in self._bases:
            return self._bases[key]
        kept = self.results_cache.get_parts(key) if customer_id not in self._data else None
        if kept is not None and "basis" in kept:
            basis = self._basis_from(customer_id, kept["basis"])
        else:  # kept on disk also when the tables were loaded anyway (an empty cache)
            basis = self.customer_data(customer_id).sla_basis
            self.results_cache.put_parts(key, {"basis": basis.parts() if basis else None})
        self._bases[key] = basis
        return basis

    def _basis_from(self, customer_id: str, parts: object) -> SlaBasis | None:
        if parts is None:  # the customer has no tickets
            return None
        if not isinstance(parts, dict):  # a damaged entry: as if there were none
            return self.customer_data(customer_id).sla_basis
        calendar = self.calendars.get(self.customer(customer_id).calendar or "")
        try:
            return SlaBasis.from_parts(parts, calendar)
        except (KeyError, TypeError, ValueError):  # a damaged entry: as if there were none
            return self.customer_data(customer_id).sla_basis

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
        """A customer's prepared tables; the few most recently used customers are kept."""
        if customer_id in self._data:
            self._data.move_to_end(customer_id)
            return self._data[customer_id]
        self._data[customer_id] = data = self._prepare(customer_id)
        while len(self._data) > CUSTOMERS_IN_MEMORY:
            evicted, _ = self._data.popitem(last=False)
            self.store.forget(evicted)
        return data

    def refresh(self) -> None:
        """Forget tables whose files changed on disk (one glob per source, one stat per file)
        and what was computed from them. Called once per build, never per page."""
        self._inputs.clear()
        for customer_id in self.store.refresh():
            self._data.pop(customer_id, None)
            self._results = {k: v for k, v in self._results.items() if k[0] != customer_id}
            self._read = {k for k in self._read if k[0] != customer_id}

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
