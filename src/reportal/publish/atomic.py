"""Atomic publishing: build every edition aside, check it, then swap it in under a lock.

Plain ``mkdocs build`` empties its output first, so a killed build leaves an empty site. Here:

1. take ``DIR.lock`` (``fcntl.flock``; a second build waits its turn) and remove what killed
   builds left behind (``.DIR.tmp-*``);
2. stage and build every edition into a fresh sibling ``.DIR.tmp-*/site`` (same filesystem);
3. run the ``after_build`` hook (PDFs), write each edition's build record
   (``.reportal-build.json``, ``publish/buildrecord.py``) and scan each edition
   (``publish/scan.py``);
4. only if all of that is clean, swap: the whole of ``DIR`` for ``--edition all`` (one atomic
   ``renameat2(RENAME_EXCHANGE)`` on Linux), each edition's folder otherwise; the old tree goes.

Until step 4 nothing under ``DIR`` is touched, so a failing, killed, disk-full or concurrent
build leaves the published editions as they were.
"""

from __future__ import annotations

import contextlib
import ctypes
import fcntl
import os
import pickle
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from reportal.cachedir import cache_dir
from reportal.git import git_output
from reportal.issues import Issue, has_errors
from reportal.kpi.shared import shared_engine
from reportal.model.portal import Portal
from reportal.model.report import Report
from reportal.portal.approvals import Approval, issued_approvals, read_approvals, write_approvals
from reportal.portal.editions import Edition, forbidden_texts, reports_of
from reportal.publish.buildrecord import (
    Provenance,
    make_record,
    read_provenance,
    report_record,
    write_record,
)
from reportal.publish.reproducible import normalize_edition
from reportal.publish.root_index import write_root_index
from reportal.publish.scan import ScanRules, scan_all, source_hashes
from reportal.publish.staging import stage_edition
from reportal.site.builder import BuildJob, BuildWorkers, run_builds

AfterBuild = Callable[[Path, Edition], list[Issue]]


@dataclass(frozen=True)
class StartedBuild:
    """Build workers started ahead (``BuildWorkers.start`` with ``build_env(epoch,
    cache_dir(portal.root))``), and the checks to run while they build (``reportal build``: the
    data checks); an error among those stops the workers and publishes nothing."""

    workers: BuildWorkers
    alongside: Callable[[], list[Issue]] = list


RENAME_EXCHANGE = 2
AT_FDCWD = -100


def publish(
    portal: Portal,
    editions: Sequence[Edition],
    out: Path,
    epoch: int,
    *,
    after_build: AfterBuild | None = None,
    replace_all: bool = True,
    started: StartedBuild | None = None,
) -> list[Issue]:
    """Build ``editions`` and publish them into ``out``; return every Issue (empty: published).
    ``started``: build workers started ahead and the checks to run while they build; else
    workers are started here."""
    out = out.absolute()
    try:  # an output folder that cannot be written (read-only, a file in the way)
        out.parent.mkdir(parents=True, exist_ok=True)
        with hold_lock(lock_path(out)):
            remove_leftovers(out)
            work = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
            return _build_in(portal, editions, out, work, epoch, after_build, replace_all, started)
    except OSError as error:
        return [_os_issue(error)]


def _build_in(
    portal: Portal,
    editions: Sequence[Edition],
    out: Path,
    work: Path,
    epoch: int,
    after_build: AfterBuild | None,
    replace_all: bool,
    started: StartedBuild | None,
) -> list[Issue]:
    try:
        return _build_check_swap(
            portal, editions, out, work, epoch, after_build, replace_all, started
        )
    except OSError as error:
        return [_os_issue(error)]
    except yaml.YAMLError as error:
        return [_config_issue(error)]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def lock_path(out: Path) -> Path:
    return out.parent / f"{out.name}.lock"


@contextlib.contextmanager
def hold_lock(path: Path, *, shared: bool = False) -> Iterator[int]:
    """Hold a ``flock`` on ``path``: exclusive to publish (waits while another build or a reader
    holds it), ``shared`` to read the published editions (``reportal archive``; waits for a
    build, not for other readers)."""
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield fd
    finally:
        os.close(fd)


def remove_leftovers(out: Path) -> None:
    """Remove temporary trees of killed builds (call with the lock held)."""
    for path in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(path, ignore_errors=True)


def _build_check_swap(
    portal: Portal,
    editions: Sequence[Edition],
    out: Path,
    work: Path,
    epoch: int,
    after_build: AfterBuild | None,
    replace_all: bool,
    started: StartedBuild | None,
) -> list[Issue]:
    new = work / "site"
    approvals = read_approvals(portal.root, portal.registry.settings.reports_dir)  # once
    settings = portal.registry.settings
    provenance = read_provenance(portal.root, (settings.reports_dir, settings.data_dir))
    jobs = [_stage(portal, edition, work, new, approvals) for edition in editions]
    if started is None:
        records = _records(portal, editions, epoch, approvals, provenance)
        issues = run_builds(jobs, epoch, cache=cache_dir(portal.root))
    else:
        started.workers.send(jobs)  # while they build: the checks left, then the records
        issues = started.alongside()
        if has_errors(issues):  # no edition is wanted: stop the workers, publish nothing
            started.workers.close()
            return issues
        records = _records(portal, editions, epoch, approvals, provenance)
        issues += started.workers.collect()
    for edition in editions if not has_errors(issues) else []:
        normalize_edition(new / edition.out_rel, epoch)
    if not has_errors(issues) and after_build is not None:
        for edition in editions:
            issues.extend(after_build(new / edition.out_rel, edition))
    if not has_errors(issues):
        for edition in editions:
            write_record(new / edition.out_rel, records[edition.id])
        if replace_all:  # the root above the editions: no bare directory listing
            write_root_index(new, portal.registry)
        sources = _source_hashes(portal)
        rules = [(new / e.out_rel, _rules(portal, e, work, sources)) for e in editions]
        issues.extend(scan_all(rules, cache_dir(portal.root)))
    if has_errors(issues):
        return issues
    if replace_all:
        swap_dirs(new, out)
    else:
        for edition in editions:
            swap_dirs(new / edition.out_rel, out / edition.out_rel)
    return issues


def _stage(
    portal: Portal, edition: Edition, work: Path, new: Path, approvals: dict[str, Approval]
) -> BuildJob:
    stage = work / "stage" / edition.id
    config_file = stage_edition(portal, edition, stage, new / edition.out_rel)
    write_approvals(stage, issued_approvals(approvals, reports_of(portal, edition)))
    reports = len(reports_of(portal, edition))
    return BuildJob(edition.id, config_file, reports, _handed_over(portal, edition, stage, work))


def _handed_over(portal: Portal, edition: Edition, stage: Path, work: Path) -> Path | None:
    """The provider edition's staged portal is this portal, as loaded and checked: pickled for
    its worker with the engine's reading of ``data/sources.yml`` (outside the stage, which
    holds files of the portal). A customer edition's worker reads its own stage (filtered
    registry, internal sections cut)."""
    if edition.customer is not None or edition.cuts_internal():
        return None
    staged = replace(portal, root=stage, issues=[], staged=True)
    sources = shared_engine(portal.root, portal.registry, refresh=False).sources
    path = work / "handover" / f"{edition.id}.pickle"
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(pickle.dumps((staged, sources), protocol=pickle.HIGHEST_PROTOCOL))
    return path


def _records(
    portal: Portal,
    editions: Sequence[Edition],
    epoch: int,
    approvals: dict[str, Approval],
    provenance: Provenance,
) -> dict[str, dict[str, Any]]:
    """The build record of each edition: the sources' ``provenance``, taken as they were about
    to be staged, and each report as checked; an issued report's entry carries its approval
    provenance (``portal/approvals.py``)."""
    engine = shared_engine(portal.root, portal.registry, refresh=False)

    def record(report: Report) -> dict[str, Any]:
        frozen = portal.frozen(report)
        known = report.customer in portal.registry.customers
        exports = engine.export_hashes(report.customer) if frozen is None and known else {}
        approval = approvals.get(report.path) if report.status.is_issued else None
        return report_record(portal.root, report, frozen, exports, approval)

    return {
        edition.id: make_record(
            edition.id, provenance, epoch, [record(r) for r in reports_of(portal, edition)]
        )
        for edition in editions
    }


def _source_hashes(portal: Portal) -> frozenset[str]:
    settings = portal.registry.settings
    return source_hashes([portal.root / settings.data_dir, portal.root / settings.reports_dir])


def _rules(portal: Portal, edition: Edition, work: Path, sources: frozenset[str]) -> ScanRules:
    host_paths, fresh = (str(portal.root.absolute()),), (str(work),)
    if edition.customer is None:
        return ScanRules(
            edition.out_rel, host_paths=host_paths, source_hashes=sources, fresh_paths=fresh
        )
    others = [c for cid, c in portal.registry.customers.items() if cid != edition.customer]
    names = {text for c in others for text in (c.name, c.short_name) if text}
    forbidden = tuple(sorted(names)) + tuple(forbidden_texts(portal, edition))
    return ScanRules(edition.out_rel, forbidden, host_paths, True, sources, fresh)


def swap_dirs(new: Path, target: Path) -> None:
    """Put ``new`` at ``target`` (atomically exchanged when ``target`` exists) and drop the old."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        new.rename(target)
        return
    if not _exchange(new, target):
        old = target.with_name(f".{target.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        target.rename(old)
        new.rename(target)
        new = old
    shutil.rmtree(new, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """``renameat2(a, b, RENAME_EXCHANGE)``: swap two paths in one step (Linux only)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return bool(result == 0)


def _config_issue(error: yaml.YAMLError) -> Issue:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or "not valid YAML"
    return Issue("mkdocs.yml", line, None, "E004", f"cannot read the site config: {problem}")


def _os_issue(error: OSError) -> Issue:
    reason = error.strerror or str(error)
    if error.filename:
        reason += f" ({Path(str(error.filename)).name})"
    return Issue(
        "mkdocs.yml",
        None,
        None,
        "E003",
        f"could not build the editions: {reason}",
        "the published editions were left unchanged; free space or fix permissions, then retry",
    )


FALLBACK_EPOCH = 946684800  # 2000-01-01T00:00:00Z, when the portal is not a git checkout


def default_epoch(root: Path) -> int:
    """``SOURCE_DATE_EPOCH`` if set, else the commit time of HEAD, else a fixed time."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value.isdigit():
        return int(value)
    text = git_output(root, "log", "-1", "--format=%ct", "HEAD")
    return int(text) if text is not None and text.isdigit() else FALLBACK_EPOCH
