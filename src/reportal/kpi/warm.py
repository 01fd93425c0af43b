"""Warm the on-disk KPI caches on both cores before the checks and the build read them.

A build from an empty cache (a clean clone in CI) spends most of its time, one core at a time,
parsing every export for the data checks (``SourceStore.summary``) and then computing each live
report's snapshot in the build worker (``ReportContent.live``). Both write caches keyed by the
hash of their inputs (``.reportal-cache/``: loaded files, summaries, results, snapshots).
``warm_caches`` splits the customers in two groups of about the same export size; a spawned
process fills the caches of one group while this process fills the other's, so the checks and
the build that follow find everything on disk (the build worker computes nothing again).

Warming changes no result and reports nothing: every entry is keyed by its inputs and written
atomically, and whatever the warming could not do (a bad export, a failed child process) is
simply done again, and reported, by the checks and the build themselves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reportal.build_stats import append_stats
from reportal.cachedir import cache_dir
from reportal.kpi.engine import KpiEngine
from reportal.kpi.snapshots import ReportContent
from reportal.model.portal import Portal
from reportal.model.registry import Registry
from reportal.model.report import Report

MIN_EXPORT_BYTES = 8 * 2**20
"""Below this much export data a second process costs more (its imports) than it saves."""


@dataclass(frozen=True)
class WarmJob:
    """One process's share: the customers whose exports it loads and the live reports whose
    snapshots it computes, in ``languages``."""

    root: Path
    registry: Registry
    customers: tuple[str, ...]
    reports: tuple[Report, ...]
    languages: tuple[str, ...]


def warm_caches(
    portal: Portal,
    engine: KpiEngine,
    languages: Sequence[str] = (),
    jobs: int | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> bool:
    """Fill the caches of ``portal``'s exports (and, for each of ``languages``, of its live
    reports' snapshots) on ``jobs`` cores (default: both, when there are two); ``engine`` is the
    portal's shared engine, which keeps what this process loads. Below ``MIN_EXPORT_BYTES`` of
    cold exports, or on one core, this process does it all: the build worker then never
    computes (nor imports pandas). ``meanwhile`` runs in this process first, while the second
    process starts on its share (the checks that read no export). Returns whether a second
    process took part (False: nothing cold, too little to split, or one core)."""
    jobs = jobs if jobs is not None else min(2, os.cpu_count() or 1)
    content = ReportContent(engine, portal, cache_dir(portal.root))
    live = _live_reports(portal)
    sizes = {
        customer: size
        for customer, size in _export_sizes(engine).items()
        if not _ready(engine, content, _job(portal, [customer], live, languages))
    }
    if not sizes or jobs < 2 or sum(sizes.values()) < MIN_EXPORT_BYTES:
        meanwhile()  # then nothing is cold (a rebuild), or a second process costs more
        if sizes:
            warm_with(engine, _job(portal, list(sizes), live, languages))
        return False
    mine, theirs = _halves(sizes)
    context = multiprocessing.get_context("spawn")  # no fork of a process holding pandas threads
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        future = pool.submit(warm, _job(portal, theirs, live, languages))
        meanwhile()  # while the child imports pandas and starts on its share
        warm_with(engine, _job(portal, mine, live, languages))
        _wait(future)
    return True


def warm(job: WarmJob) -> None:
    """The child process's share (its own engine on the same cache folder)."""
    engine = KpiEngine(job.root, cache_dir(job.root), registry=job.registry)
    warm_with(engine, job)


def warm_with(engine: KpiEngine, job: WarmJob) -> None:
    portal = Portal(job.root, job.registry, list(job.reports))
    content = ReportContent(engine, portal, cache_dir(job.root))
    reports: dict[str, list[Report]] = {}
    for report in job.reports:
        reports.setdefault(report.customer, []).append(report)
    for customer in job.customers:  # one customer's tables at a time
        for name in engine.source_names(customer):
            if not engine.store.summary_ready(customer, name):  # else: nothing to fill
                engine.summary(customer, name)
        for report in reports.get(customer, ()):
            for lang in job.languages:
                _live(content, report, lang)
    append_stats({"edition": "warm", "kpis": engine.computed, "snapshots": content.computed})


def _ready(engine: KpiEngine, content: ReportContent, job: WarmJob) -> bool:
    """Whether the caches already hold all of ``job`` (a rebuild: nothing to warm)."""
    (customer,) = job.customers
    summaries = all(engine.store.summary_ready(customer, n) for n in engine.source_names(customer))
    return summaries and all(
        content.live_ready(r, lang) for r in job.reports for lang in job.languages
    )


def _live(content: ReportContent, report: Report, lang: str) -> None:
    try:
        content.live(report, lang)
    except Exception:  # the build computes it again and reports the failure
        return


def _wait(future: Future[None]) -> None:
    try:
        future.result()
    except Exception:  # a failed child only leaves its share to the build
        return


def _live_reports(portal: Portal) -> dict[str, list[Report]]:
    """The reports that render live (no frozen snapshot), by customer: looked up once, not once
    per customer (a portal of years holds thousands of reports)."""
    live: dict[str, list[Report]] = {}
    for report in portal.reports:
        if portal.frozen(report) is None:
            live.setdefault(report.customer, []).append(report)
    return live


def _job(
    portal: Portal,
    customers: Sequence[str],
    live: dict[str, list[Report]],
    languages: Sequence[str],
) -> WarmJob:
    reports = tuple(report for customer in customers for report in live.get(customer, ()))
    return WarmJob(portal.root, portal.registry, tuple(customers), reports, tuple(languages))


def _export_sizes(engine: KpiEngine) -> dict[str, int]:
    """Bytes of export files per customer with declared sources."""
    sizes: dict[str, int] = {}
    for customer in engine.sources.sources:
        if customer not in engine.registry.customers:
            continue
        paths = [
            path
            for name in engine.source_names(customer)
            for path in engine.store.source_paths(engine.sources.get(customer, name))
        ]
        sizes[customer] = sum(_size(path) for path in paths)
    return sizes


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _halves(sizes: dict[str, int]) -> tuple[list[str], list[str]]:
    """Two groups of about equal export size (largest first, each to the lighter group)."""
    groups: tuple[list[str], list[str]] = ([], [])
    loads = [0, 0]
    for customer in sorted(sizes, key=lambda c: (-sizes[c], c)):
        lighter = loads.index(min(loads))
        groups[lighter].append(customer)
        loads[lighter] += sizes[customer]
    return groups
