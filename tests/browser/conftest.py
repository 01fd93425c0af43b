"""Browser tests: the demo portal built once per session, served on 127.0.0.1, driven by the
Debian Chromium through Playwright (``executable_path``; ``playwright install`` is never run).

- ``built_site``: ``mkdocs build`` of the repository root into a temporary folder, with
  ``REPORTAL_TODAY`` pinned to the demo's today, plus one report exported to PDF when the PDF
  stage (``reportal.pdf.edition``) exists.
- ``site_url``: that folder served by ``http.server`` in a thread, on a free port.
- ``browser`` / ``page``: headless Chromium; ``page.console_errors`` collects console errors
  and uncaught page errors.
- ``axe_path``: axe-core from ``tests/browser/node_modules`` (``npm install`` by scripts/setup.sh).
"""

from __future__ import annotations

import functools
import importlib.util
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_support import REPO_ROOT, BuiltSite, ConsolePage
from playwright.sync_api import Browser, sync_playwright

from reportal.pdf.browser import LAUNCH_ARGS, find_chromium

HERE = Path(__file__).resolve().parent
ARTIFACTS = REPO_ROOT / "test-artifacts"
DEMO_TODAY = "2026-11-28"
PDF_REPORT = "SR-HUAXIN-2026-10-01"


def chromium_executable() -> str:
    found = find_chromium()
    if not found:
        pytest.fail("Chromium not found: install Debian's `chromium` or set REPORTAL_CHROMIUM")
    return found


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    site = tmp_path_factory.mktemp("browser") / "site"
    env = {**os.environ, "REPORTAL_TODAY": DEMO_TODAY, "NO_MKDOCS_2_WARNING": "1"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    config = str(REPO_ROOT / "mkdocs.yml")
    result = subprocess.run(
        [str(mkdocs), "build", "-f", config, "-d", str(site)],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"mkdocs build of the demo portal failed:\n{result.stderr[-4000:]}")
    return BuiltSite(site, result.stderr, _export_one_pdf(site))


def _export_one_pdf(site: Path) -> str | None:
    """Run the PDF stage on one report when it exists; return the PDF's site-relative path."""
    if importlib.util.find_spec("reportal.pdf.edition") is None:
        return None
    from reportal.pdf.edition import jobs_for_edition, render_edition_pdfs
    from reportal.validate.portal import load_portal

    portal = load_portal(REPO_ROOT)
    jobs = jobs_for_edition(site, portal.reports, portal.registry, numbers=[PDF_REPORT])
    if not jobs:
        pytest.fail(f"no built page for {PDF_REPORT} to export as PDF")
    result = render_edition_pdfs(site, jobs, site.parent / "pdf-cache")
    if result.issues:
        pytest.fail("PDF export failed: " + "; ".join(i.message for i in result.issues))
    return jobs[0].target


class _Handler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture(scope="session")
def site_url(built_site: BuiltSite) -> Iterator[str]:
    handler = functools.partial(_Handler, directory=str(built_site.path))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Module-scoped: Playwright's sync API keeps an event loop running while it is open,
    which would break later tests that start their own (the PDF tests)."""
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_executable(), args=LAUNCH_ARGS, headless=True
        )
        yield launched
        launched.close()


@pytest.fixture
def console_page(browser: Browser) -> Iterator[ConsolePage]:
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        yield ConsolePage(page)
    finally:
        context.close()


@pytest.fixture(scope="session")
def axe_path() -> Path:
    path = HERE / "node_modules" / "axe-core" / "axe.min.js"
    if not path.is_file():
        pytest.fail("axe-core is missing: run `bash scripts/setup.sh` (npm install)")
    return path


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
