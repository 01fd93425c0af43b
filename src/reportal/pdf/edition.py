"""PDF export: every report page of a built edition -> ``<number>.pdf`` beside its page.

``render_edition_pdfs(edition_dir, jobs, cache_dir, language, progress)`` is the one entry
point (``reportal pdf`` and ``reportal build`` call it once per edition). It reuses a cached PDF
when the page and its assets are unchanged (``pdf_cache``), prints the rest with one headless
Chromium (``pdf_render``) in fonts made for the edition (``pdf_fonts``), fixes the text layer
and sets metadata (``pdf_post``), and publishes each PDF with an atomic rename. A failed
report yields an Issue naming it and leaves no PDF.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import re
import tempfile
import threading
from collections.abc import Callable, Collection, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from playwright.async_api import Error as PlaywrightError
from pypdf.errors import PyPdfError
from tqdm import tqdm

from reportal.issues import Issue
from reportal.model.registry import Registry
from reportal.model.report import Report
from reportal.pdf.browser import CHROMIUM_ENV, find_chromium
from reportal.pdf.cache import PdfCache, atomic_copy, page_key, publish
from reportal.pdf.fonts import PrintFonts, font_identity, make_print_fonts
from reportal.pdf.links import listing_pages, mark_found_pdfs
from reportal.pdf.post import PdfMetadata, postprocess_pdf
from reportal.pdf.render import (
    PrintOutcome,
    PrintTask,
    default_workers,
    print_pages,
    print_settings,
)
from reportal.pdf.verify import verify_pdf

log = logging.getLogger("reportal.pdf")
HOME_PAGE = "index.html"  # a customer edition's home links its latest report's PDF
RENDERER_VERSION = "reportal-pdf/4"  # bump when the printed or post-processed PDF changes
CANONICAL_LINK = re.compile(r'<link rel="canonical" href="([^"]+)"')
CACHE_DIR = ".reportal-cache/pdf"
T = TypeVar("T")


@dataclass(frozen=True)
class PdfJob:
    """One report's PDF. ``page`` and ``target`` are edition-relative POSIX paths."""

    number: str
    title: str
    page: str  # reports/<customer>/<year>/<number>/index.html
    target: str  # reports/<customer>/<year>/<number>/<number>.pdf
    source: str = ""  # repo-relative report file, named in Issues
    author: str = ""  # PDF /Author
    issued: date | None = None  # PDF /CreationDate


@dataclass(frozen=True)
class PdfResult:
    rendered: int
    reused: int
    issues: list[Issue] = field(default_factory=list)


def report_page(report: Report) -> str:
    """Edition-relative path of a report's page (the site plugin's layout)."""
    return f"reports/{report.customer}/{report.year}/{report.number}/index.html"


def jobs_for_edition(
    edition_dir: Path, reports: Sequence[Report], registry: Registry, numbers: Collection[str] = ()
) -> list[PdfJob]:
    """A job for every report whose page is in the built edition (only ``numbers`` if given)."""
    jobs = []
    for report in reports:
        page = report_page(report)
        if numbers and report.number not in numbers:
            continue
        if (edition_dir / page).is_file():
            jobs.append(job_for_report(report, registry))
    return jobs


def job_for_report(report: Report, registry: Registry) -> PdfJob:
    page = report_page(report)
    person = registry.people.get(report.author)
    author = " / ".join(x for x in (registry.settings.provider.name, person and person.name) if x)
    return PdfJob(
        number=report.number,
        title=report.title,
        page=page,
        target=page.rsplit("/", 1)[0] + f"/{report.number}.pdf",
        source=report.path,
        author=author,
        issued=report.issued,
    )


def public_base(edition_dir: Path, job: PdfJob) -> str | None:
    """The edition's public root URL, from the page's canonical link (MkDocs writes one when
    ``site_url`` is set); None when the portal has no public address."""
    try:
        html = (edition_dir / job.page).read_text("utf-8", errors="replace")
    except OSError:
        return None
    match = CANONICAL_LINK.search(html)
    page_dir = job.page.removesuffix("index.html")
    if match is None or not match[1].endswith(page_dir):
        return None
    return match[1][: len(match[1]) - len(page_dir)]


def render_edition_pdfs(
    edition_dir: Path,
    jobs: Sequence[PdfJob],
    cache_dir: Path,
    language: str = "zh",
    progress: bool = False,
    workers: int | None = None,
    chart_timeout_ms: int = 30_000,
) -> PdfResult:
    """Make every job's PDF in ``edition_dir``: reuse cached ones, print the rest."""
    cache = PdfCache.open(cache_dir)
    fonts = font_identity()  # other fonts print other PDFs: new fonts are a new key
    settings = f"{RENDERER_VERSION}\n{language}\n{print_settings(language)}\n{fonts}"
    issues: list[Issue] = []
    keys: dict[str, str] = {}
    todo: list[PdfJob] = []
    bar = tqdm(total=len(jobs), unit="pdf", desc=edition_dir.name, disable=not progress)
    for job in jobs:
        _remove_stale_temps(edition_dir / job.target)
        key, issue = _job_key(edition_dir, job, settings)
        if issue is not None:
            _fail(edition_dir, job, issue, issues)
        elif _reuse(cache, key, edition_dir / job.target):
            bar.update()
        else:
            keys[job.number] = key
            todo.append(job)
    reused = len(jobs) - len(todo) - len(issues)
    # the print fonts cover every report page of the edition, not only those printed now, so
    # that the same edition always prints with the same fonts
    pages = [edition_dir / job.page for job in jobs if (edition_dir / job.page).is_file()]
    make_fonts = functools.partial(make_print_fonts, pages, cache.root)
    rendered = _render(
        edition_dir, todo, keys, cache, language, workers, chart_timeout_ms, bar, issues, make_fonts
    )
    bar.close()
    try:
        cache.save()
    except OSError as error:  # a read-only cache only costs time in the next run
        log.warning("PDF cache not saved: %s", _reason(error))
    mark_found_pdfs(edition_dir, [HOME_PAGE, *listing_pages(edition_dir)])
    log.info(
        "PDF %s: %d rendered, %d reused, %d failed",
        edition_dir.name,
        rendered,
        reused,
        len(jobs) - rendered - reused,
    )
    return PdfResult(rendered=rendered, reused=reused, issues=issues)


def _job_key(edition_dir: Path, job: PdfJob, settings: str) -> tuple[str, Issue | None]:
    if not (edition_dir / job.page).is_file():
        return "", _issue(
            job,
            "PDF001",
            f"the built page {job.page} is missing",
            "build the site first (reportal build) or check the report number",
        )
    job_settings = f"{settings}\n{job.number}\n{job.title}\n{job.author}\n{job.issued}"
    return page_key(edition_dir, job.page, job_settings), None


def _reuse(cache: PdfCache, key: str, target: Path) -> bool:
    cached = cache.lookup(key)
    if cached is None:
        return False
    atomic_copy(cached, target)
    return True


def _render(
    edition_dir: Path,
    jobs: list[PdfJob],
    keys: dict[str, str],
    cache: PdfCache,
    language: str,
    workers: int | None,
    chart_timeout_ms: int,
    bar: tqdm,  # type: ignore[type-arg]
    issues: list[Issue],
    make_fonts: Callable[[], PrintFonts],
) -> int:
    if not jobs:
        return 0
    executable = find_chromium()
    if executable is None:
        hint = f"install Debian's chromium or set {CHROMIUM_ENV} to its path"
        configured = os.environ.get(CHROMIUM_ENV)
        problem = "Chromium was not found"
        if configured:
            problem = f"{CHROMIUM_ENV}={configured} is not an executable file"
        for job in jobs:
            _fail(edition_dir, job, _issue(job, "PDF002", problem, hint), issues)
        return 0
    by_number = {job.number: job for job in jobs}
    published: list[str] = []
    with tempfile.TemporaryDirectory(prefix="reportal-pdf-") as temp:
        tasks = [
            PrintTask(job.page, Path(temp) / f"{job.number}.pdf", job.number, job.title)
            for job in jobs
        ]

        def done(outcome: PrintOutcome) -> None:
            job = by_number[outcome.task.number]
            if outcome.error is not None:
                _fail(edition_dir, job, _issue(job, "PDF003", outcome.error), issues)
            elif _publish(edition_dir, job, outcome.task.output, keys[job.number], cache, issues):
                published.append(job.number)
            bar.update()

        coroutine = print_pages(
            edition_dir,
            tasks,
            executable,
            language,
            workers or default_workers(),
            chart_timeout_ms,
            done,
            make_fonts,
        )
        try:
            _run(coroutine)
        except (PlaywrightError, OSError) as error:  # Chromium did not start, or died
            problem = f"Chromium failed: {str(error).strip().splitlines()[0]}"
            hint = f"install Debian's chromium or set {CHROMIUM_ENV} to its executable"
            for job in jobs:
                if job.number not in published and not any(i.file == job.source for i in issues):
                    _fail(edition_dir, job, _issue(job, "PDF002", problem, hint), issues)
    return len(published)


def _publish(
    edition_dir: Path, job: PdfJob, printed: Path, key: str, cache: PdfCache, issues: list[Issue]
) -> bool:
    """Post-process ``printed``, store it in the cache, rename it into place atomically."""
    target = edition_dir / job.target
    temp = ""
    try:  # a read-only edition folder fails here, as an Issue
        handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        os.close(handle)
        base = public_base(edition_dir, job)
        meta = PdfMetadata(job.title, job.author, job.number, job.issued, base)
        postprocess_pdf(printed, Path(temp), meta)
        problem = verify_pdf(Path(temp), job.number)
        if problem is not None:
            Path(temp).unlink(missing_ok=True)
            hint = "nothing was published or cached for this report; fix the cause and build again"
            _fail(edition_dir, job, _issue(job, "PDF005", problem, hint), issues)
            return False
        cache.store(key, job.number, Path(temp))
        publish(Path(temp), target)
    except (OSError, ValueError, PyPdfError) as error:
        if temp:
            Path(temp).unlink(missing_ok=True)
        _fail(
            edition_dir,
            job,
            _issue(job, "PDF004", f"the PDF could not be written: {_reason(error)}"),
            issues,
        )
        return False
    return True


def _reason(error: Exception) -> str:
    """An OSError as its reason and the file's name (never a host path); others as they are."""
    if isinstance(error, OSError) and error.strerror:
        name = Path(os.fsdecode(error.filename)).name if error.filename else ""
        return f"{error.strerror} ({name})" if name else error.strerror
    return str(error)


def _remove_stale_temps(target: Path) -> None:
    """Temp files a killed run may have left beside ``target`` (``.<name>.*.tmp``)."""
    if target.parent.is_dir():
        for stale in target.parent.glob(f".{target.name}.*.tmp"):
            stale.unlink(missing_ok=True)


def _fail(edition_dir: Path, job: PdfJob, issue: Issue, issues: list[Issue]) -> None:
    """Record ``issue`` and make sure no PDF (stale or partial) is left for ``job``."""
    issues.append(issue)
    with contextlib.suppress(OSError):  # a read-only edition: the issue says what went wrong
        (edition_dir / job.target).unlink(missing_ok=True)


def _issue(job: PdfJob, code: str, problem: str, hint: str | None = None) -> Issue:
    return Issue(
        file=job.source or job.page,
        line=None,
        field=None,
        code=code,
        message=f"PDF of {job.number} not made: {problem}",
        hint=hint,
    )


def _run(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run``, in a helper thread when an event loop is already running here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    box: list[T] = []
    thread = threading.Thread(target=lambda: box.append(asyncio.run(coroutine)))
    thread.start()
    thread.join()
    return box[0]
