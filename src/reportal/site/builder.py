"""Run MkDocs builds of staged editions in worker processes (see ``site/worker.py``).

Workers get ``PYTHONHASHSEED=0`` and ``SOURCE_DATE_EPOCH`` so builds are reproducible, and die
with their parent. Editions are spread over up to ``jobs`` workers (default: CPU count, at most
2), the largest edition first, so that the provider edition and the customer editions build side
by side. Each worker imports MkDocs once and builds its editions in turn.

``BuildWorkers.start`` starts the workers before the parent checks the portal: each imports
MkDocs, the theme, the plugins and their dependencies while the checks run, then waits for the
staged configs on its standard input (``run``). A check that fails closes them unused.
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from reportal.cachedir import CACHE_VARIABLE, PAGES_DIR
from reportal.issues import Issue
from reportal.kpi.checks import PREVALIDATED_VARIABLE

PR_SET_PDEATHSIG = 1
MAX_JOBS = 2
STDIN_FLAG = "--stdin"
"""The worker's flag: read the jobs from standard input, one per line: the staged config, and
after a tab the handed-over portal (``BuildJob.portal_file``) when there is one, and after
another ``PREFILL_MODE`` for a prefill (``site/prefill.py``)."""
PREFILL_MODE = "prefill"
NO_PREFILL = "REPORTAL_NO_PREFILL"
"""Set (to anything): a spare worker does not prefill the page cache."""
PREFILL_STOP_SECONDS = 10


@dataclass(frozen=True)
class BuildJob:
    """One edition to build: its staged config, a label for messages and a size for balancing;
    ``portal_file``: the portal its parent loaded and checked, pickled for the worker
    (``kpi.checks.hand_over``), so that the worker does not read the staged tree again."""

    label: str
    config_file: Path
    weight: int
    portal_file: Path | None = None
    prefill: bool = False  # not a build: the spare worker's prefill of its page cache

    def line(self) -> str:
        mode = PREFILL_MODE if self.prefill else ""
        return f"{self.config_file}\t{self.portal_file or ''}\t{mode}".rstrip("\t")


def run_builds(
    jobs: Sequence[BuildJob], epoch: int, workers: int | None = None, cache: Path | None = None
) -> list[Issue]:
    """Build every job; return one Issue per edition that failed. ``cache``: the portal's own
    cache folder, shared by every worker (staging trees are thrown away)."""
    count = min(workers or worker_count(), max(1, len(jobs)))
    with BuildWorkers.start(count, build_env(epoch, cache)) as started:
        return started.run(jobs)


def worker_count(editions: int | None = None) -> int:
    """Workers for ``editions`` editions (None: as many as there may be): one per core, at
    most ``MAX_JOBS``."""
    cores = min(MAX_JOBS, os.cpu_count() or 1)
    return cores if editions is None else max(1, min(cores, editions))


class BuildWorkers:
    """Worker processes, started ahead and waiting for the staged configs they will build."""

    def __init__(self, processes: list[subprocess.Popen[str]]) -> None:
        self.processes = processes
        self.labels: dict[str, str] = {}
        self.prefilling: list[subprocess.Popen[str]] = []  # spare workers given a prefill

    @classmethod
    def start(cls, count: int, env: dict[str, str], label: str = "") -> BuildWorkers:
        """``count`` workers with the build environment ``env`` (``build_env``); ``label``
        (the output folder) only names them in the process list."""
        return cls([_start(env, label) for _ in range(max(1, count))])

    def run(self, jobs: Sequence[BuildJob]) -> list[Issue]:
        """Build every job on these workers (once); one Issue per edition that failed."""
        self.send(jobs)
        return self.collect()

    def send(self, jobs: Sequence[BuildJob]) -> None:
        """Give the workers their jobs (once); they build while the caller goes on."""
        self.labels = {str(job.config_file): job.label for job in jobs}
        groups = _with_prefill(_balance(jobs, len(self.processes)))
        self.prefilling = [p for p, g in zip(self.processes, groups, strict=True) if _prefills(g)]
        for process, group in zip(self.processes, groups, strict=True):
            stdin, process.stdin = process.stdin, None  # handed over once; communicate() reads
            assert stdin is not None
            try:
                stdin.write("".join(f"{job.line()}\n" for job in group))
                stdin.close()
            except BrokenPipeError:  # the worker died while importing: reported by collect
                pass

    def collect(self) -> list[Issue]:
        """Wait for the workers; one Issue per edition that failed."""
        issues: list[Issue] = []
        for process in self.processes:
            if process not in self.prefilling:
                stdout, _ = process.communicate()
                issues.extend(_issues_from(stdout, process.returncode, self.labels))
        for process in self.prefilling:  # its pages are no use any more: stop it, reports nothing
            _stop(process)
        return issues

    def close(self) -> None:
        """Stop the workers still running: given nothing to build, or their build is not
        wanted any more (a check failed)."""
        for process in self.processes:
            if process.poll() is None:
                process.kill()
                process.wait()
            for stream in (process.stdin, process.stdout):
                if stream is not None and not stream.closed:
                    stream.close()

    def __enter__(self) -> BuildWorkers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def prefill_wanted(cache: Path | None) -> bool:
    """Whether a spare worker's prefill (``site/prefill.py``) pays for starting it: the page
    cache is empty (a clean clone, a cleared cache). With pages kept, a build converts only
    what changed, and a worker started for nothing would slow the checks (its imports) and the
    build (its setup)."""
    if cache is None or os.environ.get(NO_PREFILL):
        return False
    try:
        return not any((cache / PAGES_DIR).iterdir())
    except OSError:  # no page kept yet
        return True


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


def _with_prefill(groups: list[list[BuildJob]]) -> list[list[BuildJob]]:
    """A spare worker (given no edition) prefills the page cache of the largest edition, which
    the busiest worker builds (``site/prefill.py``), unless ``NO_PREFILL`` is set."""
    jobs = [job for group in groups for job in group]
    if not jobs or os.environ.get(NO_PREFILL):
        return groups
    largest = min(jobs, key=lambda j: (-j.weight, j.label))
    spare = [index for index, group in enumerate(groups) if not group]
    return [
        [replace(largest, prefill=True)] if index in spare[:1] else group
        for index, group in enumerate(groups)
    ]


def _prefills(group: Sequence[BuildJob]) -> bool:
    return any(job.prefill for job in group)


def _stop(process: subprocess.Popen[str]) -> None:
    """Ask a prefilling worker to stop after its page (SIGTERM); kill it if it does not."""
    if process.poll() is None:
        process.terminate()
    try:
        process.communicate(timeout=PREFILL_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def _start(env: dict[str, str], label: str) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "reportal.site.worker", STDIN_FLAG]
    if label:
        command.append(f"--for={label}")
    return subprocess.Popen(
        command,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        preexec_fn=_die_with_parent,
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
