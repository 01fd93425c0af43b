"""Run MkDocs builds of staged editions in worker processes (see ``site/worker.py``).

Workers get ``PYTHONHASHSEED=0`` and ``SOURCE_DATE_EPOCH`` so builds are reproducible, and die
with their parent. Editions are spread over up to ``jobs`` workers (default: CPU count, at most
2), the largest edition first, so that the provider edition and the customer editions build side
by side. Each worker imports MkDocs once and builds its editions in turn.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportal.cachedir import CACHE_VARIABLE
from reportal.issues import Issue
from reportal.kpi.checks import PREVALIDATED_VARIABLE

PR_SET_PDEATHSIG = 1
MAX_JOBS = 2


@dataclass(frozen=True)
class BuildJob:
    """One edition to build: its staged config, a label for messages and a size for balancing."""

    label: str
    config_file: Path
    weight: int


def run_builds(
    jobs: Sequence[BuildJob], epoch: int, workers: int | None = None, cache: Path | None = None
) -> list[Issue]:
    """Build every job; return one Issue per edition that failed. ``cache``: the portal's own
    cache folder, shared by every worker (staging trees are thrown away)."""
    groups = _balance(jobs, workers or min(MAX_JOBS, os.cpu_count() or 1))
    env = build_env(epoch, cache)
    processes = [_start(group, env) for group in groups if group]
    labels = {str(job.config_file): job.label for job in jobs}
    issues: list[Issue] = []
    for process in processes:
        stdout, _ = process.communicate()
        issues.extend(_issues_from(stdout, process.returncode, labels))
    return issues


def build_env(epoch: int, cache: Path | None = None) -> dict[str, str]:
    """The workers' environment: reproducible, told the parent has run every check, and
    pointed at the portal's cache of loaded exports, KPI results and snapshots."""
    env = dict(os.environ)
    env.update({"PYTHONHASHSEED": "0", "SOURCE_DATE_EPOCH": str(epoch)})
    env[PREVALIDATED_VARIABLE] = "1"
    if cache is not None:
        env[CACHE_VARIABLE] = str(cache.absolute())
    return env


def _balance(jobs: Sequence[BuildJob], count: int) -> list[list[BuildJob]]:
    groups: list[list[BuildJob]] = [[] for _ in range(max(1, count))]
    loads = [0] * len(groups)
    for job in sorted(jobs, key=lambda j: (-j.weight, j.label)):
        index = loads.index(min(loads))
        groups[index].append(job)
        loads[index] += job.weight + 1
    return groups


def _start(group: list[BuildJob], env: dict[str, str]) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "reportal.site.worker", *(str(j.config_file) for j in group)]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, text=True, preexec_fn=_die_with_parent
    )


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the lock still keeps builds apart
        pass


def _issues_from(stdout: str, returncode: int, labels: dict[str, str]) -> list[Issue]:
    issues: list[Issue] = []
    for line in stdout.splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        config = str(row.get("config"))
        reason = str(row.get("error")).replace(str(Path(config).parent) + "/", "")
        issues.append(_failure(labels.get(config, "?"), reason))
    if returncode != 0 and not issues:
        issues.append(_failure("?", f"the build worker stopped (exit status {returncode})"))
    return issues


def _failure(label: str, reason: str) -> Issue:
    return Issue(
        "mkdocs.yml",
        None,
        "edition",
        "E002",
        f'edition "{label}" did not build: {reason}',
        "see the messages above; the published editions were left unchanged",
    )
