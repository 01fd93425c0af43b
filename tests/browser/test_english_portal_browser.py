"""The English demo portal in Chromium: what the reader sees once Material and Reportal's
scripts have run (search box, labels they add) has no Chinese outside report bodies and
authored names. The full scan of every page of every edition is tests/site/test_english_portal.py
(faster, on the built HTML); this checks the pages as a browser renders them."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from browser_support import REPO_ROOT
from playwright.sync_api import Browser

sys.path.insert(0, str(REPO_ROOT / "tests" / "site"))
from han_scan import leaks, written_as_is

pytestmark = pytest.mark.browser

PAGES = ["/", "/reports/huaxin/2026/SR-HUAXIN-2026-10-01/", "/actions/", "/dashboard/huaxin/"]
PDF_NUMBER = "SR-HUAXIN-2026-10-01"
_SITES: dict[str, Path] = {}  # served URL -> built folder


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture(scope="module")
def english_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("english-browser") / "site"
    env = {**os.environ, "REPORTAL_LANGUAGE": "en", "REPORTAL_TODAY": "2026-11-28"}
    mkdocs = Path(sys.executable).parent / "mkdocs"
    config = str(REPO_ROOT / "mkdocs.yml")
    result = subprocess.run(
        [str(mkdocs), "build", "-f", config, "-d", str(site)],
        cwd=REPO_ROOT, env={**env, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
    )  # fmt: skip
    if result.returncode != 0:
        pytest.fail(f"English build of the demo failed:\n{result.stderr[-4000:]}")
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}"
    _SITES[url] = site
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("path", PAGES)
def test_a_rendered_english_page_has_no_chinese_ui_text(
    browser: Browser, english_url: str, path: str
) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
    page = context.new_page()
    try:
        page.goto(english_url + path, wait_until="networkidle")
        assert page.evaluate("document.documentElement.lang") == "en"
        page.locator(".md-search__input").click()  # Material fills in the search texts
        found = leaks(page.content(), written_as_is(REPO_ROOT))
    finally:
        context.close()
    assert found == [], f"{path}: {found}"


@pytest.fixture(scope="module")
def english_pdf(english_url: str) -> Path:
    """``reportal pdf`` of one report of the English site, as `reportal build --language en`
    runs it (REPORTAL_LANGUAGE=en)."""
    site = _SITES[english_url]
    reportal = Path(sys.executable).parent / "reportal"
    env = {**os.environ, "REPORTAL_LANGUAGE": "en"}
    command = [str(reportal), "pdf", PDF_NUMBER, "--site", str(site)]
    result = subprocess.run(command, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"reportal pdf failed:\n{result.stderr[-4000:]}")
    return next(site.rglob(f"{PDF_NUMBER}.pdf"))


def test_an_english_pdf_has_an_english_cover_and_footer(english_pdf: Path) -> None:
    cover = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", str(english_pdf), "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Report number" in cover and "Page 1 of" in cover and "Approved by" in cover
    lines = [f"<p>{line}</p>" for line in cover.splitlines() if line.strip()]
    assert leaks("".join(lines), written_as_is(REPO_ROOT)) == []
