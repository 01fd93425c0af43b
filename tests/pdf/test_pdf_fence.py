"""The renderer reads only the edition's own files; print blocks stay hidden on screen; the
English portal gets English page numbers and end mark."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pdf_site import GOOD, build_fixture_edition, demo_report
from playwright.sync_api import sync_playwright
from pypdf import PdfReader

from reportal.model.registry import Registry
from reportal.pdf.browser import LAUNCH_ARGS, find_chromium
from reportal.pdf.edition import PdfJob, job_for_report, render_edition_pdfs

pytestmark = pytest.mark.browser


class _Probe(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self.server.hits.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def probe() -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 (another port than the edition's) that records every request."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Probe)
    server.hits = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", server.hits  # type: ignore[attr-defined]
    server.shutdown()
    server.server_close()


def test_requests_outside_the_edition_never_leave_the_browser(
    tmp_path: Path, probe: tuple[str, list[str]]
) -> None:
    url, hits = probe
    page = tmp_path / "edition/reports/huaxin/2026/SR-HUAXIN-2026-10-01/index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        f"""<!doctype html><html lang="zh"><head><meta charset="utf-8">
        <link rel="stylesheet" href="{url}/style.css">
        <link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">
        </head><body><p>外部请求测试 {GOOD}</p><img src="{url}/pixel.png">
        <img src="file:///etc/hostname"><iframe src="{url}/frame"></iframe>
        <script>fetch("{url}/fetch").catch(() => 0)</script></body></html>""",
        encoding="utf-8",
    )
    job = PdfJob(
        GOOD,
        "外部请求测试",
        page.relative_to(tmp_path / "edition").as_posix(),
        f"reports/huaxin/2026/{GOOD}/{GOOD}.pdf",
    )
    result = render_edition_pdfs(tmp_path / "edition", [job], tmp_path / "cache")
    assert (result.rendered, result.issues) == (1, [])
    assert hits == []
    assert "外部请求测试" in PdfReader(page.parent / f"{GOOD}.pdf").pages[0].extract_text()


@pytest.fixture(scope="module")
def english_edition(tmp_path_factory: pytest.TempPathFactory, registry: Registry) -> Path:
    base = tmp_path_factory.mktemp("pdf-en")
    return build_fixture_edition(base, [(demo_report(GOOD), False)], registry, language="en")


def test_english_portal_numbers_pages_in_english(
    english_edition: Path, registry: Registry, tmp_path: Path
) -> None:
    job = job_for_report(demo_report(GOOD), registry)
    result = render_edition_pdfs(english_edition, [job], tmp_path / "cache", language="en")
    assert (result.rendered, result.issues) == (1, [])
    pages = PdfReader(english_edition / job.target).pages
    for index, page in enumerate(pages, start=1):
        assert f"Page {index} of {len(pages)}" in page.extract_text()
    last = pages[-1].extract_text()
    assert "— End of report —" in last
    assert "Approved by" in pages[0].extract_text()


def test_print_blocks_are_hidden_on_screen(english_edition: Path) -> None:
    page_file = english_edition / f"reports/huaxin/2026/{GOOD}/index.html"
    executable = find_chromium()
    assert executable, "chromium is required for this test"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=LAUNCH_ARGS)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        assert page.locator(".reportal-title").is_visible()
        assert not page.locator(".reportal-print-cover").is_visible()
        assert not page.locator(".reportal-print-end").is_visible()
        page.emulate_media(media="print")
        assert page.locator(".reportal-print-cover").is_visible()
        browser.close()
