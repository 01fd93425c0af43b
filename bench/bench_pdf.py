"""PDFs per second for one edition with one browser: a cold run, then a no-change rebuild.

    .venv/bin/python bench/bench_pdf.py                 # the demo provider edition (site/provider)
    .venv/bin/python bench/bench_pdf.py --site DIR      # another built edition
    .venv/bin/python bench/bench_pdf.py --workers 1 2 3 # compare tab pool sizes

The edition is copied to a temp folder first (the published site is not touched), and every
run starts from an empty PDF cache except the no-change rebuild. Without a built demo edition
it builds the test fixture edition (12 Chinese reports, two Plotly charts and a 70-row table
each). Numbers depend on the machine and on its load (printed too).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO_ROOT / "tests/pdf"), str(REPO_ROOT / "tests")]

from reportal.pdf.browser import find_chromium  # noqa: E402
from reportal.pdf.edition import PdfJob, jobs_for_edition, render_edition_pdfs  # noqa: E402
from reportal.validate.portal import load_portal  # noqa: E402


def demo_edition(root: Path, site: Path | None) -> tuple[Path, list[PdfJob]] | None:
    edition = site or root / "site/provider"
    if not (edition / "reports").is_dir():
        return None
    portal = load_portal(root)
    return edition, jobs_for_edition(edition, portal.reports, portal.registry)


def fixture_edition(work: Path) -> tuple[Path, list[PdfJob]]:
    from pdf_site import build_fixture_edition, demo_report

    from reportal.pdf.edition import job_for_report
    from reportal.validate.registry_checks import load_registry

    registry, _ = load_registry(REPO_ROOT)
    numbers = [f"SR-HUAXIN-{y}-{m:02d}-01" for y, m in [(2025, 11), (2025, 12)]]
    numbers += [f"SR-HUAXIN-2026-{m:02d}-01" for m in range(1, 11)]
    reports = [demo_report(number) for number in numbers]
    edition = build_fixture_edition(work / "fixture", [(r, False) for r in reports], registry)
    return edition, [job_for_report(report, registry) for report in reports]


def cpu_seconds() -> float:
    """CPU seconds the whole machine has spent (user + system, /proc/stat): Chromium's renderer
    processes are not children this process reaps, so getrusage would miss most of the work.
    Falls back to this process and its reaped children where /proc/stat does not exist."""
    try:
        fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    except OSError:
        own = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
    user, nice, system = (int(v) for v in fields[:3])
    irq, softirq = int(fields[5]), int(fields[6])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def run(
    edition: Path, jobs: list[PdfJob], cache: Path, workers: int
) -> tuple[float, float, int, int]:
    started, cpu = time.perf_counter(), cpu_seconds()
    result = render_edition_pdfs(edition, jobs, cache, "zh", workers=workers)
    elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    if result.issues:
        for issue in result.issues:
            print(f"  issue: {issue.file}: {issue.message}")
    return elapsed, cpu, result.rendered, result.reused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=None, help="a built edition folder")
    parser.add_argument("--workers", type=int, nargs="+", default=[2])
    args = parser.parse_args()
    chromium = find_chromium() or "chromium not found"
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout
    print(f"chromium: {version.strip()}  cores: {os.cpu_count()}  load: {os.getloadavg()}")
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as temp:
        work = Path(temp)
        found = demo_edition(REPO_ROOT, args.site)
        source, jobs = found if found else fixture_edition(work)
        label = "demo edition" if found else "fixture edition (no built demo site)"
        print(f"{label}: {len(jobs)} reports")
        for workers in args.workers:
            edition = work / f"edition-{workers}"
            shutil.copytree(source, edition)
            cache = work / f"cache-{workers}"
            cold, cpu, rendered, _ = run(edition, jobs, cache, workers)
            warm, _, rerendered, reused = run(edition, jobs, cache, workers)
            print(
                f"workers={workers}: cold {rendered} PDFs in {cold:.1f} s = "
                f"{rendered / cold:.2f} reports/s (browser start included), "
                f"{cpu / max(rendered, 1):.2f} machine CPU s per report; "
                f"no-change rebuild: {rerendered} rendered, {reused} reused in {warm:.2f} s"
            )


if __name__ == "__main__":
    main()
